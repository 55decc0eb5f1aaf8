import Foundation
import VantageCore
import VantageModels

/// `vantage backtest`: the same rows, split and model settings at every freshness level
/// of a sweep, so the only difference between levels is freshness; metrics with bootstrap
/// intervals, paired uplift against the baseline level, money and attribution.
public enum BacktestRunner {
    /// Backtests the sweep in `source`; writes nothing (the pipeline records the run and
    /// writes `backtest.json` once, with its run id).
    public static func run(source: SweepSource, out: String, options: BacktestOptions) throws(VantageError) -> BacktestResult {
        let spec = source.spec
        let levels = source.levels
        guard let first = levels.first else { throw .usage("the sweep\(source.folder.map { " in \($0)" } ?? "") has no levels") }
        let baselineChoice = try BaselineChoice(levels: levels, requested: options.baseline, spec: spec.freshness.baseline)
        let baseline = baselineChoice.level
        let layout = try source.frameLayout()
        let label = layout.label
        let features = layout.features

        // Rows, labels, times and the split come from the first level; every level shares
        // them (the same spine rows, sampled by the same key hash).
        let sample = try source.sample()
        options.progress?("reading \(first).csv" + (sample.keepsAll ? "" : " (sampling by \(sample.keys.joined(separator: ", ")): \(sample.reason))"))
        let (base, task) = try source.frame(first + ".csv", task: nil)
        if base.rowCount == 0 && sample.rowsTotal > 0 {
            throw .usage("the sample kept none of the \(sample.rowsTotal) rows (\(sample.reason)): whole keys of "
                         + "\(sample.keys.joined(separator: ", ")) are kept or dropped, so ask for more rows with --sample")
        }
        let usable = base.labels.map { !$0.isNaN }
        var at = options.split
        if at == nil, let text = options.splitText {
            guard let t = TimeParser.parse(text) ?? TimeParser.parse(text, format: spec.spine.timeFormat) else {
                throw .usage("--split \(text): expected a time like 2024-03-01, or a \(spec.spine.timeFormat.rawValue) time as in the spine")
            }
            at = t
        }
        let split = try TimeSplit(times: base.times, usable: usable,
                                  split: at ?? TimeSplit.defaultSplit(times: base.times, usable: usable),
                                  gap: options.gap, folds: options.folds)
        let modelSpec = try modelSpec(options, task: task)
        let trainLabels = split.folds[0].train.map { base.labels[$0] }
        let metrics = try metricList(task: task, headline: options.metric,
                                     baseRate: trainLabels.isEmpty ? 0 : trainLabels.reduce(0, +) / Double(trainLabels.count))
        let headline = metrics[0]
        let pooled = split.pooledTest
        let testLabels = pooled.map { base.labels[$0] }
        let bootstrap = PairedBootstrap(resamples: options.resamples, seed: options.seed)
        let value = spec.value.map { v in
            ValueModel(spec: v, task: task, positiveValues: base.positiveValues.map { p in pooled.map { p[$0] } }
                       ?? Array(repeating: { if case let .constant(x)? = v.positiveValue { return x } else { return 1 } }(), count: pooled.count))
        }

        var levelResults = [LevelResult]()
        var predictions = [String: [Double]]()
        // Training noise: the same model with other seeds (gbdt only; the linear fits have none).
        let seedModels = modelSpec.kind == .gbdt
            ? (0..<max(1, options.seedRuns)).map { ModelSpec.defaults(for: .gbdt, regression: task == .regression, seed: options.seed &+ UInt64($0)) }
            : [modelSpec]
        var seedPredictions = [String: [[Double]]]()
        let segmentLevel = try freshestLevel(levels.filter { $0 != baseline })
        var segmentFrames = [String: TrainingFrame]()
        for (n, level) in levels.enumerated() {
            options.progress?("training \(modelSpec.kind.rawValue) at \(level) (\(n + 1)/\(levels.count))")
            var fitClock = Stopwatch()
            let frame = level == first ? base : try source.frame(level + ".csv", task: task).0
            let (preds, importance, foldMetrics) = try evaluate(frame: frame, base: base, split: split, task: task, model: modelSpec,
                                                                metrics: metrics, fitClock: &fitClock)
            predictions[level] = preds
            if seedModels.count > 1 {
                var perSeed = [preds]
                for m in seedModels.dropFirst() {
                    var clock = Stopwatch()
                    perSeed.append(try evaluate(frame: frame, base: base, split: split, task: task, model: m, metrics: metrics, fitClock: &clock).0)
                    // Identical predictions under another seed: the fit does not depend on
                    // it here (no row or feature sampling), so more seeds would add nothing.
                    if perSeed.last == preds { break }
                }
                seedPredictions[level] = perSeed
            }
            if level == baseline || segmentLevel == level { segmentFrames[level] = frame }
            var values = [String: MetricValue]()
            for m in metrics {
                let i = try wrap(base.path) { () throws(ModelError) in try bootstrap.interval(labels: testLabels, predictions: preds, metric: m) }
                values[m.label] = MetricValue(value: i.estimate, ci: [i.lower, i.upper])
            }
            levelResults.append(LevelResult(level: level, trainingSet: source.relativePath(level + ".csv", from: out),
                                            metrics: values, foldMetrics: split.folds.count > 1 ? foldMetrics : nil,
                                            importance: importance, value: nil))
            levelResults[levelResults.count - 1].fitSeconds = fitClock.stages["fit"]
        }

        options.progress?("comparing levels with \(baseline)")
        var uplift = [Uplift]()
        for level in levels where level != baseline {
            uplift.append(try compare(level: level, baseline: baseline, labels: testLabels, a: predictions[level] ?? [],
                                      b: predictions[baseline] ?? [], metric: headline, bootstrap: bootstrap, file: base.path))
        }

        var valueResult: ValueResult?
        if let value {
            let eventsPerMonth = SweepSource.eventsPerMonth(times: base.times)
            var rowValues = [String: [Double]]()
            for l in levels { rowValues[l] = value.rowValues(labels: testLabels, predictions: predictions[l] ?? []) }
            let baseRows = rowValues[baseline] ?? []
            let baseMonth = mean(baseRows) * eventsPerMonth
            for (i, r) in levelResults.enumerated() {
                let rows = rowValues[r.level] ?? []
                let perEvent = mean(rows)
                let infra = value.infrastructure(r.level)
                var netUplift: Double?, netCI: [Double]?
                if r.level != baseline {
                    let extraInfra = infra - value.infrastructure(baseline)
                    netUplift = perEvent * eventsPerMonth - baseMonth - extraInfra
                    let ci = try wrap(base.path) { () throws(ModelError) in
                        try bootstrap.meanInterval(of: zip(rows, baseRows).map { $0 - $1 })
                    }
                    netCI = [ci.lower, ci.upper].map { $0 * eventsPerMonth - extraInfra }
                }
                levelResults[i].value = LevelValue(per1000Events: perEvent * 1000, perMonth: perEvent * eventsPerMonth,
                                                   infrastructurePerMonth: infra, netPerMonth: perEvent * eventsPerMonth - infra,
                                                   netUpliftPerMonth: netUplift, netUpliftCI: netCI)
            }
            let best = levelResults.max { ($0.value?.netPerMonth ?? 0) < ($1.value?.netPerMonth ?? 0) }?.level ?? baseline
            valueResult = ValueResult(description: value.description, eventsPerMonth: eventsPerMonth, bestLevel: best)
        }

        for i in uplift.indices {
            uplift[i].seedSD = seedSD(level: uplift[i].level, baseline: baseline, labels: testLabels, metric: headline, seeds: seedPredictions)
        }
        var attribution: [Uplift]?
        if options.eachView {
            attribution = try attribute(source: source, levels: levels, baseline: baseline, base: base, split: split,
                                        task: task, model: modelSpec, metrics: metrics, labels: testLabels, bootstrap: bootstrap,
                                        predictions: predictions, progress: options.progress)
        }
        let comparisons = Significance.adjust(uplift: &uplift, attribution: &attribution, alpha: 1 - bootstrap.confidence)
        var segments: [Segment]?
        if let level = segmentLevel, let hFrame = segmentFrames[level], let bFrame = segmentFrames[baseline] {
            options.progress?("segments of \(level) vs \(baseline)")
            segments = try SegmentAnalysis(spec: spec, layout: layout, pooled: pooled, labels: testLabels, level: level, baseline: baseline,
                                           metric: headline, bootstrap: bootstrap)
                .segments(fresh: hFrame, stale: bFrame, a: predictions[level] ?? [], b: predictions[baseline] ?? [], segmentBy: options.segmentBy)
        }
        let recommendation = try Recommender(candidates: spec.candidateViews, baseline: baseline, comparisons: comparisons)
            .recommend(uplift: uplift, attribution: attribution) { (fresh: String, stale: String) throws(VantageError) -> Bool in
                // Whether `stale` is significantly worse than `fresh` (does it lose the gain?).
                let c = try compare(level: stale, baseline: fresh, labels: testLabels, a: predictions[stale] ?? [],
                                    b: predictions[fresh] ?? [], metric: headline, bootstrap: bootstrap, file: base.path)
                return c.significant && c.delta < 0
            }

        let positives = zip(base.labels, usable).filter { $0.1 }.map { $0.0 }
        let result = BacktestResult(
            label: label, time: spec.spine.time, task: task.rawValue, model: try modelRecord(modelSpec),
            split: SplitRecord(trainEnd: Timestamp.format(split.folds[0].trainEnd), testStart: Timestamp.format(split.folds[0].testStart),
                               gap: options.gap.text, folds: split.folds.count,
                               trainRows: split.folds[0].train.count, testRows: pooled.count,
                               foldRanges: split.folds.count > 1 ? split.folds.map {
                                   FoldRange(trainEnd: Timestamp.format($0.trainEnd), testStart: Timestamp.format($0.testStart),
                                             testEnd: Timestamp.format($0.testEnd), trainRows: $0.train.count, testRows: $0.test.count)
                               } : nil),
            features: features, headlineMetric: headline.label, baseline: baseline, levels: levelResults, uplift: uplift,
            attribution: attribution, value: valueResult,
            data: DataSummary(rows: base.rowCount, timeMin: Timestamp.format(base.times.min() ?? 0), timeMax: Timestamp.format(base.times.max() ?? 0),
                              labelRate: mean(positives), testLabelRate: mean(testLabels)),
            profile: source.report.profile,
            provenance: Provenance(spec: source.report.manifest.spec, inputs: source.report.manifest.inputs,
                                   sweep: source.folder ?? "(in memory)", seed: options.seed),
            verdicts: [])
        var withVerdicts = result
        withVerdicts.baselineReason = baselineChoice.reason
        withVerdicts.comparisons = comparisons
        withVerdicts.recommendation = recommendation
        withVerdicts.segments = segments
        withVerdicts.sample = sample.record(rowsUsed: base.rowCount)
        withVerdicts.verdicts = Verdicts.lines(withVerdicts)
        return withVerdicts
    }

