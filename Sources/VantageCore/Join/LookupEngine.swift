import Dispatch

/// The point-in-time lookup: for every spine row, the view row with the greatest `τ`
/// (then `c`, then source order) among the rows visible at `a`, then TTL against `t`.
///
/// Per key, view rows are ordered by visibility `v = max(τ, c)` and spine rows by `a`; one
/// forward scan admits rows with `v ≤ a` (cadence: `v < a`) and keeps the best so far.
/// Sorting by `τ` alone would pick rows not yet visible. Keys are split over all cores.
///
/// - Complexity: O(n + m) per level after the one-time sorts.
enum LookupEngine {
    /// Source row of `view` used by each spine row, or -1 (no visible row, or past TTL).
    static func pick(view: LookupView, times: [Int64], order: SpineOrders.KeyOrder, strict: Bool) -> [Int32] {
        // Key order throughout the scan (see WindowEngine); the picks are scattered back once.
        let spine = order.grouping
        let sortedA = order.asOf
        let picked = SharedBuffer<Int32>(count: spine.order.count, value: -1)
        let parts = spine.partitions(ProcessInfoCores.count)
        // Partition `p` writes only the key-order positions of its own keys.
        DispatchQueue.concurrentPerform(iterations: parts.count) { p in
                let res = picked.pointer
                view.sortedVisible.withUnsafeBufferPointer { vis in
                view.sortedTau.withUnsafeBufferPointer { tau in
                view.sortedCreated.withUnsafeBufferPointer { cre in
                sortedA.withUnsafeBufferPointer { a in
                    for g in parts[p] {
                        var j = view.starts[g]
                        let end = view.starts[g + 1]
                        var best = -1
                        for k in spine.starts[g]..<spine.starts[g + 1] {
                            let at = a[k]
                            while j < end && (strict ? vis[j] < at : vis[j] <= at) {
                                if best < 0 || tau[j] > tau[best] || (tau[j] == tau[best] && (cre[j] > cre[best]
                                    || (cre[j] == cre[best] && view.sortedRow[j] > view.sortedRow[best]))) {
                                    best = j
                                }
                                j += 1
                            }
                            res[k] = best < 0 ? -1 : view.sortedRow[best]
                        }
                    }
                }}}}
        }
        var result = Gather.scatter(picked, to: spine.order, rows: times.count, fill: -1)
        if let ttl = view.spec.ttl, !ttl.isZero {
            for r in 0..<result.count where result[r] >= 0 {
                let t = times[r], tau = view.tau[Int(result[r])]
                switch ttl.length {
                case let .micros(x): if t &- tau > x { result[r] = -1 }
                case .months: if tau < ttl.subtracted(from: t) { result[r] = -1 }
                }
            }
        }
        return result
    }
}
