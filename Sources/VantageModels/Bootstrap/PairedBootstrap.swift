/// Bootstrap confidence intervals for a metric, and for the difference of a metric
/// between two models scored on the same rows.
///
/// Why paired: two models evaluated on one test set make correlated errors. Resampling
/// the same row indices for both keeps that correlation, so the interval of the
/// difference is much narrower (and honest) compared with two independent intervals.
///
/// Method: nonparametric bootstrap (Efron & Tibshirani, *An Introduction to the
/// Bootstrap*, 1993, ch. 13) with percentile intervals. Each resample draws `n` row
/// indices uniformly with replacement and is represented as a count per row; the metric
/// is evaluated with those counts as weights, which equals evaluating it on the
/// materialised resample. Resample `r` draws from `SeededGenerator(seed:stream: r)`, so
/// results depend only on the seed, never on thread scheduling.
public struct PairedBootstrap: Sendable, Hashable, Codable {
    /// The number of resamples (default 1000).
    public var resamples: Int
    /// The nominal coverage of the percentile interval (default 0.95).
    public var confidence: Double
    /// The seed of the resampling.
    public var seed: UInt64

    /// Creates a bootstrap configuration.
    public init(resamples: Int = 1000, confidence: Double = 0.95, seed: UInt64 = 0) {
        self.resamples = resamples
        self.confidence = confidence
        self.seed = seed
    }

    /// The metric of `predictions` with its percentile interval.
    ///
    /// - Throws: `ModelError` for invalid inputs (see `Metric.evaluate`) or parameters.
    /// - Complexity: O(n log n + resamples · n), spread over the available cores.
    public func interval(labels: [Double], predictions: [Double], metric: Metric) throws(ModelError) -> MetricInterval {
        try validateParameters(rowCount: labels.count)
        try metric.validate(labels: labels, predictions: predictions)
        let rows = Self.scanOrder(metric, predictions)
        let evaluator = MetricEvaluator(metric: metric, labels: rows.gather(labels), predictions: rows.gather(predictions))
        let values = resampledValues(rowCount: labels.count, evaluators: [evaluator])
        let bounds = Percentile.interval(of: values, confidence: confidence)
        return MetricInterval(
            metric: metric, estimate: evaluator.value(weights: nil), lower: bounds.lower, upper: bounds.upper,
            confidence: confidence, resamples: resamples, validResamples: bounds.count)
    }

    /// Compares model A with model B on the same rows: the oriented difference of `metric`
    /// (positive = A better), its percentile interval and whether the interval excludes 0.
    ///
    /// - Throws: `ModelError` for invalid inputs (see `Metric.evaluate`) or parameters.
    /// - Complexity: O(n log n + resamples · n), spread over the available cores.
    public func compare(
        labels: [Double], predictionsA: [Double], predictionsB: [Double], metric: Metric
    ) throws(ModelError) -> MetricComparison {
        try validateParameters(rowCount: labels.count)
        try metric.validate(labels: labels, predictions: predictionsA)
        try metric.validate(labels: labels, predictions: predictionsB)
        let rows = Self.scanOrder(metric, predictionsA)
        let y = rows.gather(labels)
        let a = MetricEvaluator(metric: metric, labels: y, predictions: rows.gather(predictionsA))
        let b = MetricEvaluator(metric: metric, labels: y, predictions: rows.gather(predictionsB))
        let pairs = resampledValues(rowCount: labels.count, evaluators: [a, b])
        let sign = metric.higherIsBetter ? 1.0 : -1.0
        let deltas = (0..<resamples).map { r in sign * (pairs[2 * r] - pairs[2 * r + 1]) }
        let bounds = Percentile.interval(of: deltas, confidence: confidence)
        let valueA = a.value(weights: nil), valueB = b.value(weights: nil)
        return MetricComparison(
            metric: metric, valueA: valueA, valueB: valueB, delta: sign * (valueA - valueB),
            lower: bounds.lower, upper: bounds.upper, confidence: confidence,
            significant: bounds.count > 0 && (bounds.lower > 0 || bounds.upper < 0),
            resamples: resamples, validResamples: bounds.count, pValue: Percentile.twoSidedPValue(estimate: sign * (valueA - valueB), resampled: deltas))
    }

