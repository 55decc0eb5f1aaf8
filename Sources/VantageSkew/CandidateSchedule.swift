import VantageCore

/// One schedule the estimator replays a view at: a freshness level, possibly loaded one
/// period late. A late batch (`cadence-1d` whose batch lands a day after its boundary)
/// has as-of time `boundary(t − d − F)`: the level with `F` added to the view's data
/// delay. No level string expresses that, so a late candidate is never reported as the
/// effective level itself (see `EffectiveFreshness`).
public struct CandidateSchedule: Sendable, Equatable {
    public let level: FreshnessLevel
    /// Extra data delay: one period for a late batch, zero otherwise.
    public let lateBy: Duration?

    public init(level: FreshnessLevel, lateBy: Duration? = nil) {
        self.level = level
        self.lateBy = lateBy
    }

    /// Whether `vantage join --freshness` accepts it as a level string.
    public var isExpressible: Bool { lateBy == nil }

    /// `cadence-1d` or, for a late batch, `cadence-1d loaded 1d late`.
    public var name: String {
        guard let lateBy else { return level.name }
        return "\(level.name) loaded \(lateBy.text) late"
    }

    /// The data delay to replay with, for a view whose own delay is `delay`; nil when the
    /// two cannot be added (a month on either side).
    func delay(adding delay: Duration) -> Duration? {
        guard let lateBy else { return delay }
        guard case let .micros(a) = delay.length, case let .micros(b) = lateBy.length else { return nil }
        return Duration(length: .micros(a + b), text: delay.isZero ? lateBy.text : "\(delay.text)+\(lateBy.text)")
    }

    public static func == (a: CandidateSchedule, b: CandidateSchedule) -> Bool {
        a.level.isSameSchedule(as: b.level) && a.lateBy?.length == b.lateBy?.length
    }
}
