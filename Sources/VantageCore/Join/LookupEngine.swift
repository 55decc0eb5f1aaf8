import Dispatch

/// The point-in-time lookup: for every spine row, the view row with the greatest `τ`
/// (then `c`, then source order) among the rows visible at `a`, then TTL against `t`.
///
/// Per key, view rows are ordered by visibility `v = max(τ, c)` and spine rows by `a`; one
/// forward scan admits rows with `v ≤ a` (cadence: `v < a`) and keeps the best so far;
/// TTL is checked in the same scan, against the row's `t` in key order.
/// Sorting by `τ` alone would pick rows not yet visible. Keys are split over all cores.
///
/// - Complexity: O(n + m) per level after the one-time sorts.
enum LookupEngine {
    /// Source row of `view` used by each spine row, or -1 (no visible row, or past TTL).
    static func pick(view: LookupView, times: [Int64], order: SpineOrders.KeyOrder, strict: Bool) -> [Int32] {
        // Key order throughout the scan (see WindowEngine); the picks are scattered back once.
        let spine = order.grouping
        let sortedA = order.asOf
        let keyTimes = order.times
        let picked = SharedBuffer<Int32>(count: spine.order.count, value: -1)
        let parts = spine.partitions(ProcessInfoCores.count)
        let ttl = view.spec.ttl.flatMap { $0.isZero ? nil : $0 }
        // Partition `p` writes only the key-order positions of its own keys.
        DispatchQueue.concurrentPerform(iterations: parts.count) { p in
                let res = picked.pointer
                view.sortedVisible.withUnsafeBufferPointer { vis in
                view.sortedTau.withUnsafeBufferPointer { tau in
                view.sortedCreated.withUnsafeBufferPointer { cre in
                sortedA.withUnsafeBufferPointer { a in
                keyTimes.withUnsafeBufferPointer { t in
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
                            res[k] = best < 0 || expired(tau: tau[best], at: t[k], ttl: ttl) ? -1 : view.sortedRow[best]
                        }
                    }
                }}}}}
        }
        return Gather.scatter(picked, to: spine.order, rows: times.count, fill: -1)
    }

    /// TTL against the spine row's own time `t`, not `a`: the row is too old when `t - τ`
    /// exceeds the TTL (docs/semantics.md, "TTL").
    @inline(__always)
    static func expired(tau: Int64, at t: Int64, ttl: Duration?) -> Bool {
        guard let ttl else { return false }
        switch ttl.length {
        case let .micros(x): return t &- tau > x
        case .months: return tau < ttl.subtracted(from: t)
        }
    }
}
