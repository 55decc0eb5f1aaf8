import ArgumentParser
import Foundation
import VantageBacktest
import VantageCore
import VantageModels
import VantagePipeline
import VantageReport
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
            uplift over the baseline level (default: the spec's freshness.baseline, else the \
            stalest), significance adjusted for every comparison of the run (Holm), a \
            recommendation, and where the uplift comes from (segments); writes backtest.json \
            to the output folder. The folder (with sweep/ when the spec is swept) is built \
            under a hidden name and renamed into place only when complete and recorded; an \
            existing one is replaced only if it is a previous backtest (with backtest.json), \
            else --force is needed.

            Training sets larger than the memory budget (--memory) are sampled to fit; --sample \
            N (about N spine rows) or --sample 0.1 (a fraction) chooses. Rows are kept by a hash \
            of their spine keys, whole keys at a time, so every level has the same rows and the \
            comparisons stay paired; only the sampled rows are read. backtest.json's sample \
            records how many rows were used and why.

            Examples:
              vantage backtest datasets/fraud/spec.yaml --out runs/fraud
              vantage backtest --sweep sweeps/fraud --label is_fraud --out runs/fraud
              vantage backtest spec.yaml --model logistic --split 2024-03-01 --gap 1d --folds 3
              vantage backtest spec.yaml --freshness-from runs/fraud/skew --out runs/fraud-as-served
              vantage backtest spec.yaml --no-training-sets --json
              vantage backtest spec.yaml --each-view --segment-by merchant_id
              vantage backtest big/spec.yaml --sample 0.1 --memory 2GiB
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

    @Option(name: .long, help: "Train on rows before this time, ISO or in the spine's time format (default: the 80th percentile of spine time).")
    var split: String?

    @Option(name: .long, help: "Gap between training and test, e.g. 1d (labels that mature late stay out of training).")
    var gap: String = "0"

    @Option(name: .long, help: "Walk-forward folds over the test period (expanding window).")
    var folds: Int = 1

    @Option(name: .long, help: "Bootstrap resamples for the intervals.")
    var resamples: Int = 1000

    @Option(name: .long, help: "Seed for the model and the bootstrap.")
    var seed: UInt64 = 0

    @Option(name: .long, help: "The level to compare with (default: the spec's freshness.baseline, else the stalest).")
    var baseline: String?

    @Option(name: .long, help: "Comma-separated levels to sweep (default: the spec's freshness.levels).")
    var levels: String?

    @Option(name: .customLong("spine-features"), help: "Comma-separated spine columns to use as features too (request-time data).")
    var spineFeatures: String?

    @Flag(name: .customLong("each-view"), help: "Also attribute the uplift to each candidate view: alone, and all but it.")
    var eachView = false

    @Option(name: .customLong("freshness-from"), help: "A 'vantage skew' folder: each view at its effective freshness; the candidates' shared effective level is added and is the default baseline.")
    var freshnessFrom: String?

    @Option(name: .customLong("segment-by"), help: "A spine column to break the headline uplift down by.")
    var segmentBy: String?

    @Option(name: .long, help: "Models per level with different seeds (gbdt), to measure training noise.")
    var seeds: Int = 3

    @Option(name: .long, parsing: .unconditional,
            help: "Use about N spine rows (a whole number) or a fraction of them (e.g. 0.1), chosen by spine-key hash (default: every row, or a sample that fits --memory).")
    var sample: String?

    @Flag(name: .customLong("no-training-sets"), help: "Keep no training sets: write no sweep/ folder (computed in memory, or, when the inputs spill, written aside and removed after the backtest).")
    var noTrainingSets = false

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
        if sweep != nil && noTrainingSets { throw ValidationError("--no-training-sets applies to a spec; --sweep reads training sets already written") }
        if sweep != nil && levels != nil { throw ValidationError("--levels applies to a spec; --sweep uses the levels of the sweep") }
        if ModelKind(rawValue: model) == nil { throw ValidationError("--model \(model): expected gbdt, logistic or linear") }
        if Duration(parsing: gap) == nil { throw ValidationError("--gap \(gap): expected a duration like 1d") }
        if folds < 1 || folds > 100 { throw ValidationError("--folds must be between 1 and 100") }
        if seeds < 1 || seeds > 20 { throw ValidationError("--seeds must be between 1 and 20") }
        if resamples < 10 { throw ValidationError("--resamples must be at least 10") }
        if let sample { do { _ = try SampleRequest(parsing: sample) } catch { throw ValidationError(error.description) } }
        if let levels { _ = try levels.split(separator: ",").map { try parseLevel(String($0)) } }
    }

    func run() throws {
        try CommandRunner.run {
            let progress = Progress(quiet: common.quiet || json)
            var options = BacktestOptions()
            options.model = ModelKind(rawValue: model) ?? .gbdt
            options.label = label
            options.metric = metric
            options.splitText = split
            options.gap = Duration(parsing: gap) ?? options.gap
            options.folds = folds
            options.resamples = resamples
            options.seed = seed
            options.baseline = baseline
            options.spineFeatures = spineFeatures?.split(separator: ",").map(String.init) ?? []
            options.eachView = eachView
            options.segmentBy = segmentBy
            options.seedRuns = seeds
            options.sample = try sample.map { s throws(VantageError) in try SampleRequest(parsing: s) }
            options.progress = progress.callback
            // Everything is checked before any work (output, then store); the folder is
            // built whole under a hidden name and published with the store record, or not at all.
            let input: BacktestPipeline.Input
            let folder: String
            let inputs: [OutputCheck.Input]
            var requestedLevels = levels.map { $0.split(separator: ",").map(String.init) }
            if let sweep {
                input = .sweepFolder(sweep)
                folder = out ?? "runs/" + URL(fileURLWithPath: sweep).lastPathComponent
                inputs = [.init(sweep, role: "sweep folder")]
            } else {
                let specPath = spec ?? ""
                var spec = try loadSpec(specPath)
                folder = out ?? "runs/" + URL(fileURLWithPath: specPath).deletingLastPathComponent().lastPathComponent
                inputs = OutputCheck.inputs(of: spec) + (freshnessFrom.map { [.init($0, role: "skew folder")] } ?? [])
                if let freshnessFrom {
                    // Each view at the freshness production really delivers; the candidates'
                    // shared effective level is swept too and is the default baseline.
                    let (served, shared) = try SkewFolder.applyEffective(try SkewFolder.load(freshnessFrom), to: spec)
                    spec = served
                    if let shared {
                        var names = requestedLevels ?? (spec.freshness.levels.isEmpty ? FreshnessSpec.defaultLevelNames : spec.freshness.levels.map(\.name))
                        let same = names.first { (try? FreshnessLevel(parsing: $0))?.isSameSchedule(as: shared) == true }
                        if same == nil { names.append(shared.name) }
                        requestedLevels = names
                        if baseline == nil { options.baseline = same ?? shared.name }
                    }
                }
                input = .spec(spec)
            }
            try OutputCheck.check(folder, kind: .backtestFolder, inputs: inputs, force: write.force)
            var request = BacktestPipeline.Request(input: input, out: folder, backtest: options)
            request.levels = requestedLevels
            request.memory = try memory.budget()
            request.writeTrainingSets = !noTrainingSets
            request.store = try store.openForWriting(inputs: inputs, outputs: [folder])
            let result = try BacktestPipeline.run(request).result
            progress.done()
            if json {
                print(String(decoding: try JSONOutput.encode(result), as: UTF8.self), terminator: "")
                return
            }
            guard !common.quiet else { return }
            print(TerminalTable.backtest(result))
            if let sample = result.sample { print(sample.summary) }
            print("")
            for v in result.verdicts { print(v) }
            print("\nwrote \(folder)/backtest.json" + (result.runID.map { "; recorded as run \($0) in \(store.store)" } ?? ""))
        }
    }
}