    /// The mean of `values` (per-row amounts, e.g. the difference in money between two
    /// models on the same row) with its percentile interval, from the same resamples as
    /// `interval` and `compare` draw: resample `r` is the same rows for every statistic.
    ///
    /// - Throws: `ModelError.empty` without rows; `invalidParameter` for bad settings.
    /// - Complexity: O(resamples · n), spread over the available cores.
    public func meanInterval(of values: [Double]) throws(ModelError) -> MeanInterval {
        try validateParameters(rowCount: values.count)
        let n = Double(values.count)
        let means = values.withUnsafeBufferPointer { v in
            let rows = SharedRows(v)
            return resampled(rowCount: values.count, statistics: 1) { _, weights in
                var s = 0.0
                for i in 0..<weights.count { s += weights[i] * rows.buffer[i] }
                return s / n
            }
        }
        let bounds = Percentile.interval(of: means, confidence: confidence)
        return MeanInterval(estimate: values.reduce(0, +) / n, lower: bounds.lower, upper: bounds.upper)
    }

    /// Read-only rows shared by the resampling workers for the duration of one call.
    private struct SharedRows: @unchecked Sendable {
        let buffer: UnsafeBufferPointer<Double>
        init(_ buffer: UnsafeBufferPointer<Double>) { self.buffer = buffer }
    }

    private func validateParameters(rowCount: Int) throws(ModelError) {
        guard resamples >= 1 else {
            throw .invalidParameter(name: "resamples", value: "\(resamples)", expected: "at least 1")
        }
        guard confidence > 0 && confidence < 1 else {
            throw .invalidParameter(name: "confidence", value: "\(confidence)", expected: "a value in (0, 1)")
        }
        guard rowCount > 0 else { throw .empty("bootstrap") }
    }

    /// The row order the bootstrap works in. For ranking metrics, rows are renumbered in
    /// decreasing order of the (first) model's predictions, so that model's scan reads the
    /// resample counts sequentially instead of at random (resampling is uniform over rows,
    /// so renumbering them changes nothing but memory traffic).
    private static func scanOrder(_ metric: Metric, _ predictions: [Double]) -> RowOrder {
        RowOrder(order: metric.isRanking ? MetricEvaluator.descendingOrder(predictions) : nil)
    }

    /// An optional permutation of rows.
    private struct RowOrder {
        let order: [Int32]?
        func gather(_ values: [Double]) -> [Double] { order.map { $0.map { values[Int($0)] } } ?? values }
    }

    /// Evaluates every evaluator on every resample: element `r · k + e` is evaluator `e`
    /// on resample `r` (k evaluators). Resamples are split into contiguous chunks, one
    /// count buffer per chunk.
    func resampledValues(rowCount: Int, evaluators: [MetricEvaluator]) -> [Double] {
        resampled(rowCount: rowCount, statistics: evaluators.count) { e, weights in evaluators[e].value(weights: weights) }
    }

    /// The resampling itself, for any statistic of row weights: element `r · k + e` is
    /// statistic `e` on resample `r`. Every bootstrap in Vantage goes through here.
    func resampled(rowCount: Int, statistics k: Int,
                   _ statistic: @Sendable (Int, UnsafeBufferPointer<Double>) -> Double) -> [Double] {
        var values = [Double](repeating: .nan, count: resamples * k)
        let chunks = Parallel.ranges(resamples, parts: Parallel.workerCount * 4)
        let seed = self.seed
        values.withUnsafeMutableBufferPointer { buffer in
            let out = SharedMutableBuffer(buffer)  // chunk c writes only its resamples' slots
            Parallel.forEach(chunks.count) { chunk in
                var counts = [Double](repeating: 0, count: rowCount)
                counts.withUnsafeMutableBufferPointer { counts in
                    for r in chunks[chunk] {
                        for i in 0..<rowCount { counts[i] = 0 }
                        var generator = SeededGenerator(seed: seed, stream: UInt64(r))
                        for _ in 0..<rowCount { counts[generator.nextInt(below: rowCount)] += 1 }
                        let weights = UnsafeBufferPointer(counts)
                        for e in 0..<k { out[r * k + e] = statistic(e, weights) }
                    }
                }
            }
        }
        return values
    }
}
