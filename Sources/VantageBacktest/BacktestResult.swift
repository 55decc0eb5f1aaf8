import VantageCore

/// Everything a backtest found, as written to `backtest.json` and read by the report.
/// Field names are an interface (issue 6): `label`, `time`, `task`, `model`, `split`,
/// `features`, `levels[].level`, `levels[].training_set`, `levels[].metrics.<name>.value`
/// and `.ci`, `uplift[]` with `level`, `baseline`, `metric`, `delta`, `ci`, `significant`.
public struct BacktestResult: Codable, Sendable, Equatable {
    public var tool = "vantage"
    public var version = VantageVersion.current
    /// Identifier of the run in the store, when recorded there.
    public var runID: Int?
    /// The spine's label column and time column.
    public var label: String
    public var time: String
    /// `binary` or `regression`.
    public var task: String
    public var model: ModelRecord
    public var split: SplitRecord
    /// The columns the model saw, in order.
    public var features: [String]
    /// The metric used for uplift and verdicts (`--metric`).
    public var headlineMetric: String
    /// The level every other level is compared with (default: the stalest).
    public var baseline: String
    public var levels: [LevelResult]
    public var uplift: [Uplift]
    /// Uplift of making one candidate view fresh alone (`--each-view`).
    public var attribution: [Uplift]?
    /// Money, when the spec has a value model.
    public var value: ValueResult?
    public var data: DataSummary
    /// The freshness profile of the sweep behind the training sets.
    public var profile: [FreshnessProfile]
    public var provenance: Provenance
    /// One line per comparison, in words ("realtime vs cadence-1d: ROC-AUC +0.071 [...]; significant").
    public var verdicts: [String]
    /// Why the baseline is the baseline (`--baseline`, the spec, or the stalest level).
    public var baselineReason: String?
    /// How many comparisons the Holm adjustment covered (uplift and attribution).
    public var comparisons: Int?
    public var recommendation: Recommendation?
    public var segments: [Segment]?
    /// How many spine rows were used and why (`--sample`, the memory budget); nil in a
    /// `backtest.json` written before sampling existed.
    public var sample: SampleRecord?

    enum CodingKeys: String, CodingKey {
        case tool, version, label, time, task, model, split, features, baseline, levels, uplift, attribution,
             value, data, profile, provenance, verdicts, comparisons, recommendation, segments, sample
        case baselineReason = "baseline_reason"
        case runID = "run_id"
        case headlineMetric = "headline_metric"
    }

    public init(label: String, time: String, task: String, model: ModelRecord, split: SplitRecord, features: [String],
                headlineMetric: String, baseline: String, levels: [LevelResult], uplift: [Uplift],
                attribution: [Uplift]?, value: ValueResult?, data: DataSummary, profile: [FreshnessProfile],
                provenance: Provenance, verdicts: [String]) {
        self.label = label
        self.time = time
        self.task = task
        self.model = model
        self.split = split
        self.features = features
        self.headlineMetric = headlineMetric
        self.baseline = baseline
        self.levels = levels
        self.uplift = uplift
        self.attribution = attribution
        self.value = value
        self.data = data
        self.profile = profile
        self.provenance = provenance
        self.verdicts = verdicts
    }
}

/// The model's name and every parameter it was trained with.
public struct ModelRecord: Codable, Sendable, Equatable {
    public var name: String
    /// Parameters as JSON text values (numbers, strings, booleans), by name.
    public var parameters: [String: JSONValue]

    public init(name: String, parameters: [String: JSONValue]) {
        self.name = name
        self.parameters = parameters
    }
}

/// The out-of-time split: train on `t < train_end`, test on `t ≥ test_start`
/// (`test_start = train_end + gap`).
public struct SplitRecord: Codable, Sendable, Equatable {
    public var trainEnd: String
    public var testStart: String
    public var gap: String
    public var folds: Int
    public var trainRows: Int
    public var testRows: Int
    /// Walk-forward folds (expanding window), when more than one.
    public var foldRanges: [FoldRange]?

    enum CodingKeys: String, CodingKey {
        case gap, folds
        case trainEnd = "train_end"
        case testStart = "test_start"
        case trainRows = "train_rows"
        case testRows = "test_rows"
        case foldRanges = "fold_ranges"
    }

    public init(trainEnd: String, testStart: String, gap: String, folds: Int, trainRows: Int, testRows: Int, foldRanges: [FoldRange]?) {
        self.trainEnd = trainEnd
        self.testStart = testStart
        self.gap = gap
        self.folds = folds
        self.trainRows = trainRows
        self.testRows = testRows
        self.foldRanges = foldRanges
    }
}

public struct FoldRange: Codable, Sendable, Equatable {
    public var trainEnd: String
    public var testStart: String
    public var testEnd: String
    public var trainRows: Int
    public var testRows: Int

