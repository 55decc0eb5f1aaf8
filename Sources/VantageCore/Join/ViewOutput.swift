import Foundation

/// One view's output columns at one level, plus what the freshness profile needs.
public struct ViewOutput: Sendable {
    public let view: ViewSpec
    public let level: FreshnessLevel
    public let columns: [FeatureColumn]
    /// Per spine row, the time of the value used: `τ` of the picked row of a lookup
    /// (`Int64.min` when none), the as-of time `a` of a window aggregate.
    public let usedTau: [Int64]
    /// Coverage: spine rows with a picked row (lookups), non-empty (row, window) cells
    /// (aggregates), out of `totalCells`.
    public let coveredCells: Int
    public let totalCells: Int
    /// Lookups: pre-formatted CSV fragments of the view's rows and the row picked per
    /// spine row, for the writer's fast path.
    let fragments: TextColumn?
    let picked: [Int32]?

    /// `<view>__age_s`: `t - τ` of the value used, in seconds (null where none).
    public func ageColumn(times: [Int64]) -> FeatureColumn {
        var out = [Double](repeating: .nan, count: times.count)
        for r in 0..<times.count where usedTau[r] != .min { out[r] = Double(times[r] &- usedTau[r]) / 1e6 }
        return .reals(out)
    }
}
