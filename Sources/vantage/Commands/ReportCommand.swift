import ArgumentParser
import Foundation
import VantageBacktest
import VantageCore
import VantageReport
import VantageSkew
import VantageStore

/// `vantage report <backtest folder>`: reads backtest.json and writes the report folder.
/// Thin by design: loading, rendering and writing live in VantageReport.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the freshness report of a backtest: a web page, Markdown, SVG charts and a notebook.",
        discussion: """
            Reads <folder>/backtest.json (written by 'vantage backtest') and writes <folder>/report/, or the \
            folder given with --out: report.html (one self-contained page with the verdict, the charts and \
            every figure behind them; it needs no network and prints well), report.md (the same for a \
            terminal or a pull request, charts linked as SVG), one .svg per chart, and <name>.ipynb, a \
            notebook whose outputs are already filled in and whose code cells rebuild every table and chart \
            with pandas and matplotlib. The same backtest always gives the same files, byte for byte. \
            The folder is written under a hidden name and renamed into place when complete; an \
            existing one is replaced only if it is a previous report (with report.html), else --force.

            Examples:
              vantage report runs/fraud
              vantage report runs/fraud --out reports/fraud-june --notebook fraud-june
              vantage report --run 12
              vantage report runs/fraud --skew runs/fraud/skew

            A 'vantage skew' folder adds a train-serve skew section: --skew, else <folder>/skew when it exists.
            """
    )

    @Argument(help: "The backtest folder (holding backtest.json), or a backtest.json file.")
    var folder: String?

    @Option(name: .customLong("run"), help: "Report an earlier backtest from the run store, by id (vantage runs list).")
    var runID: Int?

    @OptionGroup var store: StoreOptions

    @Option(name: .long, help: "The report folder (default: <folder>/report).")
    var out: String?

    @Option(name: .long, help: "The notebook's file name (default: the backtest folder's name).")
    var notebook: String?

    @Option(name: .long, help: "A 'vantage skew' folder to show as a section (default: <folder>/skew when it exists).")
    var skew: String?

    @Option(name: .customLong("top-features"), help: "Features per panel of the importance chart.")
    var topFeatures = 12

    @OptionGroup var write: WriteOptions

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if (folder == nil) == (runID == nil) { throw ValidationError("give a backtest folder, or --run with a run id from the store") }
        if out?.isEmpty == true { throw ValidationError("--out is empty: name the report folder to write") }
        guard topFeatures > 0 else { throw ValidationError("--top-features must be at least 1, got \(topFeatures)") }
        if let notebook {
            do { _ = try ReportWriter.notebookFileName(notebook) } catch { throw ValidationError(error.description) }
        }
    }

    func run() throws {
        try CommandRunner.run {
            let progress = Progress(quiet: common.quiet)
            let result: BacktestResult
            let backtestFolder: String
            var inputs = [OutputCheck.Input]()
            if let runID {
                let runs = try store.openForReading()
                result = try runs.backtest(runID)
                backtestFolder = try runs.summary(runID).outputPath
                inputs.append(.init(store.store, role: "run store"))
            } else {
                let folder = self.folder ?? "."
                let file = BacktestFile.locate(folder)
                try OutputCheck.requireRegularFile(file, role: "backtest result")
                progress("reading \(file)")
                result = try BacktestFile.load(folder)
                backtestFolder = (file as NSString).deletingLastPathComponent
                inputs.append(.init(file, role: "backtest result"))
            }
            let reportFolder = out ?? (backtestFolder.isEmpty ? "report" : backtestFolder + "/report")
            let skewFolder = skew ?? (SkewFolder.exists(backtestFolder + "/skew") ? backtestFolder + "/skew" : nil)
            if let skewFolder { inputs.append(.init(skewFolder, role: "skew folder")) }
            try OutputCheck.check(reportFolder, kind: .reportFolder, inputs: inputs, force: write.force)
            let options = ReportOptions(reportFolder: reportFolder, backtestFolder: backtestFolder.isEmpty ? "." : backtestFolder,
                                        topFeatures: topFeatures)
            progress("writing the report")
            let sections = try skewFolder.map { [SkewReportSection.make(try SkewFolder.load($0), folder: $0)] } ?? []
            // Written whole under a hidden name, then renamed over any previous report.
            let staging = try StagingFolder(final: reportFolder)
            let staged = try ReportWriter.write(result, to: staging.path, notebookName: notebook ?? defaultNotebookName(backtestFolder),
                                                options: options, sections: sections)
            try Cancellation.check()
            let publication = Publication([.init(staged: staging.path, final: reportFolder)])
            try publication.publish()
            publication.finish()
            let files = staged.moved(to: reportFolder)
            progress.done()
            guard !common.quiet else { return }
            print(files.headline.answer)
            print("report: \(files.html)")
            print("  also \(files.markdown), \(files.charts.count) charts as SVG, and the notebook \(files.notebook)")
            if let skewFolder { print("  with the train-serve skew of \(skewFolder)") }
        }
    }

    /// The backtest folder's name ("fraud" for runs/fraud), or "report" when it has none.
    private func defaultNotebookName(_ backtestFolder: String) -> String {
        let name = URL(fileURLWithPath: backtestFolder.isEmpty ? "." : backtestFolder).standardizedFileURL.lastPathComponent
        return (try? ReportWriter.notebookFileName(name)).map { _ in name } ?? "report"
    }
}
