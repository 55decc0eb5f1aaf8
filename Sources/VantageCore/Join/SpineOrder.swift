import Foundation

/// Spine rows grouped by a view's key and ordered by as-of time `a` inside each key, as
/// the merge scans need. For the usual levels `a` is monotone in `t`, so one order by `t`
/// per key space serves every level; month lags and month delays re-sort by `a` itself
/// (SEMANTICS.md, notes: `a` is not always monotone in `t`).
final class SpineOrders: @unchecked Sendable {
    private let lock = NSLock()
    private var byTime: [String: Grouping] = [:]
    let times: [Int64]

    init(times: [Int64]) { self.times = times }

    func grouping(space: KeyEncoder.Space, level: FreshnessLevel, delay: Duration, asOf: [Int64]) -> Grouping {
        let name = space.columns.joined(separator: "\u{1}")
        lock.lock()
        var base = byTime[name]
        lock.unlock()
        if base == nil {
            var g = Grouping(keys: space.spineIds, keyCount: space.count)
            g.sortGroups(by: times)
            lock.lock()
            byTime[name] = g
            lock.unlock()
            base = g
        }
        guard var g = base else { return Grouping(keys: [], keyCount: 0) }
        if !level.isMonotone(delay: delay) { g.sortGroups(by: asOf) }
        return g
    }
}

extension FreshnessLevel {
    /// As-of times of every spine row for a view with data delay `delay`.
    func asOfTimes(_ times: [Int64], delay: Duration) -> [Int64] {
        var out = [Int64](repeating: 0, count: times.count)
        out.withUnsafeMutableBufferPointer { o in
            let o = o
            let chunk = 1 << 16
            DispatchQueue.concurrentPerform(iterations: (times.count + chunk - 1) / chunk) { c in
                for i in (c * chunk)..<min(times.count, (c + 1) * chunk) { o[i] = asOf(times[i], delay: delay) }
            }
        }
        return out
    }
}
