import VantageCore
import VantageModels

/// How to backtest: the model, the split, the headline metric and the comparison.
public struct BacktestOptions: Sendable {
    public var model: ModelKind = .gbdt
    /// Overrides the spec's `spine.label`.
    public var label: String?
    /// The headline metric (`roc_auc`, `rmse`, …); default by task.
    public var metric: String?
    /// Train on `t < split`; default the 80th percentile of spine time.
    public var split: Int64?
    /// `--split` as typed, when not already parsed: an ISO time, or a time in the spine's
    /// own format (`epoch_s` …), read with the spec's `spine.time_format`.
    public var splitText: String?
    public var gap = Duration(length: .micros(0), text: "0")
    public var folds = 1
    public var resamples = 1000
    public var seed: UInt64 = 0
    /// The level others are compared with; default the spec's `freshness.baseline`, else the stalest.
    public var baseline: String?
    /// Spine columns to use as features too (request-time data such as the amount).
    public var spineFeatures: [String] = []
    /// Attribute uplift to each candidate view (needs a sweep made with `--each-view`).
    public var eachView = false
    /// Models trained per level with different seeds (gbdt) to measure training noise.
    public var seedRuns = 3
    /// A spine column to break the headline uplift down by (`--segment-by`).
    public var segmentBy: String?
    /// `--sample`: the rows to use, chosen by spine-key hash; nil: every row, unless the
    /// training sets would exceed `memoryBudget` (then a sample that fits).
    public var sample: SampleRequest?
    /// The memory budget in bytes (`--memory`) the training sets are sampled to; nil:
    /// no automatic sampling.
    public var memoryBudget: Int?
    public var progress: (@Sendable (String) -> Void)?

    public init() {}
}