    /// Trains on each fold's training rows and predicts its test rows; predictions pooled
    /// in fold order, importance from the last (largest) fold.
    static func evaluate(frame: TrainingFrame, base: TrainingFrame, split: TimeSplit,
                         task: BacktestTask, model: ModelSpec, metrics: [Metric], fitClock: inout Stopwatch) throws(VantageError)
        -> ([Double], [FeatureImportance], [[String: Double]])
    {
        try Cancellation.check()
        // Every level is the same spine: same rows, labels and times, or the comparison is void.
        guard frame.rowCount == base.rowCount, frame.times == base.times,
              zip(frame.labels, base.labels).allSatisfy({ $0 == $1 || ($0.isNaN && $1.isNaN) }) else {
            throw .input(file: frame.path, line: 0, column: 0, message: "this training set does not have the same spine rows as \(base.path); re-run the sweep")
        }
        let matrix = try frame.matrix(encodingFrom: split.folds[0].train)
        var preds = [Double]()
        var importance = [FeatureImportance]()
        var perFold = [[String: Double]]()
        for fold in split.folds {
            fitClock.lap("prepare")
            let fitted = try wrap(frame.path) { () throws(ModelError) -> any PredictiveModel in
                try model.fit(train: try matrix.rows(fold.train), labels: fold.train.map { base.labels[$0] })
            }
            fitClock.lap("fit")
            let p = try wrap(frame.path) { () throws(ModelError) in try fitted.predict(try matrix.rows(fold.test)) }
            preds += p
            importance = fitted.featureImportance.map { FeatureImportance(feature: $0.name, importance: $0.value) }
                .sorted { $0.importance > $1.importance || ($0.importance == $1.importance && $0.feature < $1.feature) }
            let y = fold.test.map { base.labels[$0] }
            var fm = [String: Double]()
            for m in metrics { fm[m.label] = (try? m.evaluate(labels: y, predictions: p)) ?? .nan }
            perFold.append(fm)
        }
        return (preds, importance, perFold)
    }

