import VantageModels

/// How a metric reads in the report: names, directions and descriptions come from the
/// metric registry (`MetricRegistry`, shared with the runner, the terminal and the
/// notebook); this adds only how many decimals keep differences visible.
enum MetricInfo {
    static func display(_ name: String) -> String { MetricRegistry.label(name) }

    /// Losses and errors are better when lower; uplifts are already oriented so that
    /// positive means better, but the metric chart plots raw values.
    static func higherIsBetter(_ name: String) -> Bool { MetricRegistry.higherIsBetter(name) }

    /// What the metric means, in one sentence (the metric table's last column).
    static func meaning(_ name: String) -> String { MetricRegistry.descriptor(key: name).description }

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
    static func ordered(_ names: Set<String>, headline: String) -> [String] { MetricRegistry.ordered(names, headline: headline) }
}
