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
        let baseline = try baselineLevel(levels, chosen: options.baseline)
        let layout = try source.frameLayout()
        let label = layout.label
        let features = layout.features

        // Rows, labels, times and the split come from the first level; every level shares them.
        options.progress?("reading \(first).csv")
        let (base, task) = try source.frame(first + ".csv", task: nil)
        let usable = base.labels.map { !$0.isNaN }
        let split = try TimeSplit(times: base.times, usable: usable,
                                  split: options.split ?? TimeSplit.defaultSplit(times: base.times, usable: usable),
                                  gap: options.gap, folds: options.folds)
        let modelSpec = try modelSpec(options, task: task)
        let metrics = try metricList(task: task, headline: options.metric)
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
        for (n, level) in levels.enumerated() {
            options.progress?("training \(modelSpec.kind.rawValue) at \(level) (\(n + 1)/\(levels.count))")
            var fitClock = Stopwatch()
            let frame = level == first ? base : try source.frame(level + ".csv", task: task).0
            let (preds, importance, foldMetrics) = try evaluate(frame: frame, base: base, split: split, task: task, model: modelSpec,
                                                                metrics: metrics, fitClock: &fitClock)
            predictions[level] = preds
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

        var attribution: [Uplift]?
        if options.eachView {
            attribution = try attribute(source: source, levels: levels, baseline: baseline, base: base, split: split,
                                        task: task, model: modelSpec, metrics: metrics, labels: testLabels, bootstrap: bootstrap,
                                        predictions: predictions, progress: options.progress)
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
        withVerdicts.verdicts = Verdicts.lines(result)
        return withVerdicts
    }

    /// Trains on each fold's training rows and predicts its test rows; predictions pooled
    /// in fold order, importance from the last (largest) fold.
    static func evaluate(frame: TrainingFrame, base: TrainingFrame, split: TimeSplit,
                         task: BacktestTask, model: ModelSpec, metrics: [Metric], fitClock: inout Stopwatch) throws(VantageError)
        -> ([Double], [FeatureImportance], [[String: Double]])
    {
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
                        bootstrap: PairedBootstrap, view: String? = nil, file: String) throws(VantageError) -> Uplift {
        let c = try wrap(file) { () throws(ModelError) in try bootstrap.compare(labels: labels, predictionsA: a, predictionsB: b, metric: metric) }
        return Uplift(level: level, baseline: baseline, metric: metric.label, delta: c.delta, ci: [c.lower, c.upper],
                      significant: c.significant, view: view)
    }

    /// Uplift of each candidate view made fresh alone, from the sweep's `each-view/` files.
    static func attribute(source: SweepSource, levels: [String], baseline: String, base: TrainingFrame, split: TimeSplit,
                          task: BacktestTask, model: ModelSpec, metrics: [Metric], labels: [Double],
                          bootstrap: PairedBootstrap, predictions: [String: [Double]],
                          progress: (@Sendable (String) -> Void)?) throws(VantageError) -> [Uplift] {
        guard let each = source.report.eachView, !each.isEmpty else {
            throw .usage("--each-view needs a sweep made with --each-view (no each-view/ files in \(source.folder ?? "the sweep"))")
        }
        // With one candidate view, moving it alone is the sweep itself: reuse those models.
        if each.count == 1, let view = each.keys.first, source.spec.candidateViews == [view] {
            return try levels.filter { $0 != baseline }.map { level throws(VantageError) in
                try compare(level: level, baseline: baseline, labels: labels, a: predictions[level] ?? [],
                            b: predictions[baseline] ?? [], metric: metrics[0], bootstrap: bootstrap, view: view, file: base.path)
            }
        }
        var out = [Uplift]()
        for view in each.keys.sorted() {
            guard let files = each[view], let baseFile = files[baseline] else { continue }
            progress?("attribution: \(view) at \(baseline)")
            var clock = Stopwatch()
            let (basePreds, _, _) = try evaluate(frame: try source.frame(baseFile, task: task).0, base: base, split: split,
                                                 task: task, model: model, metrics: metrics, fitClock: &clock)
            for level in levels where level != baseline {
                guard let file = files[level] else { continue }
                progress?("attribution: \(view) at \(level)")
                let (preds, _, _) = try evaluate(frame: try source.frame(file, task: task).0, base: base, split: split,
                                                 task: task, model: model, metrics: metrics, fitClock: &clock)
                out.append(try compare(level: level, baseline: baseline, labels: labels, a: preds, b: basePreds,
                                       metric: metrics[0], bootstrap: bootstrap, view: view, file: base.path))
            }
        }
        return out
    }

    static func modelSpec(_ o: BacktestOptions, task: BacktestTask) throws(VantageError) -> ModelSpec {
        switch (o.model, task) {
        case (.logistic, .regression): throw .usage("--model logistic needs a binary label; use linear or gbdt for a numeric one")
        case (.linear, .binary): throw .usage("--model linear fits a numeric label; use logistic or gbdt for a binary one")
        default: return ModelSpec.defaults(for: o.model, regression: task == .regression, seed: o.seed)
        }
    }

    static func metricList(task: BacktestTask, headline: String?) throws(VantageError) -> [Metric] {
        var metrics = MetricRegistry.defaults(binary: task == .binary)
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

    /// The stalest level: the longest lag or cadence (ties: the later one listed).
    public static func baselineLevel(_ levels: [String], chosen: String?) throws(VantageError) -> String {
        if let chosen {
            guard levels.contains(chosen) else {
                throw .usage("--baseline \(chosen) is not one of the sweep's levels (\(levels.joined(separator: ", ")))")
            }
            return chosen
        }
        var best = levels[0], bestAge = -1.0
        for l in levels {
            let level = try FreshnessLevel(parsing: l)
            let age = level.every.approximateSeconds
            if age >= bestAge { best = l; bestAge = age }
        }
        return best
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
