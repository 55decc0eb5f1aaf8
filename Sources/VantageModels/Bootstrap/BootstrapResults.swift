import Foundation

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
    /// Two-sided p-value of "no difference" from the bootstrap standard error of the
    /// difference (normal approximation; see `Percentile.twoSidedPValue`). This is what a
    /// multiple-comparison adjustment (`HolmAdjustment`) takes.
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
    /// Two-sided p-value of "the statistic is 0" from its resampled values: the normal
    /// approximation with the bootstrap standard error, `2 · (1 − Φ(|estimate| / se))`.
    /// Unlike counting resamples beyond 0, it is not floored at `2 / (resamples + 1)`,
    /// which a multiple-comparison adjustment over many tests needs. 1 without spread
    /// and no difference; 0 without spread and a difference.
    static func twoSidedPValue(estimate: Double, resampled values: [Double]) -> Double {
        let valid = values.filter { !$0.isNaN }
        guard valid.count > 1, !estimate.isNaN else { return 1 }
        let mean = valid.reduce(0, +) / Double(valid.count)
        let sd = (valid.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(valid.count - 1)).squareRoot()
        guard sd > 0 else { return estimate == 0 ? 1 : 0 }
        return min(1, erfc(abs(estimate) / sd / 2.0.squareRoot()))
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
