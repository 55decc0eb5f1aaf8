/// The level every other level is compared with, and why it was chosen: `--baseline`
/// when given, else the spec's `freshness.baseline` (the batch the team runs today),
/// else the stalest level swept. The sweep's each-view files and the backtest's
/// comparisons use this one rule, so "the baseline" means the same level everywhere.
public struct BaselineChoice: Sendable, Equatable {
    public let level: String
    /// One clause saying where the choice came from, for the summary.
    public let reason: String

    public init(levels: [String], requested: String?, spec: FreshnessLevel?) throws(VantageError) {
        if let requested {
            guard levels.contains(requested) else {
                throw .usage("--baseline \(requested) is not one of the sweep's levels (\(levels.joined(separator: ", ")))")
            }
            self.init(level: requested, reason: "chosen with --baseline")
            return
        }
        if let spec {
            guard let match = levels.first(where: { (try? FreshnessLevel(parsing: $0))?.isSameSchedule(as: spec) == true }) else {
                throw .usage("the spec's freshness.baseline \(spec.name) is not one of the sweep's levels (\(levels.joined(separator: ", "))); add it to --levels")
            }
            self.init(level: match, reason: "the spec's freshness.baseline (the production freshness today)")
            return
        }
        guard var best = levels.first else { throw .usage("no freshness levels to compare") }
        var bestAge = -1.0
        for l in levels {
            let age = try FreshnessLevel(parsing: l).every.approximateSeconds
            if age >= bestAge { best = l; bestAge = age }
        }
        self.init(level: best, reason: "the stalest level swept (set freshness.baseline in the spec to compare with today's batch)")
    }

    init(level: String, reason: String) {
        self.level = level
        self.reason = reason
    }
}
