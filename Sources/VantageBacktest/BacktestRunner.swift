import Foundation
import VantageCore
import VantageModels

/// `vantage backtest`: the same rows, split and model settings at every freshness level
/// of a sweep, so the only difference between levels is freshness; metrics with bootstrap
/// intervals, paired uplift against the baseline level, money and attribution.
public enum BacktestRunner {
    /// Backtests the sweep in `sweepFolder` and writes `backtest.json` into `out`.
    public static func run(sweepFolder: String, out: String, options: BacktestOptions) throws(VantageError) -> BacktestResult {
        let sweep = try SweepFolder(path: sweepFolder)
        let spec = sweep.spec
        guard let label = options.label ?? spec.spine.label else {
            throw .usage("no label: set spine.label in the spec or pass --label")
        }
        let levels = sweep.report.manifest.levels
        guard let first = levels.first else { throw .usage("the sweep in \(sweepFolder) has no levels") }
        let features = try featureColumns(spec: spec, sweep: sweep, label: label, extra: options.spineFeatures)
        let columns = FrameColumns(label: label, time: spec.spine.time, timeFormat: spec.spine.timeFormat)

        // Rows, labels, times and the split come from the first level; every level shares them.
        options.progress?("reading \(first).csv")
        let (base, task) = try TrainingFrame.load(path: sweep.csvPath(level: first), label: label, time: spec.spine.time,
                                                  timeFormat: spec.spine.timeFormat, features: features, task: nil)
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
        let value = try valueModel(spec: spec, sweep: sweep, task: task, level: first, pooled: pooled)

        var levelResults = [LevelResult]()
        var predictions = [String: [Double]]()
        for (n, level) in levels.enumerated() {
            options.progress?("training \(modelSpec.kind.rawValue) at \(level) (\(n + 1)/\(levels.count))")
            var fitClock = Stopwatch()
            let (preds, importance, foldMetrics) = try evaluate(path: sweep.csvPath(level: level), columns: columns, base: base, split: split,
                                                                features: features, task: task, model: modelSpec, metrics: metrics,
                                                                fitClock: &fitClock)
            predictions[level] = preds
            var values = [String: MetricValue]()
            for m in metrics {
                let i = try wrap { () throws(ModelError) in try bootstrap.interval(labels: testLabels, predictions: preds, metric: m) }
                values[m.label] = MetricValue(value: i.estimate, ci: [i.lower, i.upper])
            }
            levelResults.append(LevelResult(level: level, trainingSet: sweep.relativePath(level: level, from: out),
                                            metrics: values, foldMetrics: split.folds.count > 1 ? foldMetrics : nil,
                                            importance: importance, value: nil))
            levelResults[levelResults.count - 1].fitSeconds = fitClock.stages["fit"]
        }

        let baseline = try baselineLevel(levels, chosen: options.baseline)
        options.progress?("comparing levels with \(baseline)")
        var uplift = [Uplift]()
        for level in levels where level != baseline {
            uplift.append(try compare(level: level, baseline: baseline, labels: testLabels, a: predictions[level] ?? [],
                                      b: predictions[baseline] ?? [], metric: headline, bootstrap: bootstrap))
        }

        var valueResult: ValueResult?
        if let value {
            let eventsPerMonth = sweep.eventsPerMonth(times: base.times)
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
                    let ci = MeanBootstrap.interval(zip(rows, baseRows).map { $0 - $1 }, resamples: options.resamples, seed: options.seed)
                    netCI = ci.map { $0 * eventsPerMonth - extraInfra }
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
            attribution = try attribute(sweep: sweep, columns: columns, levels: levels, baseline: baseline, base: base, split: split, features: features,
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
            profile: sweep.report.profile,
            provenance: Provenance(spec: sweep.report.manifest.spec, inputs: sweep.report.manifest.inputs, sweep: sweepFolder, seed: options.seed),
            verdicts: [])
        var withVerdicts = result
        withVerdicts.verdicts = Verdicts.lines(result)
        try AtomicFile.write(try JSONOutput.encode(withVerdicts), to: out + "/backtest.json")
        return withVerdicts
    }

    /// Trains on each fold's training rows and predicts its test rows; predictions pooled
    /// in fold order, importance from the last (largest) fold.
    static func evaluate(path: String, columns: FrameColumns, base: TrainingFrame, split: TimeSplit, features: [String],
                         task: BacktestTask, model: ModelSpec, metrics: [Metric], fitClock: inout Stopwatch) throws(VantageError)
        -> ([Double], [FeatureImportance], [[String: Double]])
    {
        try Cancellation.check()
        let (frame, _) = try TrainingFrame.load(path: path, label: columns.label, time: columns.time,
                                                timeFormat: columns.timeFormat, features: features, task: task)
        // Every level is the same spine: same rows, labels and times, or the comparison is void.
        guard frame.rowCount == base.rowCount, frame.times == base.times,
              zip(frame.labels, base.labels).allSatisfy({ $0 == $1 || ($0.isNaN && $1.isNaN) }) else {
            throw .input(file: path, line: 0, column: 0, message: "this training set does not have the same spine rows as \(base.path); re-run the sweep")
        }
        let matrix = try frame.matrix(encodingFrom: split.folds[0].train)
        var preds = [Double]()
        var importance = [FeatureImportance]()
        var perFold = [[String: Double]]()
        for fold in split.folds {
            fitClock.lap("prepare")
            let fitted = try wrap { () throws(ModelError) -> any PredictiveModel in
                try model.fit(train: try matrix.rows(fold.train), labels: fold.train.map { base.labels[$0] })
            }
            fitClock.lap("fit")
            let p = try wrap { () throws(ModelError) in try fitted.predict(try matrix.rows(fold.test)) }
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
                        bootstrap: PairedBootstrap, view: String? = nil) throws(VantageError) -> Uplift {
        let c = try wrap { () throws(ModelError) in try bootstrap.compare(labels: labels, predictionsA: a, predictionsB: b, metric: metric) }
        return Uplift(level: level, baseline: baseline, metric: metric.label, delta: c.delta, ci: [c.lower, c.upper],
                      significant: c.significant, view: view)
    }

    /// Uplift of each candidate view made fresh alone, from the sweep's `each-view/` files.
    static func attribute(sweep: SweepFolder, columns: FrameColumns, levels: [String], baseline: String, base: TrainingFrame, split: TimeSplit,
                          features: [String], task: BacktestTask, model: ModelSpec, metrics: [Metric], labels: [Double],
                          bootstrap: PairedBootstrap, predictions: [String: [Double]],
                          progress: (@Sendable (String) -> Void)?) throws(VantageError) -> [Uplift] {
        guard let each = sweep.report.eachView, !each.isEmpty else {
            throw .usage("--each-view needs a sweep made with --each-view (no each-view/ files in \(sweep.path))")
        }
        // With one candidate view, moving it alone is the sweep itself: reuse those models.
        if each.count == 1, let view = each.keys.first, sweep.spec.candidateViews == [view] {
            return try levels.filter { $0 != baseline }.map { level throws(VantageError) in
                try compare(level: level, baseline: baseline, labels: labels, a: predictions[level] ?? [],
                            b: predictions[baseline] ?? [], metric: metrics[0], bootstrap: bootstrap, view: view)
            }
        }
        var out = [Uplift]()
        for view in each.keys.sorted() {
            guard let files = each[view], let baseFile = files[baseline] else { continue }
            progress?("attribution: \(view) at \(baseline)")
            var clock = Stopwatch()
            let (basePreds, _, _) = try evaluate(path: sweep.path + "/" + baseFile, columns: columns, base: base, split: split, features: features,
                                                 task: task, model: model, metrics: metrics, fitClock: &clock)
            for level in levels where level != baseline {
                guard let file = files[level] else { continue }
                progress?("attribution: \(view) at \(level)")
                let (preds, _, _) = try evaluate(path: sweep.path + "/" + file, columns: columns, base: base, split: split, features: features,
                                                 task: task, model: model, metrics: metrics, fitClock: &clock)
                out.append(try compare(level: level, baseline: baseline, labels: labels, a: preds, b: basePreds,
                                       metric: metrics[0], bootstrap: bootstrap, view: view))
            }
        }
        return out
    }

    static func featureColumns(spec: Spec, sweep: SweepFolder, label: String, extra: [String]) throws(VantageError) -> [String] {
        let header = try sweep.header(level: sweep.report.manifest.levels.first ?? "")
        for c in extra where !header.contains(c) {
            throw .usage("--spine-features: no column \"\(c)\" in the training sets")
        }
        for c in extra where c == label || c == spec.spine.time {
            throw .usage("--spine-features: \(c) is the label or the time column, not a feature")
        }
        let viewColumns = Set(spec.views.flatMap(\.outputColumns))
        let fromViews = header.filter { viewColumns.contains($0) }
        return extra + fromViews
    }

    static func modelSpec(_ o: BacktestOptions, task: BacktestTask) throws(VantageError) -> ModelSpec {
        switch (o.model, task) {
        case (.logistic, .regression): throw .usage("--model logistic needs a binary label; use linear or gbdt for a numeric one")
        case (.linear, .binary): throw .usage("--model linear fits a numeric label; use logistic or gbdt for a binary one")
        default: return ModelSpec.defaults(for: o.model, regression: task == .regression, seed: o.seed)
        }
    }

    static func metricList(task: BacktestTask, headline: String?) throws(VantageError) -> [Metric] {
        let names = task == .binary ? ["roc_auc", "pr_auc", "log_loss", "brier", "recall_at_precision"] : ["rmse", "mae", "r2"]
        var metrics = [Metric]()
        for n in names { metrics.append(try wrap { () throws(ModelError) in try Metric(name: n) }) }
        if let headline {
            if let i = metrics.firstIndex(where: { $0.label == headline || ($0.name == headline && !headline.contains("@")) }) {
                metrics.insert(metrics.remove(at: i), at: 0)
            } else {
                // A parameterised metric (recall_at_precision@0.9) replaces its default.
                let m = try wrap { () throws(ModelError) in try Metric(name: headline) }
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
    static func baselineLevel(_ levels: [String], chosen: String?) throws(VantageError) -> String {
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

    static func valueModel(spec: Spec, sweep: SweepFolder, task: BacktestTask, level: String, pooled: [Int]) throws(VantageError) -> ValueModel? {
        guard let v = spec.value else { return nil }
        var perRow = [Double](repeating: 1, count: pooled.count)
        switch v.positiveValue {
        case let .column(c)?:
            let table = try CSVReader.read(path: sweep.csvPath(level: level), keep: [c])
            guard let col = table.column(named: c) else { throw .spec(path: "value.positive_value", message: "no column \"\(c)\" in the training set") }
            perRow = pooled.map { r in col.withField(r) { NumberParser.parse($0) } ?? 0 }
        case let .constant(x)?:
            perRow = Array(repeating: x, count: pooled.count)
        case nil:
            break
        }
        return ValueModel(spec: v, task: task, positiveValues: perRow)
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

    /// Model errors become input errors with the model's own message.
    static func wrap<T>(_ body: () throws(ModelError) -> T) throws(VantageError) -> T {
        do { return try body() } catch { throw .usage("model: \(error)") }
    }
}

/// The spine columns a training set is read by.
struct FrameColumns {
    let label: String
    let time: String
    let timeFormat: TimeFormat
}
