extension Metric {
    /// The metric of `predictions` against `labels`, optionally weighted.
    ///
    /// - Parameters:
    ///   - labels: one label per row (0/1 for binary metrics).
    ///   - predictions: one finite prediction per row (a probability for `log_loss` and `brier`).
    ///   - weights: optional non-negative weight per row; integer weights equal repeating rows.
    /// - Returns: the metric, or `NaN` when it is undefined on this input (e.g. `roc_auc`
    ///   with one class present, or zero total weight).
    /// - Throws: `ModelError` for misaligned arrays, a non-finite prediction, a non-binary
    ///   label for a binary metric, or a negative or non-finite weight.
    /// - Complexity: O(n log n) for ranking metrics, O(n) otherwise.
    public func evaluate(labels: [Double], predictions: [Double], weights: [Double]? = nil) throws(ModelError) -> Double {
        try validate(labels: labels, predictions: predictions)
        guard let weights else {
            return MetricEvaluator(metric: self, labels: labels, predictions: predictions).value(weights: nil)
        }
        guard weights.count == labels.count else {
            throw .lengthMismatch(what: "weights", expected: labels.count, got: weights.count)
        }
        for (row, weight) in weights.enumerated() where !(weight >= 0 && weight.isFinite) {
            throw .invalidParameter(name: "weights[\(row)]", value: "\(weight)", expected: "a finite weight >= 0")
        }
        let evaluator = MetricEvaluator(metric: self, labels: labels, predictions: predictions)
        return weights.withUnsafeBufferPointer { evaluator.value(weights: $0) }
    }

    /// The metric over the rows at `rows` (repeats count as many times as they occur), as a
    /// bootstrap resample or a fold of a larger prediction vector.
    ///
    /// - Throws: as `evaluate(labels:predictions:weights:)`, and `ModelError.rowOutOfRange`.
    /// - Complexity: O(n log n + rows.count) for ranking metrics, O(n + rows.count) otherwise.
    public func evaluate(labels: [Double], predictions: [Double], rows: [Int]) throws(ModelError) -> Double {
        try validate(labels: labels, predictions: predictions)
        var counts = [Double](repeating: 0, count: labels.count)
        for row in rows {
            guard row >= 0 && row < labels.count else { throw .rowOutOfRange(index: row, rowCount: labels.count) }
            counts[row] += 1
        }
        let evaluator = MetricEvaluator(metric: self, labels: labels, predictions: predictions)
        return counts.withUnsafeBufferPointer { evaluator.value(weights: $0) }
    }

    /// Checks alignment, finiteness and (for binary metrics) 0/1 labels.
    func validate(labels: [Double], predictions: [Double]) throws(ModelError) {
        guard predictions.count == labels.count else {
            throw .lengthMismatch(what: "predictions", expected: labels.count, got: predictions.count)
        }
        for (row, prediction) in predictions.enumerated() where !prediction.isFinite {
            throw .invalidPrediction(row: row, value: prediction)
        }
        for (row, label) in labels.enumerated() {
            if isBinary {
                guard label == 0 || label == 1 else {
                    throw .invalidLabel(row: row, value: label, expected: "0 or 1 for metric \(name)")
                }
            } else if !label.isFinite {
                throw .invalidLabel(row: row, value: label, expected: "a finite number")
            }
        }
    }
}
