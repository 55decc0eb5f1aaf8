import ArgumentParser
import Foundation
import VantageBacktest
import VantageCore
import VantagePipeline
import VantageReport

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The whole job on the bundled fraud scenario: sweep, backtest, report.",
        discussion: """
            Sweeps the committed fraud copy (datasets/fraud) at its freshness levels, one view \
            at a time too, backtests a gradient-boosted model at every level, records the run \
            in the store and writes the report (HTML, Markdown, SVG charts, notebook). The \
            folder is built under a hidden name and renamed into place when complete; an \
            existing one is replaced only if it is a previous backtest or demo, else --force.

            Examples:
              swift run -c release vantage demo
              vantage demo --out somewhere/
              swift run vantage demo --export-notebook notebooks-export/fraud-demo.ipynb
            """
    )

    @Option(name: .long, help: "The output folder.")
    var out: String = "vantage-demo"

    @Option(name: .long, help: "The scenario folder (default: datasets/fraud, looked up from here and from the binary).")
    var data: String?

    @Option(name: .customLong("export-notebook"), help: "Also write the report's notebook here, without run-specific values (for notebooks-export/).")
    var exportNotebook: String?

    @Option(name: .long, help: "Bootstrap resamples.")
    var resamples: Int = 1000

    @OptionGroup var store: StoreOptions
    @OptionGroup var write: WriteOptions
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if out.isEmpty { throw ValidationError("--out is empty: name the folder to write") }
        if exportNotebook?.isEmpty == true { throw ValidationError("--export-notebook is empty: name the .ipynb file to write") }
    }

    func run() throws {
        try CommandRunner.run {
            let progress = Progress(quiet: common.quiet)
            let dataDir = try DemoData.locate(data)
            let spec = try loadSpec(dataDir.specPath)
            // Everything is checked before any work: the outputs, then the store.
            let inputs = OutputCheck.inputs(of: spec)
            try OutputCheck.check(out, kind: .backtestFolder, inputs: inputs, force: write.force)
            if let exportNotebook {
                try OutputCheck.check(exportNotebook, option: "--export-notebook", kind: .notebookFile,
                                      inputs: inputs + [.init(out, role: "output folder (--out)")], force: write.force)
            }
            var options = BacktestOptions()
            options.eachView = true
            options.resamples = resamples
            options.progress = progress.callback
            // The whole folder (sweep, backtest.json, report) is built under a hidden name and
            // published with the store record and the exported notebook, or not at all.
            var request = BacktestPipeline.Request(input: .spec(spec), out: out, backtest: options)
            request.store = try store.openForWriting(inputs: inputs, outputs: [out])
            request.reportNotebook = "fraud-demo"
            if let exportNotebook {
                let root = dataDir.repositoryRoot
                request.companions = [.init(path: exportNotebook) { result throws(VantageError) in
                    let rendered = try ReportWriter.render(DemoData.portable(result, root: root), notebookName: "fraud-demo")
                    guard let nb = rendered.file("fraud-demo.ipynb") else { throw .io(path: exportNotebook, message: "no notebook rendered") }
                    return nb.bytes
                }]
            }
            let outcome = try BacktestPipeline.run(request)
            let result = outcome.result
            guard let files = outcome.report else { throw VantageError.io(path: out, message: "no report written") }
            progress.done()
            guard !common.quiet else { return }
            print(TerminalTable.backtest(result))
            print("")
            for v in result.verdicts { print(v) }
            print("\nreport: \(files.html)\nnotebook: \(files.notebook)" + (result.runID.map { "\nrecorded as run \($0) in \(store.store)" } ?? ""))
            if let exportNotebook { print("exported notebook: \(exportNotebook)") }
        }
    }
}

/// Where the bundled scenario is, and how to make a result independent of this machine.
enum DemoData {
    struct Located {
        var specPath: String
        var repositoryRoot: String
    }

    /// `--data`, else `datasets/fraud` under the current folder, else beside the binary's
    /// package (for `swift run` from another folder).
    static func locate(_ given: String?) throws -> Located {
        let fm = FileManager.default
        if let given {
            let spec = given.hasSuffix(".yaml") ? given : given + "/spec.yaml"
            guard fm.fileExists(atPath: spec) else { throw VantageError.usage("--data \(given): no spec.yaml there") }
            let root = URL(fileURLWithPath: spec).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
            return Located(specPath: spec, repositoryRoot: root)
        }
        if fm.fileExists(atPath: "datasets/fraud/spec.yaml") {
            return Located(specPath: "datasets/fraud/spec.yaml", repositoryRoot: fm.currentDirectoryPath)
        }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent("datasets/fraud/spec.yaml").path
            if fm.fileExists(atPath: candidate) { return Located(specPath: candidate, repositoryRoot: dir.path) }
            dir = dir.deletingLastPathComponent()
        }
        throw VantageError.usage("cannot find the bundled scenario datasets/fraud: run from the repository's folder or pass --data")
    }

    /// The result with paths relative to the repository, no run id, no timings and no
    /// memory figures (the default budget is the machine's), so the exported notebook is
    /// the same bytes on every machine and every run.
    static func portable(_ r: BacktestResult, root: String) -> BacktestResult {
        var p = r
        p.runID = nil
        p.sample?.estimatedBytes = nil
        p.sample?.memoryBudgetBytes = nil
        for i in p.levels.indices { p.levels[i].fitSeconds = nil }
        let prefix = URL(fileURLWithPath: root).standardizedFileURL.path + "/"
        func rel(_ s: String) -> String {
            let full = URL(fileURLWithPath: s).standardizedFileURL.path
            return full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : s
        }
        p.provenance.spec.path = rel(p.provenance.spec.path)
        p.provenance.sweep = "vantage-demo/sweep"
        p.provenance.inputs = p.provenance.inputs.map { var i = $0; i.source = rel(i.source); return i }
        return p
    }
}