    static func compare(level: String, baseline: String, labels: [Double], a: [Double], b: [Double], metric: Metric,
                        bootstrap: PairedBootstrap, view: String? = nil, mode: String? = nil, file: String) throws(VantageError) -> Uplift {
        let c = try wrap(file) { () throws(ModelError) in try bootstrap.compare(labels: labels, predictionsA: a, predictionsB: b, metric: metric) }
        var u = Uplift(level: level, baseline: baseline, metric: metric.label, delta: c.delta, ci: [c.lower, c.upper],
                       significant: c.significant, view: view, mode: mode, pValue: c.pValue)
        u.significantRaw = c.significant
        return u
    }

    static func modelSpec(_ o: BacktestOptions, task: BacktestTask) throws(VantageError) -> ModelSpec {
        switch (o.model, task) {
        case (.logistic, .regression): throw .usage("--model logistic needs a binary label; use linear or gbdt for a numeric one")
        case (.linear, .binary): throw .usage("--model linear fits a numeric label; use logistic or gbdt for a binary one")
        default: return ModelSpec.defaults(for: o.model, regression: task == .regression, seed: o.seed)
        }
    }

    /// The task's metrics, headline first. `recall_at_precision` asks for a precision
    /// above the label's base rate (`MetricRegistry.defaultPrecision`), and is left out
    /// where none is meaningful (almost every row positive).
    static func metricList(task: BacktestTask, headline: String?, baseRate: Double = 0) throws(VantageError) -> [Metric] {
        var metrics = MetricRegistry.defaults(binary: task == .binary, baseRate: baseRate)
        let names = metrics.map(\.name)
        if let headline {
            if let i = metrics.firstIndex(where: { $0.label == headline || ($0.name == headline && !headline.contains("@")) }) {
                metrics.insert(metrics.remove(at: i), at: 0)
            } else {
                // A parameterised metric (recall_at_precision@0.9) replaces its default.
                let m: Metric
                do { m = try Metric(name: headline) } catch { throw .usage("--metric: \(error)") }
                guard m.isBinary == (task == .binary) else {
                    throw .usage("--metric \(headline): not a \(task.rawValue) metric (one of \(names.joined(separator: ", ")))")
                }
                metrics.removeAll { $0.name == m.name }
                metrics.insert(m, at: 0)
            }
        }
        return metrics
    }

