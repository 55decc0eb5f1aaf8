/// Row indices grouped by key id with a stable counting sort: group `k` is
/// `order[starts[k]..<starts[k+1]]`, rows in source order. Rows with key -1 are left out.
///
/// - Complexity: O(n + keys).
public struct Grouping: Sendable {
    public var order: [Int32]
    public let starts: [Int]

    public init(keys: [Int32], keyCount: Int) {
        var counts = [Int](repeating: 0, count: keyCount + 1)
        for k in keys where k >= 0 { counts[Int(k) + 1] += 1 }
        for i in 0..<keyCount { counts[i + 1] += counts[i] }
        starts = counts
        var fill = counts
        var order = [Int32](repeating: 0, count: counts[keyCount])
        for (r, k) in keys.enumerated() where k >= 0 {
            order[fill[Int(k)]] = Int32(r)
            fill[Int(k)] += 1
        }
        self.order = order
    }

    public var groupCount: Int { starts.count - 1 }

    /// Sorts each group by `time[row]`, stably (equal times keep source order).
    /// Groups that are already sorted, the usual case for append-only logs, cost one pass.
    public mutating func sortGroups(by time: [Int64]) {
        let starts = self.starts
        order.withUnsafeMutableBufferPointer { o in
            time.withUnsafeBufferPointer { t in
                for g in 0..<(starts.count - 1) {
                    let s = starts[g], e = starts[g + 1]
                    if e - s < 2 { continue }
                    var sorted = true
                    for i in (s + 1)..<e where t[Int(o[i - 1])] > t[Int(o[i])] {
                        sorted = false
                        break
                    }
                    if sorted { continue }
                    // Stable: ties broken by row index, which is source order.
                    var slice = UnsafeMutableBufferPointer(rebasing: o[s..<e])
                    slice.sort { a, b in
                        let ta = t[Int(a)], tb = t[Int(b)]
                        return ta < tb || (ta == tb && a < b)
                    }
                }
            }
        }
    }

    /// Splits the groups into `parts` contiguous ranges of about equal row counts, for
    /// running the merge on all cores.
    public func partitions(_ parts: Int) -> [Range<Int>] {
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
