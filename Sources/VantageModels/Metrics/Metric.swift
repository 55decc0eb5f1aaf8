/// A scalar score of predictions against labels.
///
/// Binary metrics (`roc_auc`, `pr_auc`, `log_loss`, `brier`, `recall_at_precision`) take
/// labels in {0, 1} and predictions that are scores (ranking metrics) or probabilities
/// (`log_loss`, `brier`). Regression metrics (`rmse`, `mae`, `r2`) take any finite values.
///
/// Every metric accepts non-negative row weights, and integer weights give exactly the
/// value of the sample with each row repeated that many times. That is what makes the
/// bootstrap cheap: a resample is a vector of counts, and the ranking metrics reuse one
/// sort of the predictions for every resample (see `PairedBootstrap`).
///
/// Definitions (matching scikit-learn where it has the metric):
/// - `roc_auc`: area under the ROC curve with tied scores as one threshold, i.e. the
///   trapezoid rule, equal to the Mann–Whitney statistic with ties counted ½.
/// - `pr_auc`: average precision, `Σₙ (Rₙ − Rₙ₋₁) Pₙ` over distinct score thresholds in
///   decreasing order (no interpolation), as `sklearn.metrics.average_precision_score`.
/// - `log_loss`: mean negative log-likelihood with probabilities clipped to
///   `[1e-15, 1 − 1e-15]`.
/// - `brier`: mean squared difference between probability and label.
/// - `recall_at_precision(p)`: the largest recall among thresholds whose precision is at
///   least `p`; 0 when no threshold reaches `p`.
/// - `rmse`, `mae`: root mean squared and mean absolute error.
/// - `r2`: `1 − SS_res / SS_tot`; when the labels are constant, 1 for a perfect fit and 0
///   otherwise (scikit-learn's `force_finite`).
///
/// A metric that is undefined on its input (AUC with a single class, anything with zero
/// total weight) evaluates to `NaN` rather than throwing, so a bootstrap can skip it.
public enum Metric: Sendable, Hashable {
    case rocAUC
    case prAUC
    case logLoss
    case brier
    /// Recall at a minimum precision in `(0, 1]`.
    case recallAtPrecision(Double)
    case rmse
    case mae
    case r2

    /// The minimum precision used when `recall_at_precision` is named without one.
    public static let defaultMinimumPrecision = 0.5

    /// The probability clipping bound of `log_loss`.
    public static let logLossEpsilon = 1e-15

    /// Every metric name, as accepted by `init(name:)`.
    public static let allNames = [
        "roc_auc", "pr_auc", "log_loss", "brier", "recall_at_precision", "rmse", "mae", "r2",
    ]

    /// The metric's name: one of `allNames`.
    public var name: String {
        switch self {
        case .rocAUC: "roc_auc"
        case .prAUC: "pr_auc"
        case .logLoss: "log_loss"
        case .brier: "brier"
        case .recallAtPrecision: "recall_at_precision"
        case .rmse: "rmse"
        case .mae: "mae"
        case .r2: "r2"
        }
    }

    /// The name with its parameter, e.g. `recall_at_precision@0.9`; `init(name:)` reads it back.
    public var label: String {
        if case let .recallAtPrecision(precision) = self { return "\(name)@\(precision)" }
        return name
    }

    /// Whether a larger value means a better model (AUCs, recall, R²) or a smaller one (losses, errors).
    public var higherIsBetter: Bool {
        switch self {
        case .rocAUC, .prAUC, .recallAtPrecision, .r2: true
        case .logLoss, .brier, .rmse, .mae: false
        }
    }

    /// Whether the metric scores a binary classifier (labels must be 0 or 1).
    public var isBinary: Bool {
        switch self {
        case .rocAUC, .prAUC, .logLoss, .brier, .recallAtPrecision: true
        case .rmse, .mae, .r2: false
        }
    }

    /// Whether the metric depends on predictions only through their order.
    var isRanking: Bool {
        switch self {
        case .rocAUC, .prAUC, .recallAtPrecision: true
        default: false
        }
    }

    /// Parses a metric name, optionally with a parameter: `roc_auc`, `recall_at_precision`,
    /// `recall_at_precision@0.8`.
    ///
    /// - Throws: `ModelError.unknownMetric` (with a did-you-mean) or
    ///   `ModelError.invalidParameter` for a precision outside `(0, 1]`.
    public init(name: String) throws(ModelError) {
        let parts = name.split(separator: "@", maxSplits: 1).map(String.init)
        let base = parts.first ?? ""
        switch base {
        case "roc_auc": self = .rocAUC
        case "pr_auc": self = .prAUC
        case "log_loss": self = .logLoss
        case "brier": self = .brier
        case "rmse": self = .rmse
        case "mae": self = .mae
        case "r2": self = .r2
        case "recall_at_precision":
            var precision = Self.defaultMinimumPrecision
            if parts.count == 2 {
                guard let value = Double(parts[1]), value > 0, value <= 1 else {
                    throw .invalidParameter(
                        name: "recall_at_precision", value: parts[1], expected: "a precision in (0, 1]")
                }
                precision = value
            }
            self = .recallAtPrecision(precision)
            return
        default:
            throw .unknownMetric(name)
        }
        if parts.count == 2 {
            throw .invalidParameter(name: base, value: parts[1], expected: "no parameter after '@'")
        }
    }
}

extension Metric: CustomStringConvertible {
    public var description: String { label }
}

extension Metric: Codable {
    /// Decodes from the `label` string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(name: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes as the `label` string, e.g. `"recall_at_precision@0.9"`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(label)
    }
}
