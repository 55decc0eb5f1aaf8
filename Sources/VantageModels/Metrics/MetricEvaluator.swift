/// A metric bound to fixed labels and predictions, ready to be evaluated under many
/// weight vectors.
///
/// Why: the bootstrap evaluates the same predictions under a thousand resamples. Ranking
/// metrics need the rows in score order; sorting once here and re-weighting in a linear
/// scan per resample turns O(B · n log n) into O(n log n + B · n).
///
/// Inputs are assumed validated (`Metric.evaluate` checks them): equal lengths, finite
/// predictions, 0/1 labels for binary metrics, non-negative weights.
struct MetricEvaluator: Sendable {
    let metric: Metric
    let labels: [Double]
    let predictions: [Double]
    /// Rows sorted by decreasing prediction, ties by increasing row (ranking metrics only).
    private let order: [Int32]
    /// Labels in `order` (1 = positive), so the scan reads them contiguously.
    private let sortedLabels: [Double]
    /// Exclusive end position in `order` of each group of tied predictions.
    private let groupEnds: [Int32]

    /// - Complexity: O(n log n) for ranking metrics, O(1) otherwise.
    init(metric: Metric, labels: [Double], predictions: [Double]) {
        self.metric = metric
        self.labels = labels
        self.predictions = predictions
        guard metric.isRanking else {
            order = []
            sortedLabels = []
            groupEnds = []
            return
        }
        let sorted = Self.descendingOrder(predictions)
        var ends = [Int32]()
        for position in sorted.indices.dropFirst()
        where predictions[Int(sorted[position])] != predictions[Int(sorted[position - 1])] {
            ends.append(Int32(position))
        }
        if !sorted.isEmpty { ends.append(Int32(sorted.count)) }
        order = sorted
        sortedLabels = sorted.map { labels[Int($0)] }
        groupEnds = ends
    }

    /// Row indices sorted by decreasing prediction, ties by increasing row.
    /// - Complexity: O(n log n).
    static func descendingOrder(_ predictions: [Double]) -> [Int32] {
        (0..<Int32(predictions.count)).sorted { a, b in
            let pa = predictions[Int(a)], pb = predictions[Int(b)]
            return pa > pb || (pa == pb && a < b)
        }
    }

    /// The metric under `weights` (one per row; `nil` = all 1). `NaN` when undefined.
    ///
    /// - Complexity: O(n).
    func value(weights: UnsafeBufferPointer<Double>?) -> Double {
        switch metric {
        case .rocAUC, .prAUC, .recallAtPrecision: ranking(weights: weights)
        default: PointwiseMetrics.value(metric, labels: labels, predictions: predictions, weights: weights)
        }
    }

    /// One scan over tie groups in decreasing score, accumulating weighted true and false
    /// positives; each metric is a function of the per-group increments, normalised by the
    /// totals at the end so a single pass suffices.
    private func ranking(weights: UnsafeBufferPointer<Double>?) -> Double {
        var truePositives = 0.0, falsePositives = 0.0
        var area = 0.0, precisionSum = 0.0, bestTruePositives = 0.0
        sortedLabels.withUnsafeBufferPointer { y in
            order.withUnsafeBufferPointer { rows in
                var start = 0
                for end32 in groupEnds {
                    let end = Int(end32)
                    var groupTP = 0.0, groupAll = 0.0
                    if let weights {
                        for k in start..<end {
                            let w = weights[Int(truncatingIfNeeded: rows[k])]
                            groupTP += w * y[k]
                            groupAll += w
                        }
                    } else {
                        for k in start..<end { groupTP += y[k] }
                        groupAll = Double(end - start)
                    }
                    start = end
                    let groupFP = groupAll - groupTP
                    switch metric {
                    case .rocAUC:
                        // Negatives of this group rank below all earlier positives and tie with these.
                        area += groupFP * (truePositives + 0.5 * groupTP)
                    case .prAUC:
                        if groupTP > 0 { precisionSum += groupTP * (truePositives + groupTP) / (truePositives + falsePositives + groupAll) }
                    case let .recallAtPrecision(minimum):
                        let predicted = truePositives + falsePositives + groupAll
                        if predicted > 0 && (truePositives + groupTP) / predicted >= minimum {
                            bestTruePositives = truePositives + groupTP
                        }
                    default:
                        break
                    }
                    truePositives += groupTP
                    falsePositives += groupFP
                }
            }
        }
        let positives = truePositives, negatives = falsePositives
        guard positives > 0 else { return .nan }
        switch metric {
        case .rocAUC: return negatives > 0 ? area / (positives * negatives) : .nan
        case .prAUC: return precisionSum / positives
        default: return bestTruePositives / positives
        }
    }
}
