import CPrefetch
import Dispatch

/// Row indices grouped by key id with a stable counting sort: group `k` is
/// `order[starts[k]..<starts[k+1]]`, rows in source order. Rows with key -1 are left out.
///
/// - Complexity: O(n + keys).
struct Grouping: Sendable {
    var order: [Int32]
    let starts: [Int]

    init(keys: [Int32], keyCount: Int) {
        // Hot loops over every row on unsafe buffers (bounds checked in debug builds only):
        // every key is below `keyCount` and counts stay below the row count, so neither the
        // indices nor the wrapping sums can go out of range.
        var counts = [Int](repeating: 0, count: keyCount + 1)
        counts.withUnsafeMutableBufferPointer { c in
            keys.withUnsafeBufferPointer { ks in
                for k in ks where k >= 0 { c[Int(k) &+ 1] &+= 1 }
            }
            for i in 0..<keyCount { c[i &+ 1] &+= c[i] }
        }
        starts = counts
        var fill = counts
        var order = [Int32](repeating: 0, count: counts[keyCount])
        order.withUnsafeMutableBufferPointer { o in
            fill.withUnsafeMutableBufferPointer { f in
                keys.withUnsafeBufferPointer { ks in
                    let d = CellSources.prefetchDistance
                    for r in 0..<ks.count where ks[r] >= 0 {
                        // A hint for the slot a row `d` on will fill (see CellSources).
                        if r &+ d < ks.count, ks[r &+ d] >= 0 { vantage_prefetch_write(o.baseAddress! + f[Int(ks[r &+ d])]) }
                        let k = Int(ks[r])
                        o[f[k]] = Int32(r)
                        f[k] &+= 1
                    }
                }
            }
        }
        self.order = order
    }

    var groupCount: Int { starts.count - 1 }

    /// Sorts each group by `time[row]`, stably (equal times keep source order).
    /// Groups that are already sorted, the usual case for append-only logs, cost one pass.
    /// Groups are split over the cores; each range of groups owns its own part of `order`.
    mutating func sortGroups(by time: [Int64]) {
        let starts = self.starts
        let ranges = (starts.last ?? 0) >= Gather.parallelThreshold ? partitions(ProcessInfoCores.count) : [0..<groupCount]
        order.withUnsafeMutableBufferPointer { o in
            time.withUnsafeBufferPointer { t in
                let shared = SortTarget(order: o, time: t)
                DispatchQueue.concurrentPerform(iterations: ranges.count) { p in
                    for g in ranges[p] { Self.sortGroup(shared.order, starts[g]..<starts[g + 1], by: shared.time) }
                }
            }
        }
    }

    private static func sortGroup(_ o: UnsafeMutableBufferPointer<Int32>, _ range: Range<Int>, by t: UnsafeBufferPointer<Int64>) {
        let s = range.lowerBound, e = range.upperBound
        if e - s < 2 { return }
        var sorted = true
        let d = CellSources.prefetchDistance
        for i in (s + 1)..<e {
            if i &+ d < e { vantage_prefetch(t.baseAddress! + Int(o[i &+ d])) }
            if t[Int(o[i - 1])] > t[Int(o[i])] {
                sorted = false
                break
            }
        }
        if sorted { return }
        // Stable: ties broken by row index, which is source order.
        var slice = UnsafeMutableBufferPointer(rebasing: o[s..<e])
        slice.sort { a, b in
            let ta = t[Int(a)], tb = t[Int(b)]
            return ta < tb || (ta == tb && a < b)
        }
    }

    /// Sorts each group by time as `sortGroups(by:)` does, given the times already
    /// gathered into group order (`times[k]` is the time of row `order[k]`), and keeps them
    /// in step. The check that a group is sorted, the usual case, then reads memory in
    /// order instead of at random rows; a group out of order is sorted by (time, row),
    /// which is the stable order since a group's rows start ascending.
    mutating func sortGroups(gathered times: inout [Int64]) {
        precondition(times.count == order.count)
        let starts = self.starts
        let ranges = order.count >= Gather.parallelThreshold ? partitions(ProcessInfoCores.count) : [0..<groupCount]
        order.withUnsafeMutableBufferPointer { o in
            times.withUnsafeMutableBufferPointer { t in
                let shared = GatheredTarget(order: o, times: t)
                DispatchQueue.concurrentPerform(iterations: ranges.count) { p in
                    for g in ranges[p] { Self.sortGathered(shared.order, shared.times, starts[g]..<starts[g + 1]) }
                }
            }
        }
    }

    private static func sortGathered(_ o: UnsafeMutableBufferPointer<Int32>, _ t: UnsafeMutableBufferPointer<Int64>, _ range: Range<Int>) {
        let s = range.lowerBound, e = range.upperBound
        if e - s < 2 { return }
        var sorted = true
        for i in (s + 1)..<e where t[i - 1] > t[i] {
            sorted = false
            break
        }
        if sorted { return }
        var pairs = range.map { (time: t[$0], row: o[$0]) }
        pairs.sort { $0.time < $1.time || ($0.time == $1.time && $0.row < $1.row) }
        for (k, p) in pairs.enumerated() {
            t[s + k] = p.time
            o[s + k] = p.row
        }
    }

    /// Why `@unchecked Sendable`: each job rewrites only the positions of its own groups in
    /// both buffers, which no other job touches, and the caller waits for all of them.
    private struct GatheredTarget: @unchecked Sendable {
        let order: UnsafeMutableBufferPointer<Int32>
        let times: UnsafeMutableBufferPointer<Int64>
    }

    /// Why `@unchecked Sendable`: `time` is only read; each job sorts the `order` positions of
    /// its own groups, which no other job touches, and the caller waits for all of them.
    private struct SortTarget: @unchecked Sendable {
        let order: UnsafeMutableBufferPointer<Int32>
        let time: UnsafeBufferPointer<Int64>
    }

    /// Splits the groups into `parts` contiguous ranges of about equal row counts, for
    /// running the merge on all cores.
    func partitions(_ parts: Int) -> [Range<Int>] {
        let total = starts.last ?? 0
        var out = [Range<Int>]()
        var g = 0
        for p in 1...max(1, parts) {
            let target = total * p / max(1, parts)
            var e = g
            while e < groupCount && starts[e] < target { e += 1 }
            if p == parts { e = groupCount }
            out.append(g..<e)
            g = e
        }
        return out
    }
}
