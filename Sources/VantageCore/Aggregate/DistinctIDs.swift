/// Distinct-value ids of one column of an event log, in the log's sorted order (-1 = null),
/// in raw storage so the scan's inner loop touches no reference counts.
///
/// Why `@unchecked Sendable`: the storage is written only in `init` and read-only after.
final class DistinctIDs: @unchecked Sendable {
    let ids: UnsafeMutablePointer<Int32>
    let n: Int
    let count: Int

    init(ids: [Int32], count: Int) {
        n = ids.count
        self.count = count
        self.ids = .allocate(capacity: max(1, n))
        self.ids.initialize(from: ids, count: n)
    }

    deinit { ids.deallocate() }
}
