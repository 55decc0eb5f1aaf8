import ArgumentParser
import Foundation
import VantageBacktest
import VantageCore
import VantageModels
import VantageSkew
import VantageStore

struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Train and evaluate out of time at every freshness level; measure the uplift of fresher features.",
        discussion: """
            Sweeps the spec (or reads an existing sweep), then trains the same model with the \
            same rows and split at every level, so the only difference between levels is \
            freshness. Prints each level's metrics with 95% bootstrap intervals, the paired \
            uplift over the baseline level (default: the stalest) and a verdict; writes \
            backtest.json to the output folder. The folder (with sweep/ when the spec is \
            swept) is built under a hidden name and renamed into place only when complete and \
            recorded; an existing one is replaced only if it is a previous backtest (with \
            backtest.json), else --force is needed.

            Examples:
              vantage backtest datasets/fraud/spec.yaml --out runs/fraud
              vantage backtest --sweep sweeps/fraud --label is_fraud --out runs/fraud
              vantage backtest spec.yaml --model logistic --split 2024-03-01 --gap 1d --folds 3
              vantage backtest spec.yaml --freshness-from runs/fraud/skew --out runs/fraud-as-served
            """
    )

    @Argument(help: "The spec file; omit with --sweep.")
    var spec: String?

    @Option(name: .long, help: "Backtest an existing sweep folder instead of sweeping the spec.")
    var sweep: String?

    @Option(name: .long, help: "The output folder (default: runs/<name of the spec's folder>).")
    var out: String?

    @Option(name: .long, help: "The label column (default: spine.label in the spec).")
    var label: String?

    @Option(name: .long, help: "gbdt (default), logistic (binary label) or linear (numeric label).")
    var model: String = "gbdt"

    @Option(name: .long, help: "The headline metric: roc_auc, pr_auc, log_loss, brier, recall_at_precision; rmse, mae, r2.")
    var metric: String?

    @Option(name: .long, help: "Train on rows before this time (default: the 80th percentile of spine time).")
    var split: String?

    @Option(name: .long, help: "Gap between training and test, e.g. 1d (labels that mature late stay out of training).")
    var gap: String = "0"

    @Option(name: .long, help: "Walk-forward folds over the test period (expanding window).")
    var folds: Int = 1

    @Option(name: .long, help: "Bootstrap resamples for the intervals.")
    var resamples: Int = 1000

    @Option(name: .long, help: "Seed for the model and the bootstrap.")
    var seed: UInt64 = 0

    @Option(name: .long, help: "The level to compare with (default: the stalest).")
    var baseline: String?

    @Option(name: .long, help: "Comma-separated levels to sweep (default: the spec's freshness.levels).")
    var levels: String?

    @Option(name: .customLong("spine-features"), help: "Comma-separated spine columns to use as features too (request-time data).")
    var spineFeatures: String?

    @Flag(name: .customLong("each-view"), help: "Also attribute the uplift to each candidate view made fresh alone.")
    var eachView = false

    @Option(name: .customLong("freshness-from"), help: "A 'vantage skew' folder: each view at its effective freshness; the candidates' shared effective level is added and is the default baseline.")
    var freshnessFrom: String?

    @Flag(name: .long, help: "Print backtest.json to stdout instead of the summary.")
    var json = false

    @OptionGroup var store: StoreOptions
    @OptionGroup var write: WriteOptions
    @OptionGroup var memory: MemoryOptions
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if out?.isEmpty == true { throw ValidationError("--out is empty: name the folder to write") }
        if spec == nil && sweep == nil { throw ValidationError("give a spec file, or --sweep with a sweep folder") }
        if spec != nil && sweep != nil { throw ValidationError("give either a spec file or --sweep, not both") }
        if freshnessFrom != nil && sweep != nil { throw ValidationError("--freshness-from needs a spec file: a sweep's levels are already fixed") }
        if ModelKind(rawValue: model) == nil { throw ValidationError("--model \(model): expected gbdt, logistic or linear") }
        if Duration(parsing: gap) == nil { throw ValidationError("--gap \(gap): expected a duration like 1d") }
        if split != nil && TimeParser.parse(split ?? "") == nil { throw ValidationError("--split \(split ?? ""): expected a time like 2024-03-01") }
        if folds < 1 || folds > 100 { throw ValidationError("--folds must be between 1 and 100") }
        if resamples < 10 { throw ValidationError("--resamples must be at least 10") }
        if let levels { _ = try levels.split(separator: ",").map { try parseLevel(String($0)) } }
    }

    func run() throws {
        try CommandRunner.run {
            let progress = Progress(quiet: common.quiet || json)
            var options = BacktestOptions()
            options.model = ModelKind(rawValue: model) ?? .gbdt
            options.label = label
            options.metric = metric
            options.split = split.flatMap { TimeParser.parse($0) }
            options.gap = Duration(parsing: gap) ?? options.gap
            options.folds = folds
            options.resamples = resamples
            options.seed = seed
            options.baseline = baseline
            options.spineFeatures = spineFeatures?.split(separator: ",").map(String.init) ?? []
            options.eachView = eachView
            options.progress = progress.callback
            // Everything is checked before any work (output, then store); the folder is
            // built whole under a hidden name and published with the store record, or not at all.
            let folder: String
            let inputs: [OutputCheck.Input]
            var specToSweep: Spec?
            if let sweep {
                folder = out ?? "runs/" + URL(fileURLWithPath: sweep).lastPathComponent
                inputs = [.init(sweep, role: "sweep folder")]
            } else {
                let specPath = spec ?? ""
                let spec = try loadSpec(specPath)
                folder = out ?? "runs/" + URL(fileURLWithPath: specPath).deletingLastPathComponent().lastPathComponent
                inputs = OutputCheck.inputs(of: spec) + (freshnessFrom.map { [.init($0, role: "skew folder")] } ?? [])
                specToSweep = spec
            }
            try OutputCheck.check(folder, kind: .backtestFolder, inputs: inputs, force: write.force)
            let runs = try store.openForWriting(inputs: inputs, outputs: [folder])
            let staging = try StagingFolder(final: folder)
            let computed: BacktestResult
            let recordedSweep: String
            if let sweep {
                recordedSweep = sweep
                computed = try staging.naming(folder) { () throws(VantageError) in
                    try BacktestRunner.run(sweepFolder: sweep, out: staging.path, options: options)
                }
            } else if var spec = specToSweep {
                var names = levels.map { $0.split(separator: ",").map(String.init) }
                    ?? (spec.freshness.levels.isEmpty ? FreshnessSpec.defaultLevelNames : spec.freshness.levels.map(\.name))
                if let freshnessFrom {
                    let (served, shared) = try SkewFolder.applyEffective(try SkewFolder.load(freshnessFrom), to: spec)
                    spec = served
                    if let shared {
                        let same = names.first { (try? FreshnessLevel(parsing: $0))?.isSameSchedule(as: shared) == true }
                        if same == nil { names.append(shared.name) }
                        if baseline == nil { options.baseline = same ?? shared.name }
                    }
                }
                let chosen = try SweepRun.levels(names)
                recordedSweep = folder + "/sweep"
                try FileManager.default.createDirectory(atPath: staging.path + "/sweep", withIntermediateDirectories: false)
                computed = try staging.naming(folder) { () throws(VantageError) in
                    _ = try SweepRun.write(spec: spec, into: staging.path + "/sweep", options: .init(
                        levels: chosen, eachView: eachView, memory: try memory.budget(), progress: progress.callback))
                    return try BacktestRunner.run(sweepFolder: staging.path + "/sweep", out: staging.path, options: options)
                }
            } else {
                throw ValidationError("give a spec file, or --sweep with a sweep folder")
            }
            try Cancellation.check()
            var recorded = computed
            recorded.provenance.sweep = recordedSweep
            let publication = Publication([.init(staged: staging.path, final: folder)])
            let stagedJSON = staging.path + "/backtest.json"
            if let runs {
                let manifest = try BacktestRunner.sweepManifest(sweep ?? staging.path + "/sweep")
                let toRecord = recorded
                recorded.runID = try runs.record(backtest: toRecord, manifest: manifest, output: folder) { id throws(VantageError) in
                    var withID = toRecord
                    withID.runID = id
                    try AtomicFile.write(try JSONOutput.encode(withID), to: stagedJSON)
                    try publication.publish()
                }
            } else {
                try AtomicFile.write(try JSONOutput.encode(recorded), to: stagedJSON)
                try publication.publish()
            }
            publication.finish()
            let result = recorded
            progress.done()
            if json {
                print(String(decoding: try JSONOutput.encode(result), as: UTF8.self), terminator: "")
                return
            }
            guard !common.quiet else { return }
            print(BacktestTable.render(result))
            print("")
            for v in result.verdicts { print(v) }
            print("\nwrote \(folder)/backtest.json" + (result.runID.map { "; recorded as run \($0) in \(store.store)" } ?? ""))
        }
    }
}

/// The per-level metrics as a terminal table: value and 95% interval of each metric.
enum BacktestTable {
    static func render(_ r: BacktestResult) -> String {
        let order = ["roc_auc", "pr_auc", "log_loss", "brier", "rmse", "mae", "r2"]
        let present = r.levels.first.map { l in order.filter { l.metrics[$0] != nil } + l.metrics.keys.sorted().filter { !order.contains($0) } } ?? []
        let names = [r.headlineMetric] + present.filter { $0 != r.headlineMetric }
        var rows = [["level"] + names.map(MetricNames.display)]
        for l in r.levels {
            rows.append([l.level + (l.level == r.baseline ? " (baseline)" : "")] + names.map { n in
                guard let m = l.metrics[n] else { return "-" }
                return String(format: "%.4f [%.4f, %.4f]", m.value, m.ci[0], m.ci[1])
            })
        }
        let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max() ?? 0 }
        let header = "\(r.task) task, label \(r.label), model \(r.model.name); train before \(r.split.trainEnd) (\(r.split.trainRows) rows), test from \(r.split.testStart) (\(r.split.testRows) rows)"
        return header + "\n" + rows.map { row in
            row.enumerated().map { c, v in v.padding(toLength: widths[c], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
