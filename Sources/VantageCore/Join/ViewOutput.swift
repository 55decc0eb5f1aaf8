import Foundation

/// One view's output columns at one level, plus what the freshness profile needs.
public struct ViewOutput: Sendable {
    public let view: ViewSpec
    public let level: FreshnessLevel
    public let columns: [FeatureColumn]
    /// Per spine row, the time of the value used: `τ` of the picked row of a lookup
    /// (`Int64.min` when none), the as-of time `a` of a window aggregate. Computed on
    /// each call (only the profile and ages read it): take it once before a loop.
    public var usedTau: [Int64] {
        switch used {
        case let .picked(tau, rows):
            var out = [Int64](repeating: .min, count: rows.count)
            for (r, row) in rows.enumerated() where row >= 0 { out[r] = tau[Int(row)] }
            return out
        case let .asOf(times, level, delay):
            return level.asOfTimes(times, delay: delay)
        }
    }
    /// What `usedTau` is computed from, rather than one more array per spine row per view
    /// held for the run.
    enum UsedTimes: Sendable {
        /// The view's `τ` per source row, and the row picked per spine row.
        case picked(tau: [Int64], rows: [Int32])
        /// The spine's event times, mapped to as-of times at `level`.
        case asOf(times: [Int64], level: FreshnessLevel, delay: Duration)
    }
    let used: UsedTimes
    /// Coverage: spine rows with a picked row (lookups), non-empty (row, window) cells
    /// (aggregates), out of `totalCells`.
    public let coveredCells: Int
    public let totalCells: Int

    /// `<view>__age_s`: `t - τ` of the value used, in seconds (null where none).
    public func ageColumn(times: [Int64]) -> FeatureColumn {
        var out = [Double](repeating: .nan, count: times.count)
        let usedTau = self.usedTau
        for r in 0..<times.count where usedTau[r] != .min { out[r] = Double(times[r] &- usedTau[r]) / 1e6 }
        return .reals(out)
    }
}
