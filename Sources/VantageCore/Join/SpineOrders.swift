import Dispatch
import Foundation

/// Spine rows grouped by a view's key and ordered by as-of time `a` inside each key, as
/// the merge scans need. For the usual levels `a` is monotone in `t`, so one order by `t`
/// per key space serves every level; month lags and month delays re-sort by `a` itself
/// (docs/semantics.md, "How the engine computes it": `a` is not always monotone in `t`).
final class SpineOrders: Sendable {
    /// Spine rows of one key space in key order, with their event times in that order.
    struct KeyOrder: Sendable {
        let grouping: Grouping
        /// `t` and `a` at key-order position `k` (row `grouping.order[k]`).
        let times: [Int64]
        let asOf: [Int64]
    }

    /// Per key space, the order by `t` and the times in that order, built on first use
    /// (two threads may both build an entry; they build the same).
    private let byTime = Locked([String: (Grouping, [Int64])]())
    let times: [Int64]
    /// The background job of `prepare`, which every level waits for.
    private let preparing = DispatchGroup()

    init(times: [Int64]) { self.times = times }

    /// Builds the orders by `t` of these key spaces on a background job, while the loader
    /// reads and prepares the views (a level needs only its as-of times then). Memory is
    /// the same: the orders are kept for the run either way.
    func prepare(_ spaces: [KeyEncoder.Space]) {
        DispatchQueue.global().async(group: preparing) { [self] in
            for space in spaces { _ = orderByTime(space) }
        }
    }

    private func orderByTime(_ space: KeyEncoder.Space) -> (Grouping, [Int64]) {
        let name = space.columns.joined(separator: "\u{1}")
        if let cached = byTime.withLock({ $0[name] }) { return cached }
        var g = Grouping(keys: space.spineIds, keyCount: space.count)
        var sortedTimes = Gather.values(times, at: g.order)
        g.sortGroups(gathered: &sortedTimes)
        let entry = (g, sortedTimes)
        byTime.withLock { $0[name] = entry }
        return entry
    }

    /// The key order for `level`: for monotone levels the cached order by `t`, with `a`
    /// computed straight from the key-ordered times (no random access per level);
    /// otherwise re-sorted by `a` itself.
    func keyOrder(space: KeyEncoder.Space, level: FreshnessLevel, delay: Duration) -> KeyOrder {
        preparing.wait()
        let (base, sortedTimes) = orderByTime(space)
        if level.isMonotone(delay: delay) {
            return KeyOrder(grouping: base, times: sortedTimes, asOf: level.asOfTimes(sortedTimes, delay: delay))
        }
        let asOf = level.asOfTimes(times, delay: delay)
        var g = base
        g.sortGroups(by: asOf)
        return KeyOrder(grouping: g, times: Gather.values(times, at: g.order), asOf: Gather.values(asOf, at: g.order))
    }
}
