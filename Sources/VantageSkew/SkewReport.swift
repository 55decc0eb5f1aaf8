import VantageCore

/// What `vantage skew` found, as written to `skew.json`: per view the declared and the
/// effective freshness with their agreement with what production served, and per
/// served feature column how the served cells differ from the point-in-time replay at
/// the declared level.
public struct SkewReport: Codable, Sendable {
    public var manifest: Manifest
    /// The served log, as given.
    public var served: String
    /// Served rows compared.
    public var rows: Int
    /// Relative tolerance under which two numbers are equal.
    public var tolerance: Double
    public var views: [ViewSkew]

    /// One line for run lists: the views not served as declared, or that all are.
    public var headline: String {
        let off = views.filter { $0.flag != .ok }
        if off.isEmpty { return "all \(views.count) views served as declared" }
        return off.map { "\($0.view) \($0.flag.rawValue) (\($0.effective))" }.joined(separator: ", ")
    }

    /// Feature columns whose match rate at the declared level is below `rate` (the
    /// `--min-match` gate).
    public func features(below rate: Double) -> [FeatureSkew] {
        views.flatMap(\.features).filter { $0.matchRate < rate }
    }
}

/// `ok`: production serves the declared freshness (within the grid's resolution);
/// `staler` or `fresher`: the schedule that agrees best serves older or newer values.
public enum SkewFlag: String, Codable, Sendable {
    case ok, staler, fresher
}

/// One view's declared and effective freshness.
public struct ViewSkew: Codable, Sendable {
    public var view: String
    /// The view's `freshness:` in the spec (realtime when none).
    public var declared: String
    /// Share of the view's served cells equal to the replay at the declared level.
    public var matchRateDeclared: Double
    /// The level string (as `vantage join --freshness` accepts) whose replay agrees best.
    public var effective: String
    public var matchRateEffective: Double
    public var flag: SkewFlag
    /// The best schedule of the whole grid, which may be a batch loaded late (not a level
    /// string); equal to `effective` otherwise.
    public var bestSchedule: String
    public var matchRateBest: Double
    /// Mean age (`t − τ` of the value used) at the declared level and under the best
    /// schedule, and how much older the served values are (negative: fresher).
    public var declaredAgeSeconds: Double?
    public var bestAgeSeconds: Double?
    public var extraAgeSeconds: Double?
    /// Why `effective` differs from `best_schedule`, when it does.
    public var note: String?
    /// Every schedule tried, best first.
    public var candidates: [CandidateScore]
    public var features: [FeatureSkew]

    enum CodingKeys: String, CodingKey {
        case view, declared, effective, flag, note, candidates, features
        case matchRateDeclared = "match_rate_declared"
        case matchRateEffective = "match_rate_effective"
        case bestSchedule = "best_schedule"
        case matchRateBest = "match_rate_best"
        case declaredAgeSeconds = "declared_age_s"
        case bestAgeSeconds = "best_age_s"
        case extraAgeSeconds = "extra_age_s"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(view, forKey: .view)
        try c.encode(declared, forKey: .declared)
        try c.encode(matchRateDeclared, forKey: .matchRateDeclared)
        try c.encode(effective, forKey: .effective)
        try c.encode(matchRateEffective, forKey: .matchRateEffective)
        try c.encode(flag, forKey: .flag)
        try c.encode(bestSchedule, forKey: .bestSchedule)
        try c.encode(matchRateBest, forKey: .matchRateBest)
        try c.encode(declaredAgeSeconds, forKey: .declaredAgeSeconds)
        try c.encode(bestAgeSeconds, forKey: .bestAgeSeconds)
        try c.encode(extraAgeSeconds, forKey: .extraAgeSeconds)
        try c.encode(note, forKey: .note)
        try c.encode(candidates, forKey: .candidates)
        try c.encode(features, forKey: .features)
    }
}

/// One schedule's agreement with what was served.
public struct CandidateScore: Codable, Sendable {
    public var schedule: String
    /// Whether `schedule` is a level string (a late batch is not).
    public var expressible: Bool
    public var matchRate: Double
    public var meanAgeSeconds: Double?

    enum CodingKeys: String, CodingKey {
        case schedule, expressible
        case matchRate = "match_rate"
        case meanAgeSeconds = "mean_age_s"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schedule, forKey: .schedule)
        try c.encode(expressible, forKey: .expressible)
        try c.encode(matchRate, forKey: .matchRate)
        try c.encode(meanAgeSeconds, forKey: .meanAgeSeconds)
    }
}

/// One served feature column against the replay at its view's declared level.
public struct FeatureSkew: Codable, Sendable {
    public var column: String
    public var view: String
    /// Share of rows equal (both null counts as equal).
    public var matchRate: Double
    /// At the view's effective level.
    public var matchRateEffective: Double
    /// Rows served null where the replay has a value.
    public var servedNull: Int
    /// Rows with a served value where the replay has none.
    public var offlineNull: Int
    /// Rows where both have a value and they differ.
    public var differ: Int
    /// Mean and 99th percentile (nearest rank) of `|served − offline|` over the differing
    /// numeric cells; null when there are none.
    public var meanAbsDiff: Double?
    public var p99AbsDiff: Double?
    /// Up to five rows that do not match, in log order.
    public var examples: [SkewExample]

    enum CodingKeys: String, CodingKey {
        case column, view, differ, examples
        case matchRate = "match_rate"
        case matchRateEffective = "match_rate_effective"
        case servedNull = "served_null"
        case offlineNull = "offline_null"
        case meanAbsDiff = "mean_abs_diff"
        case p99AbsDiff = "p99_abs_diff"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(column, forKey: .column)
        try c.encode(view, forKey: .view)
        try c.encode(matchRate, forKey: .matchRate)
        try c.encode(matchRateEffective, forKey: .matchRateEffective)
        try c.encode(servedNull, forKey: .servedNull)
        try c.encode(offlineNull, forKey: .offlineNull)
        try c.encode(differ, forKey: .differ)
        try c.encode(meanAbsDiff, forKey: .meanAbsDiff)
        try c.encode(p99AbsDiff, forKey: .p99AbsDiff)
        try c.encode(examples, forKey: .examples)
    }
}

/// A served row that does not match the replay.
public struct SkewExample: Codable, Sendable, Equatable {
    /// The spine key columns and their values.
    public var keys: [String: String]
    /// The request time as written in the log.
    public var time: String
    public var served: String?
    public var offline: String?

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(keys, forKey: .keys)
        try c.encode(time, forKey: .time)
        try c.encode(served, forKey: .served)
        try c.encode(offline, forKey: .offline)
    }
}
