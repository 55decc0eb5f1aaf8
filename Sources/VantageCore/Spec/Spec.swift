/// The job a user describes in `spec.yaml` (version 1): the spine, the feature views and
/// the freshness levels to weigh. Decoded by `SpecDecoder`; paths are resolved against
/// the spec file's folder.
public struct Spec: Sendable {
    public static let supportedVersion = 1

    public var version: Int
    /// The spec's own text, recorded in manifests so a run can be reproduced.
    public var text: String
    /// Where the spec file was (for relative paths and messages).
    public var path: String
    public var spine: SpineSpec
    public var views: [ViewSpec]
    public var freshness: FreshnessSpec
    /// What a better model is worth, for the backtest's money figures (optional).
    public var value: ValueSpec?

    /// The views that a sweep or `--freshness` varies: `freshness.views`, default all.
    public var candidateViews: [String] { freshness.views ?? views.map(\.name) }
}

/// Where a table comes from: a CSV file, a Parquet file or folder (read only by the
/// Spark engine), or an SQLite table or query.
public enum SourceLocation: Sendable, Equatable {
    case csv(path: String)
    case parquet(path: String)
    case sqliteTable(database: String, table: String)
    case sqliteQuery(database: String, query: String)

    /// A short name for messages and manifests.
    public var displayName: String {
        switch self {
        case let .csv(path), let .parquet(path): return path
        case let .sqliteTable(db, table): return "\(db)#\(table)"
        case let .sqliteQuery(db, _): return "\(db)#query"
        }
    }
}

public struct SpineSpec: Sendable {
    public var source: SourceLocation
    public var keys: [String]
    public var time: String
    public var timeFormat: TimeFormat
    public var label: String?
}

public struct ViewSpec: Sendable {
    public enum Kind: String, Sendable { case lookup, aggregate }

    public var name: String
    public var kind: Kind
    public var source: SourceLocation
    /// The view's own key columns.
    public var keys: [String]
    /// The spine columns they match, by position (default: the same names).
    public var spineKeys: [String]
    public var time: String
    public var timeFormat: TimeFormat
    public var created: String?
    public var features: [String]
    public var ttl: Duration?
    public var delay: Duration
    /// The view's own freshness when it is not being varied (default realtime).
    public var freshness: FreshnessLevel
    public var aggregations: [AggregationSpec]

    /// Output column names, in declaration order (docs/semantics.md, "Output columns").
    public var outputColumns: [String] {
        switch kind {
        case .lookup:
            return features.map { "\(name)__\($0)" }
        case .aggregate:
            return aggregations.flatMap { agg in agg.windows.map { agg.outputName(view: name, window: $0) } }
        }
    }
}

public enum AggregateFunction: String, Sendable, CaseIterable {
    case count, sum, mean, min, max, stddev
    case countDistinct = "count_distinct"
    case last
    case timeSinceLast = "time_since_last"

    /// `count` and `time_since_last` take no column.
    public var takesColumn: Bool { self != .count && self != .timeSinceLast }
    /// Functions that need the column as numbers.
    public var isNumeric: Bool { [.sum, .mean, .min, .max, .stddev].contains(self) }
}

/// A window: a positive duration, or every event before the as-of time.
public enum Window: Sendable, Hashable {
    case duration(Duration)
    case lifetime

    public var text: String {
        switch self {
        case let .duration(d): return d.text
        case .lifetime: return "lifetime"
        }
    }
}

public struct AggregationSpec: Sendable {
    public var function: AggregateFunction
    public var column: String?
    public var windows: [Window]

    public func outputName(view: String, window: Window) -> String {
        if let column { return "\(view)__\(function.rawValue)_\(column)_\(window.text)" }
        return "\(view)__\(function.rawValue)_\(window.text)"
    }
}

public struct FreshnessSpec: Sendable {
    public var levels: [FreshnessLevel]
    public var views: [String]?
    /// `freshness.baseline`: the freshness the candidate views have in production today,
    /// which every level is compared with (default: the stalest level swept).
    public var baseline: FreshnessLevel? = nil

    /// The levels a sweep runs when neither `--levels` nor the spec names any.
    public static let defaultLevelNames = ["realtime", "cadence-1m", "cadence-1h", "cadence-12h", "cadence-1mo"]

    /// The levels to sweep: `requested` (`--levels`) when given, else the spec's
    /// `freshness.levels`, else `defaultLevelNames`; plus `baseline` when not among
    /// them. The one place that rule lives.
    public func sweepLevels(requested: [String]? = nil) throws(VantageError) -> [FreshnessLevel] {
        var names = requested ?? (levels.isEmpty ? Self.defaultLevelNames : levels.map(\.name))
        // The baseline is always swept: every other level is compared with it.
        if let baseline, !names.contains(where: { (try? FreshnessLevel(parsing: $0))?.isSameSchedule(as: baseline) == true }) {
            names.append(baseline.name)
        }
        return try SweepRun.levels(names)
    }
}

/// The value model: what a caught positive is worth, what a false alarm costs, how many
/// events are acted on, and what each freshness level costs to run per month.
public struct ValueSpec: Sendable, Equatable {
    public enum Amount: Sendable, Equatable {
        case column(String)
        case constant(Double)
    }

    /// Value of a caught positive (binary task): a spine column (e.g. the amount) or a number.
    public var positiveValue: Amount?
    /// Cost of acting on a negative (a false alarm).
    public var falseAlarmCost: Double
    /// Share of events acted on: the top-scored fraction (0.01 = top 1 %).
    public var operatingPoint: Double
    /// Regression: cost per unit of absolute error.
    public var errorCost: Double?
    /// Infrastructure cost per month, by level name (`realtime: 20000`).
    public var monthlyCost: [String: Double]
    public var currency: String
}
