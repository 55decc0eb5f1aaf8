/// What a metric is called and what it means, in one place: the backtest runner picks
/// its defaults here, and the terminal, the report and the notebook take their names,
/// directions and descriptions from here, so no two places can disagree.
public struct MetricDescriptor: Sendable, Hashable {
    /// The base name accepted on the command line: `roc_auc`, `recall_at_precision`.
    public let name: String
    /// The key under which values are stored in `backtest.json`: the name with its
    /// parameter (`recall_at_precision@0.5`), or the name itself.
    public let key: String
    /// Whether a larger value means a better model.
    public let higherIsBetter: Bool
    /// The name a reader sees: `ROC-AUC`, `Brier score`, `recall at precision 0.5`.
    public let label: String
    /// One sentence saying what the metric measures.
    public let description: String
}

/// The metric registry: every metric Vantage computes, with its descriptor.
public enum MetricRegistry {
    /// Every metric in the order tables list them.
    public static let order = ["roc_auc", "pr_auc", "log_loss", "brier", "recall_at_precision", "rmse", "mae", "r2"]

    /// The metrics a backtest reports for a task, before the headline is chosen. With a
    /// binary label's base rate, `recall_at_precision` asks for `defaultPrecision(baseRate:)`
    /// and is left out when that is nil.
    public static func defaults(binary: Bool, baseRate: Double = 0) -> [Metric] {
        guard binary else { return [.rmse, .mae, .r2] }
        return [.rocAUC, .prAUC, .logLoss, .brier] + (defaultPrecision(baseRate: baseRate).map { [.recallAtPrecision($0)] } ?? [])
    }

    /// The precision `recall_at_precision` asks for by default: 0.5 while the base rate
    /// is under a quarter, else halfway from the base rate to 1 rounded up to 0.05, so
    /// guessing never reaches it (at a precision at or below the base rate every model
    /// recalls 100 %). Nil from a base rate of 0.9: no precision target is informative.
    public static func defaultPrecision(baseRate: Double) -> Double? {
        guard baseRate.isFinite, baseRate < 0.9 else { return nil }
        guard baseRate >= 0.25 else { return Metric.defaultMinimumPrecision }
        return min(0.95, ((1 + baseRate) / 2 * 20).rounded(.up) / 20)
    }

    /// The descriptor of a stored key (`roc_auc`, `recall_at_precision@0.9`); a key that
    /// is not a metric gets a neutral descriptor that reads as the key itself.
    public static func descriptor(key: String) -> MetricDescriptor {
        if let m = try? Metric(name: key) { return m.descriptor }
        return MetricDescriptor(name: key, key: key, higherIsBetter: true, label: String(key.map { $0 == "_" ? " " : $0 }),
                                description: "")
    }

    /// The reader's name of a stored key.
    public static func label(_ key: String) -> String { descriptor(key: key).label }

    /// Whether larger values of a stored key are better.
    public static func higherIsBetter(_ key: String) -> Bool { descriptor(key: key).higherIsBetter }

    /// Keys in table order: the headline first, known metrics in `order`, then the rest
    /// alphabetically.
    public static func ordered(_ keys: Set<String>, headline: String) -> [String] {
        var out = [String]()
        if keys.contains(headline) { out.append(headline) }
        for n in order {
            for k in keys.sorted() where k != headline && !out.contains(k) && (k == n || k.hasPrefix(n + "@")) { out.append(k) }
        }
        for k in keys.sorted() where !out.contains(k) { out.append(k) }
        return out
    }
}

extension Metric {
    /// This metric's entry in the registry.
    public var descriptor: MetricDescriptor {
        switch self {
        case .rocAUC:
            return MetricDescriptor(name: name, key: label, higherIsBetter: true, label: "ROC-AUC",
                                    description: "chance that a random positive scores above a random negative (0.5 = guessing, 1 = perfect ranking)")
        case .prAUC:
            return MetricDescriptor(name: name, key: label, higherIsBetter: true, label: "PR-AUC",
                                    description: "average precision over all thresholds; the label's base rate is what guessing scores")
        case .logLoss:
            return MetricDescriptor(name: name, key: label, higherIsBetter: false, label: "log loss",
                                    description: "mean negative log-likelihood of the labels under the predicted probabilities")
        case .brier:
            return MetricDescriptor(name: name, key: label, higherIsBetter: false, label: "Brier score",
                                    description: "mean squared difference between predicted probability and label")
        case let .recallAtPrecision(p):
            let text = Self.precisionText(p)
            return MetricDescriptor(name: name, key: label, higherIsBetter: true, label: "recall at precision \(text)",
                                    description: "share of positives caught at the best threshold whose precision is at least \(text)")
        case .rmse:
            return MetricDescriptor(name: name, key: label, higherIsBetter: false, label: "RMSE",
                                    description: "root mean squared error, in the label's unit")
        case .mae:
            return MetricDescriptor(name: name, key: label, higherIsBetter: false, label: "MAE",
                                    description: "mean absolute error, in the label's unit")
        case .r2:
            return MetricDescriptor(name: name, key: label, higherIsBetter: true, label: "R²",
                                    description: "share of the label's variance explained (0 = predicting the mean, 1 = perfect)")
        }
    }

    /// A precision as short text: `0.5`, `0.95`.
    static func precisionText(_ p: Double) -> String { "\(p)" }
}
