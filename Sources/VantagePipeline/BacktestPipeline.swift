import Foundation
import VantageBacktest
import VantageCore
import VantageReport
import VantageStore

/// The whole job in one process, as `vantage backtest` and `vantage demo` run it:
/// sweep → backtest → record → report. The spec is decoded once by the caller, each
/// training set is parsed once (taken from memory when the sweep runs here), and
/// `backtest.json` is written once, after the run is recorded, so it carries its run id.
public enum BacktestPipeline {
    /// Where the training sets come from.
    public enum Input: Sendable {
        /// Sweep this spec into `<out>/sweep` first.
        case spec(Spec)
        /// Backtest a folder written earlier by `vantage sweep` (`--sweep DIR`).
        case sweepFolder(String)
    }

    public struct Request: Sendable {
        public var input: Input
        /// The output folder: `backtest.json`, `sweep/` and `report/`.
        public var out: String
        /// `--levels`; nil: the spec's levels, else the defaults.
        public var levels: [String]?
        /// False: the sweep's CSVs are computed in memory only and nothing is written under
        /// `sweep/` (`--no-training-sets`).
        public var writeTrainingSets = true
        public var dropBadTimes = false
        public var backtest: BacktestOptions
        /// The run store to record in; nil: not recorded.
        public var store: String?
        /// Also write the report (HTML, Markdown, charts, notebook) under `<out>/report`
        /// with this notebook name.
        public var reportNotebook: String?

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
        let options = request.backtest
        let source: SweepSource
        switch request.input {
        case let .sweepFolder(folder):
            source = try SweepSource.folder(folder, options: options)
        case let .spec(spec):
            let levels = try spec.freshness.sweepLevels(requested: request.levels)
            // A wrong --baseline is the caller's wording: say so before sweeping.
            _ = try BaselineChoice(levels: levels.map(\.name), requested: options.baseline, spec: spec.freshness.baseline)
            if let text = options.splitText, TimeParser.parse(text) == nil, TimeParser.parse(text, format: spec.spine.timeFormat) == nil {
                throw .usage("--split \(text): expected a time like 2024-03-01, or a \(spec.spine.timeFormat.rawValue) time as in the spine")
            }
            try createFolder(out)
            var sweep = SweepRun.Options(levels: levels, eachView: options.eachView, dropBadTimes: request.dropBadTimes, progress: options.progress)
            sweep.baseline = options.baseline
            source = try SweepSource.sweep(spec: spec, out: request.writeTrainingSets ? out + "/sweep" : nil, sweep: sweep, options: options)
        }
        var result = try BacktestRunner.run(source: source, out: out, options: options)
        if let store = request.store {
            result.runID = try RunStore(path: store).record(backtest: result, manifest: source.report.manifest, output: out)
        }
        try createFolder(out)
        let json = out + "/backtest.json"
        try AtomicFile.write(try JSONOutput.encode(result), to: json)
        var files: ReportFiles?
        if let name = request.reportNotebook {
            options.progress?("writing the report")
            files = try ReportWriter.write(result, to: out + "/report", notebookName: name)
        }
        return Outcome(result: result, backtestJSON: json, report: files)
    }

    static func createFolder(_ path: String) throws(VantageError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .io(path: path, message: "cannot create the output folder: \(error.localizedDescription)")
        }
    }
}
