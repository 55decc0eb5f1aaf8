#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Metrics that are weighted means of a per-row loss: log loss, Brier, RMSE, MAE, R².
///
/// Why a separate namespace: these need no ordering, so they are one pass (two for R²)
/// over the rows and share the weighting logic.
enum PointwiseMetrics {
    /// The weighted metric (`weights == nil` means every weight is 1); `NaN` when the total
    /// weight is zero or `metric` is a ranking metric.
    ///
    /// - Complexity: O(n).
    static func value(
        _ metric: Metric, labels: [Double], predictions: [Double], weights: UnsafeBufferPointer<Double>?
    ) -> Double {
        labels.withUnsafeBufferPointer { y in
            predictions.withUnsafeBufferPointer { p in
                switch metric {
                case .logLoss:
                    let eps = Metric.logLossEpsilon
                    return weightedMean(y.count, weights) { i in
                        let q = min(max(p[i], eps), 1 - eps)
                        return -(y[i] * log(q) + (1 - y[i]) * log(1 - q))
                    }
                case .brier:
                    return weightedMean(y.count, weights) { i in (p[i] - y[i]) * (p[i] - y[i]) }
                case .rmse:
                    return weightedMean(y.count, weights) { i in (p[i] - y[i]) * (p[i] - y[i]) }.squareRoot()
                case .mae:
                    return weightedMean(y.count, weights) { i in abs(p[i] - y[i]) }
                case .r2:
                    return rSquared(y, p, weights)
                case .rocAUC, .prAUC, .recallAtPrecision:
                    return .nan
                }
            }
        }
    }

    /// `Σ wᵢ f(i) / Σ wᵢ`, or `NaN` when `Σ wᵢ = 0`.
    @inline(__always)
    private static func weightedMean(
        _ count: Int, _ weights: UnsafeBufferPointer<Double>?, _ f: (Int) -> Double
    ) -> Double {
        var total = 0.0, weightSum = 0.0
        if let weights {
            for i in 0..<count where weights[i] != 0 {
                total += weights[i] * f(i)
                weightSum += weights[i]
            }
        } else {
            for i in 0..<count { total += f(i) }
            weightSum = Double(count)
        }
        return weightSum > 0 ? total / weightSum : .nan
    }

    /// `1 − SS_res / SS_tot` with the weighted label mean; two passes for accuracy.
    private static func rSquared(
        _ y: UnsafeBufferPointer<Double>, _ p: UnsafeBufferPointer<Double>, _ weights: UnsafeBufferPointer<Double>?
    ) -> Double {
        let mean = weightedMean(y.count, weights) { i in y[i] }
        guard !mean.isNaN else { return .nan }
        let residual = weightedMean(y.count, weights) { i in (y[i] - p[i]) * (y[i] - p[i]) }
        let total = weightedMean(y.count, weights) { i in (y[i] - mean) * (y[i] - mean) }
        if total == 0 { return residual == 0 ? 1 : 0 }
        return 1 - residual / total
    }
}
