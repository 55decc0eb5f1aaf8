#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The loss-specific pieces of boosting: starting score, gradients and hessians, the
/// validation loss and the map from raw score to prediction.
///
/// Binary: raw scores are log-odds; the loss is log loss; gradient `p − y`, hessian
/// `p(1 − p)` (floored at 1e-16 so leaves of certain rows stay finite). Regression: raw
/// scores are predictions; the loss is mean squared error; gradient `s − y`, hessian 1.
extension GBDTParameters.Objective {
    /// The constant score that minimises the loss before any tree: log-odds of the mean
    /// label, or the mean (LightGBM's `boost_from_average`).
    func initialScore(labels: [Double]) -> Double {
        let mean = labels.reduce(0, +) / Double(max(labels.count, 1))
        switch self {
        case .binary:
            let p = min(max(mean, 1e-15), 1 - 1e-15)
            return log(p / (1 - p))
        case .regression:
            return mean
        }
    }

    /// Fills `gradients` with (gradient, hessian) for every row, in fixed row chunks in parallel.
    /// - Complexity: O(n).
    func computeGradients(scores: [Double], labels: [Double], gradients: inout [SIMD2<Double>]) {
        let n = scores.count
        let binary = self == .binary
        let chunks = Parallel.ranges(n, parts: 16)
        gradients.withUnsafeMutableBufferPointer { buffer in
            let out = SharedMutableBuffer(buffer)  // chunk c owns its rows
            Parallel.forEach(chunks.count, concurrent: n >= 50_000) { chunk in
                scores.withUnsafeBufferPointer { s in
                    labels.withUnsafeBufferPointer { y in
                        for i in chunks[chunk] {
                            if binary {
                                let p = 1 / (1 + exp(-s[i]))
                                out[i] = SIMD2(p - y[i], max(p * (1 - p), 1e-16))
                            } else {
                                out[i] = SIMD2(s[i] - y[i], 1)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The mean loss of raw `scores` against `labels`: log loss (from log-odds, computed
    /// stably) or mean squared error.
    func loss(scores: [Double], labels: [Double]) -> Double {
        guard !scores.isEmpty else { return .nan }
        var total = 0.0
        for i in scores.indices {
            let s = scores[i], y = labels[i]
            switch self {
            case .binary:
                let softplus = s > 0 ? s + log1p(exp(-s)) : log1p(exp(s))
                total += softplus - y * s
            case .regression:
                total += (s - y) * (s - y)
            }
        }
        return total / Double(scores.count)
    }

    /// The prediction for a raw score: a probability (binary) or the score itself.
    @inline(__always)
    func transform(_ score: Double) -> Double {
        switch self {
        case .binary: 1 / (1 + exp(-score))
        case .regression: score
        }
    }
}
