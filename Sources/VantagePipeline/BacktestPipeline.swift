import Foundation
import VantageBacktest
import VantageCore
import VantageReport
import VantageStore

/// The whole job in one process, as `vantage backtest` and `vantage demo` run it:
/// sweep → backtest → record → report. The spec is decoded once by the caller, each
/// training set is parsed once (taken from memory when the sweep runs here), and
/// `backtest.json` is written once, after the run is recorded, so it carries its run id.
///
/// Writes follow the project's discipline: the whole folder (`sweep/`, `backtest.json`,
/// `report/`) is built under a hidden staging name beside `out` and published by one
/// rename inside the run store's transaction, with any companion files; on an error or
/// an interrupt the stage is removed, the store records nothing and a previous output
/// at `out` is left as it was. The caller checks `out` and opens the store before.
public enum BacktestPipeline {
    /// Where the training sets come from.
    public enum Input: Sendable {
        /// Sweep this spec into `<out>/sweep` first.
        case spec(Spec)
        /// Backtest a folder written earlier by `vantage sweep` (`--sweep DIR`).
        case sweepFolder(String)
    }

    /// A file published beside the folder, made from the finished result (the demo's
    /// exported notebook).
    public struct Companion: Sendable {
        public var path: String
        public var bytes: @Sendable (BacktestResult) throws(VantageError) -> [UInt8]

        public init(path: String, bytes: @escaping @Sendable (BacktestResult) throws(VantageError) -> [UInt8]) {
            self.path = path
            self.bytes = bytes
        }
    }

    public struct Request {
        public var input: Input
        /// The output folder: `backtest.json`, `sweep/` and `report/`.
        public var out: String
        /// `--levels`; nil: the spec's levels, else the defaults.
        public var levels: [String]?
        /// False: the sweep's CSVs are computed in memory only and nothing is written under
        /// `sweep/` (`--no-training-sets`).
        public var writeTrainingSets = true
        public var dropBadTimes = false
        /// The memory budget of the sweep (inputs larger than it go through spill files).
        public var memory = MemoryBudget()
        public var backtest: BacktestOptions
        /// The run store to record in, opened and checked by the caller; nil: not recorded.
        public var store: RunStore?
        /// Also write the report (HTML, Markdown, charts, notebook) under `<out>/report`
        /// with this notebook name.
        public var reportNotebook: String?
        /// Files published together with the folder.
        public var companions: [Companion] = []

        public init(input: Input, out: String, backtest: BacktestOptions) {
            self.input = input
            self.out = out
            self.backtest = backtest
        }
    }

    public struct Outcome: Sendable {
        /// The result as written to `backtest.json` (with its run id when recorded).
        public var result: BacktestResult
        /// The path of `backtest.json`.
        public var backtestJSON: String
        /// The report's files, when asked for.
        public var report: ReportFiles?
    }

    public static func run(_ request: Request) throws(VantageError) -> Outcome {
        let out = request.out
        var options = request.backtest
        // The training sets are sampled to the same budget the sweep is held to.
        if options.memoryBudget == nil { options.memoryBudget = request.memory.bytes }
        let staging = try StagingFolder(final: out)
        let (computed, manifest) = try staging.naming(out) { () throws(VantageError) -> (BacktestResult, Manifest) in
            let source: SweepSource
            var recordedSweep: String
            var scratch: String?
            switch request.input {
            case let .sweepFolder(folder):
                source = try SweepSource.folder(folder, options: options)
                recordedSweep = folder
            case let .spec(spec):
                let levels = try spec.freshness.sweepLevels(requested: request.levels)
                // A wrong --baseline is the caller's wording: say so before sweeping.
                _ = try BaselineChoice(levels: levels.map(\.name), requested: options.baseline, spec: spec.freshness.baseline)
                if let text = options.splitText, TimeParser.parse(text) == nil, TimeParser.parse(text, format: spec.spine.timeFormat) == nil {
                    throw .usage("--split \(text): expected a time like 2024-03-01, or a \(spec.spine.timeFormat.rawValue) time as in the spine")
                }
                var sweep = SweepRun.Options(levels: levels, eachView: options.eachView, dropBadTimes: request.dropBadTimes, progress: options.progress)
                sweep.baseline = options.baseline
                sweep.memory = request.memory
                // A spilled sweep writes its training sets to read them back in chunks: under
                // --no-training-sets they go to a scratch folder in the stage, removed
                // before publishing (and with the stage on an error or an interrupt).
                let spills = SpilledJoin.plan(spec, budget: request.memory, dropBadTimes: request.dropBadTimes) != nil
                var sweepFolder: String?
                if request.writeTrainingSets {
                    sweepFolder = staging.path + "/sweep"
                } else if spills {
                    scratch = staging.path + "/.training-sets"
                    sweepFolder = scratch
                }
                if let sweepFolder { try createFolder(sweepFolder) }
                source = try SweepSource.sweep(spec: spec, out: sweepFolder, sweep: sweep, options: options)
                source.keepsTrainingSets = request.writeTrainingSets
                recordedSweep = request.writeTrainingSets ? out + "/sweep" : spills ? "(not kept)" : "(in memory)"
            }
            var result = try BacktestRunner.run(source: source, out: staging.path, options: options)
            if let scratch { try removeFolder(scratch) }
            result.provenance.sweep = recordedSweep
            return (result, source.report.manifest)
        }
        try Cancellation.check()
        let companionStages = try request.companions.map { c throws(VantageError) in (c, try StagingFolder(final: c.path)) }
        let publication = Publication([.init(staged: staging.path, final: out)]
            + companionStages.map { c, stage in .init(staged: stage.file("companion"), final: c.path) })
        // Writes backtest.json (with the run id), the report and the companions into the
        // stages, then publishes them: inside the store's transaction when recording.
        let complete = { (id: Int?) throws(VantageError) -> (BacktestResult, ReportFiles?) in
            var finished = computed
            finished.runID = id
            try staging.naming(out) { () throws(VantageError) in
                try AtomicFile.write(try JSONOutput.encode(finished), to: staging.path + "/backtest.json")
            }
            var files: ReportFiles?
            if let name = request.reportNotebook {
                options.progress?("writing the report")
                files = try staging.naming(out) { () throws(VantageError) in
                    try ReportWriter.write(finished, to: staging.path + "/report", notebookName: name)
                }.moved(to: out + "/report")
            }
            for (c, stage) in companionStages { try AtomicFile.write(try c.bytes(finished), to: stage.file("companion")) }
            try Cancellation.check()
            try publication.publish()
            return (finished, files)
        }
        var outcome: (BacktestResult, ReportFiles?)?
        if let store = request.store {
            _ = try store.record(backtest: computed, manifest: manifest, output: out) { id throws(VantageError) in
                outcome = try complete(id)
            }
        } else {
            outcome = try complete(nil)
        }
        publication.finish()
        withExtendedLifetime(companionStages) {}
        guard let (result, files) = outcome else { throw .io(path: out, message: "the run was not completed") }
        return Outcome(result: result, backtestJSON: out + "/backtest.json", report: files)
    }

    static func removeFolder(_ path: String) throws(VantageError) {
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw .io(path: path, message: "cannot remove the training sets written for this backtest: \(error.localizedDescription)")
        }
    }

    static func createFolder(_ path: String) throws(VantageError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .io(path: path, message: "cannot create the output folder: \(error.localizedDescription)")
        }
    }
}