    enum CodingKeys: String, CodingKey {
        case trainEnd = "train_end"
        case testStart = "test_start"
        case testEnd = "test_end"
        case trainRows = "train_rows"
        case testRows = "test_rows"
    }

    public init(trainEnd: String, testStart: String, testEnd: String, trainRows: Int, testRows: Int) {
        self.trainEnd = trainEnd
        self.testStart = testStart
        self.testEnd = testEnd
        self.trainRows = trainRows
        self.testRows = testRows
    }
}

/// A metric's value with its 95% bootstrap interval `[lower, upper]`.
public struct MetricValue: Codable, Sendable, Equatable {
    public var value: Double
    public var ci: [Double]

    public init(value: Double, ci: [Double]) {
        self.value = value
        self.ci = ci
    }
}

public struct LevelResult: Codable, Sendable, Equatable {
    public var level: String
    /// Path of the training-set CSV used, relative to the backtest folder when inside it;
    /// nil when the training sets were computed in memory only (`--no-training-sets`).
    public var trainingSet: String?
    /// Pooled over folds, by metric name.
    public var metrics: [String: MetricValue]
    /// Per fold, by metric name (only with more than one fold).
    public var foldMetrics: [[String: Double]]?
    /// Gain (trees) or standardised coefficient (linear), largest first.
    public var importance: [FeatureImportance]
    /// Money at this level, when the spec has a value model.
    public var value: LevelValue?
    /// Wall time of model training summed over folds (left out of exported notebooks).
    public var fitSeconds: Double?

    enum CodingKeys: String, CodingKey {
        case level, metrics, importance, value
        case trainingSet = "training_set"
        case foldMetrics = "fold_metrics"
        case fitSeconds = "fit_seconds"
    }

    public init(level: String, trainingSet: String?, metrics: [String: MetricValue], foldMetrics: [[String: Double]]?,
                importance: [FeatureImportance], value: LevelValue?) {
        self.level = level
        self.trainingSet = trainingSet
        self.metrics = metrics
        self.foldMetrics = foldMetrics
        self.importance = importance
        self.value = value
    }
}

public struct FeatureImportance: Codable, Sendable, Equatable {
    public var feature: String
    public var importance: Double

    public init(feature: String, importance: Double) {
        self.feature = feature
        self.importance = importance
    }
}

/// A paired comparison: `delta` is oriented so positive = better.
///
/// For `uplift[]`: `level` against `baseline`. For `attribution[]`, by `mode`:
/// - `alone`: the view at `level`, every other candidate at `baseline` (non-candidates at
///   their production freshness), against everything at `baseline`;
/// - `all_but`: every candidate at `level`, against the same with this view held at
///   `baseline`, i.e. what is lost by not making the view fresh.
public struct Uplift: Codable, Sendable, Equatable {
    public var level: String
    public var baseline: String
    public var metric: String
    public var delta: Double
    /// The raw (per-comparison) 95% bootstrap interval.
    public var ci: [Double]
    /// Whether the comparison is significant after the Holm adjustment over every
    /// comparison of the run (`p_adjusted < 0.05`).
    public var significant: Bool
    /// For attribution: the view it is about, and how (`alone` or `all_but`).
    public var view: String?
    public var mode: String?
    /// The raw two-sided p-value, and the Holm-adjusted one `significant` is decided on.
    public var pValue: Double?
    public var pAdjusted: Double?
    /// Whether the raw interval excludes 0 (before adjusting for multiple comparisons).
    public var significantRaw: Bool?
    /// Standard deviation of `delta` over models trained with different seeds (gbdt):
    /// how much of the uplift the training noise alone could move.
    public var seedSD: Double?

    enum CodingKeys: String, CodingKey {
        case level, baseline, metric, delta, ci, significant, view, mode
        case pValue = "p_value"
        case pAdjusted = "p_adjusted"
        case significantRaw = "significant_raw"
        case seedSD = "seed_sd"
    }

    public init(level: String, baseline: String, metric: String, delta: Double, ci: [Double], significant: Bool, view: String? = nil,
                mode: String? = nil, pValue: Double? = nil) {
        self.level = level
        self.baseline = baseline
        self.metric = metric
        self.delta = delta
        self.ci = ci
        self.significant = significant
        self.view = view
        self.mode = mode
        self.pValue = pValue
    }
}

/// What to do, from the adjusted comparisons: which candidate views to make fresh and
/// how fresh, or why not.
public struct Recommendation: Codable, Sendable, Equatable {
    /// The candidate views worth making fresh (possibly empty).
    public var views: [String]
    /// The stalest level that keeps the gain, or nil.
    public var level: String?
    /// `clear`, `mixed` or `none`.
    public var evidence: String
    /// One sentence.
    public var reason: String

