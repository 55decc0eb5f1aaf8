/// A metric on one model's predictions with a bootstrap percentile interval.
///
/// Values may be `NaN` when the metric is undefined (for example `roc_auc` on a test set
/// with one class); encode with a `nonConformingFloatEncodingStrategy` if that can happen.
public struct MetricInterval: Sendable, Hashable, Codable {
    /// The metric.
    public let metric: Metric
    /// The metric on the full sample.
    public let estimate: Double
    /// The lower percentile bound.
    public let lower: Double
    /// The upper percentile bound.
    public let upper: Double
    /// The interval's nominal coverage, e.g. 0.95.
    public let confidence: Double
    /// The number of resamples drawn.
    public let resamples: Int
    /// The number of resamples on which the metric was defined (the interval uses only these).
    public let validResamples: Int
}

/// The paired bootstrap comparison of model A against model B on the same rows.
///
/// `delta` is oriented so that positive means A is better: `metric(A) − metric(B)` for
/// metrics where higher is better, `metric(B) − metric(A)` for losses and errors.
public struct MetricComparison: Sendable, Hashable, Codable {
    /// The metric.
    public let metric: Metric
    /// The metric of model A on the full sample.
    public let valueA: Double
    /// The metric of model B on the full sample.
    public let valueB: Double
    /// The oriented difference on the full sample (positive = A better).
    public let delta: Double
    /// The lower percentile bound of the oriented difference.
    public let lower: Double
    /// The upper percentile bound of the oriented difference.
    public let upper: Double
    /// The interval's nominal coverage, e.g. 0.95.
    public let confidence: Double
    /// Whether the interval excludes 0 (A is better when `lower > 0`, worse when `upper < 0`).
    public let significant: Bool
    /// The number of resamples drawn.
    public let resamples: Int
    /// The number of resamples on which both metrics were defined.
    public let validResamples: Int
    /// Two-sided bootstrap p-value of "no difference": twice the smaller share of
    /// resampled differences on either side of 0, with the +1 correction of Davison &
    /// Hinkley (1997, eq. 4.11) so it is never 0; at most 1. This is what a
    /// multiple-comparison adjustment (Holm) takes.
    public let pValue: Double
}

/// The mean of per-row values with its bootstrap percentile interval (for money per
/// event, which is not a metric of scores).
public struct MeanInterval: Sendable, Hashable, Codable {
    /// The mean on the full sample.
    public let estimate: Double
    /// The lower percentile bound.
    public let lower: Double
    /// The upper percentile bound.
    public let upper: Double
}

/// Percentile bounds of a sample, with linear interpolation between order statistics
/// (NumPy's default `percentile` method), so small resample counts give smooth bounds.
enum Percentile {
    /// Two-sided bootstrap p-value of "the statistic is 0" from resampled values: twice
    /// the smaller tail share (each tail counting values at 0), +1 corrected, at most 1.
    static func twoSidedPValue(of values: [Double]) -> Double {
        let valid = values.filter { !$0.isNaN }
        guard !valid.isEmpty else { return 1 }
        let below = valid.filter { $0 <= 0 }.count, above = valid.filter { $0 >= 0 }.count
        return min(1, 2 * Double(min(below, above) + 1) / Double(valid.count + 1))
    }

    /// The central `confidence` interval of the non-NaN values, or `(NaN, NaN)` if none.
    ///
    /// - Complexity: O(m log m) for m values.
    static func interval(of values: [Double], confidence: Double) -> (lower: Double, upper: Double, count: Int) {
        let sorted = values.filter { !$0.isNaN }.sorted()
        guard !sorted.isEmpty else { return (.nan, .nan, 0) }
        let alpha = (1 - confidence) / 2
        return (quantile(sorted, alpha), quantile(sorted, 1 - alpha), sorted.count)
    }

    /// The `q`-quantile of ascending `sorted` (non-empty), interpolating at `(m − 1) q`.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let position = Double(sorted.count - 1) * min(max(q, 0), 1)
        let below = Int(position.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        let fraction = position - Double(below)
        return sorted[below] + fraction * (sorted[above] - sorted[below])
    }
}
