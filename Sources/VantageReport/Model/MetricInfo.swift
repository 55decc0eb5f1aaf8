/// How a metric reads: its display name, which way is better, and how many decimals
/// keep its differences visible without inventing precision.
enum MetricInfo {
    /// Known metrics in the order tables list them (the headline metric goes first).
    static let order = ["roc_auc", "pr_auc", "log_loss", "brier", "recall_at_precision", "rmse", "mae", "r2"]

    static func display(_ name: String) -> String {
        switch name {
        case "roc_auc": return "ROC-AUC"
        case "pr_auc": return "PR-AUC"
        case "log_loss": return "log loss"
        case "brier": return "Brier score"
        case "rmse": return "RMSE"
        case "mae": return "MAE"
        case "r2": return "R²"
        default:
            if name.hasPrefix("recall_at_precision") { return "recall at precision" + name.dropFirst(19).replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "@", with: " ") }
            return name.replacingOccurrences(of: "_", with: " ")
        }
    }

    /// Losses and errors are better when lower; uplifts are already oriented so that
    /// positive means better, but the metric chart plots raw values.
    static func higherIsBetter(_ name: String) -> Bool {
        !["log_loss", "brier", "rmse", "mae"].contains(name)
    }

    /// Decimals for values of this metric: 3 for scores in [0, 1], 4 for small losses,
    /// and three significant digits for errors in the label's own unit.
    static func decimals(_ name: String, typical: Double) -> Int {
        switch name {
        case "log_loss", "brier": return 4
        case "rmse", "mae":
            let m = abs(typical)
            if m >= 100 { return 1 }
            if m >= 10 { return 2 }
            return 3
        default: return 3
        }
    }

    /// Metric names in table order: the headline first, known metrics, then the rest
    /// alphabetically.
    static func ordered(_ names: Set<String>, headline: String) -> [String] {
        var out = [String]()
        if names.contains(headline) { out.append(headline) }
        for n in order where n != headline && names.contains(n) { out.append(n) }
        for n in names.sorted() where !out.contains(n) { out.append(n) }
        return out
    }
}