    public init(views: [String], level: String?, evidence: String, reason: String) {
        self.views = views
        self.level = level
        self.evidence = evidence
        self.reason = reason
    }
}

/// The headline uplift on a subset of the test rows: where the gain comes from.
public struct Segment: Codable, Sendable, Equatable {
    /// What splits the rows: `changed` (candidate features differ from the baseline
    /// level), `history` (entity history at the baseline level) or `column:<name>`.
    public var by: String
    /// The subset: `changed`/`unchanged`; `none`/`short`/`long`; a column value.
    public var value: String
    public var rows: Int
    public var positives: Int?
    /// The level compared with the baseline, and the metric.
    public var level: String
    public var metric: String
    /// Nil where the metric is undefined on the subset (too few rows, one class).
    public var delta: Double?
    public var ci: [Double]?

    public init(by: String, value: String, rows: Int, positives: Int?, level: String, metric: String, delta: Double?, ci: [Double]?) {
        self.by = by
        self.value = value
        self.rows = rows
        self.positives = positives
        self.level = level
        self.metric = metric
        self.delta = delta
        self.ci = ci
    }
}

/// Money at one level: what the model catches, per 1,000 events and per month at the
/// spine's rate, and the same net of the level's infrastructure cost.
public struct LevelValue: Codable, Sendable, Equatable {
    public var per1000Events: Double
    public var perMonth: Double
    public var infrastructurePerMonth: Double
    public var netPerMonth: Double
    /// Uplift against the baseline level, net of the difference in infrastructure cost,
    /// with its paired-bootstrap interval.
    public var netUpliftPerMonth: Double?
    public var netUpliftCI: [Double]?

    enum CodingKeys: String, CodingKey {
        case per1000Events = "per_1000_events"
        case perMonth = "per_month"
        case infrastructurePerMonth = "infrastructure_per_month"
        case netPerMonth = "net_per_month"
        case netUpliftPerMonth = "net_uplift_per_month"
        case netUpliftCI = "net_uplift_ci"
    }

    public init(per1000Events: Double, perMonth: Double, infrastructurePerMonth: Double, netPerMonth: Double,
                netUpliftPerMonth: Double?, netUpliftCI: [Double]?) {
        self.per1000Events = per1000Events
        self.perMonth = perMonth
        self.infrastructurePerMonth = infrastructurePerMonth
        self.netPerMonth = netPerMonth
        self.netUpliftPerMonth = netUpliftPerMonth
        self.netUpliftCI = netUpliftCI
    }
}

public struct ValueResult: Codable, Sendable, Equatable {
    /// How value is counted, in words (for the report).
    public var description: String
    public var eventsPerMonth: Double
    /// The level with the greatest net value per month.
    public var bestLevel: String

    enum CodingKeys: String, CodingKey {
        case description
        case eventsPerMonth = "events_per_month"
        case bestLevel = "best_level"
    }

    public init(description: String, eventsPerMonth: Double, bestLevel: String) {
        self.description = description
        self.eventsPerMonth = eventsPerMonth
        self.bestLevel = bestLevel
    }
}

public struct DataSummary: Codable, Sendable, Equatable {
    public var rows: Int
    public var timeMin: String
    public var timeMax: String
    /// Binary: share of positive labels; regression: mean label.
    public var labelRate: Double
    public var testLabelRate: Double

    enum CodingKeys: String, CodingKey {
        case rows
        case timeMin = "time_min"
        case timeMax = "time_max"
        case labelRate = "label_rate"
        case testLabelRate = "test_label_rate"
    }

    public init(rows: Int, timeMin: String, timeMax: String, labelRate: Double, testLabelRate: Double) {
        self.rows = rows
        self.timeMin = timeMin
        self.timeMax = timeMax
        self.labelRate = labelRate
        self.testLabelRate = testLabelRate
    }
}

public struct Provenance: Codable, Sendable, Equatable {
    public var spec: Manifest.SpecRecord
    public var inputs: [InputRecord]
    public var sweep: String
    public var seed: UInt64

    public init(spec: Manifest.SpecRecord, inputs: [InputRecord], sweep: String, seed: UInt64) {
        self.spec = spec
        self.inputs = inputs
        self.sweep = sweep
        self.seed = seed
    }
}

/// A JSON scalar, for model parameters of any type.
public enum JSONValue: Codable, Sendable, Equatable, CustomStringConvertible {
    case number(Double)
    case string(String)
    case bool(Bool)
    case null

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else { self = .string(try c.decode(String.self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case let .number(d): try c.encode(d)
        case let .string(s): try c.encode(s)
        case let .bool(b): try c.encode(b)
        case .null: try c.encodeNil()
        }
    }

    public var description: String {
        switch self {
        case let .number(d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case let .string(s): return s
        case let .bool(b): return String(b)
        case .null: return "null"
        }
    }
}