    /// The freshest of `levels` (shortest refresh period), or nil when there is none.
    static func freshestLevel(_ levels: [String]) throws(VantageError) -> String? {
        var best: String?, bestAge = Double.infinity
        for l in levels {
            let age = try FreshnessLevel(parsing: l).every.approximateSeconds
            if age < bestAge { best = l; bestAge = age }
        }
        return best
    }

    /// Standard deviation over training seeds of the oriented headline difference
    /// between `level` and `baseline` (nil with one seed).
    static func seedSD(level: String, baseline: String, labels: [Double], metric: Metric, seeds: [String: [[Double]]]) -> Double? {
        guard var a = seeds[level], var b = seeds[baseline], a.count > 1, b.count > 1 else { return nil }
        // A side that stopped early gave the same predictions for every seed.
        while a.count < b.count { a.append(a[0]) }
        while b.count < a.count { b.append(b[0]) }
        let sign = metric.higherIsBetter ? 1.0 : -1.0
        let deltas = zip(a, b).map { sign * (((try? metric.evaluate(labels: labels, predictions: $0.0)) ?? .nan)
                                             - ((try? metric.evaluate(labels: labels, predictions: $0.1)) ?? .nan)) }
        guard !deltas.contains(where: \.isNaN) else { return nil }
        let mean = deltas.reduce(0, +) / Double(deltas.count)
        return (deltas.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(deltas.count - 1)).squareRoot()
    }

    static func modelRecord(_ spec: ModelSpec) throws(VantageError) -> ModelRecord {
        struct Encoded: Decodable {
            var parameters: [String: JSONValue]?
        }
        do {
            let decoded = try JSONDecoder().decode(Encoded.self, from: try JSONEncoder().encode(spec))
            return ModelRecord(name: spec.kind.rawValue, parameters: decoded.parameters ?? [:])
        } catch {
            throw .io(path: "model", message: "cannot record the model's parameters: \(error)")
        }
    }

    static func mean(_ xs: [Double]) -> Double {
        let v = xs.filter { !$0.isNaN }
        return v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count)
    }

    /// Model errors with the model's own message: a bad setting (a parameter, a metric
    /// name) is the caller's wording and exits 64; anything the data caused (one class
    /// in the training labels, no rows, a label that is not 0/1) names the training set
    /// and exits 1.
    static func wrap<T>(_ file: String, _ body: () throws(ModelError) -> T) throws(VantageError) -> T {
        do {
            return try body()
        } catch {
            switch error {
            case .invalidParameter, .unknownMetric: throw .usage("model: \(error)")
            default: throw .input(file: file, line: 0, column: 0, message: "model: \(error)")
            }
        }
    }
}
