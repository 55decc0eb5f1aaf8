import Foundation
import VantageBacktest
import VantageCore

/// Choices a report does not take from the backtest result.
public struct ReportOptions: Sendable, Equatable {
    /// The folder `levels[].training_set` paths are relative to (the backtest folder), as
    /// seen from the report folder; the notebook loads the training sets from there.
    public var trainingSetsBase: String
    /// Most features per panel of the importance chart.
    public var topFeatures: Int

    public init(trainingSetsBase: String = "..", topFeatures: Int = 12) {
        self.trainingSetsBase = trainingSetsBase
        self.topFeatures = topFeatures
    }
}

/// One file of a rendered report: its name in the report folder and its bytes.
public struct ReportFile: Sendable, Equatable {
    public var name: String
    public var bytes: [UInt8]
}

/// A report in memory, before it is written: what tests and the "is the exported
/// notebook up to date" check compare.
public struct RenderedReport: Sendable, Equatable {
    /// report.html, report.md, the notebook, then the charts in page order.
    public var files: [ReportFile]
    public var headline: Headline

    public func file(_ name: String) -> ReportFile? { files.first { $0.name == name } }
}

/// What `write` put where.
public struct ReportFiles: Sendable, Equatable {
    public var folder: String
    public var html: String
    public var markdown: String
    public var notebook: String
    public var charts: [String]
    public var headline: Headline

    /// The same files after their folder was renamed to `folder` (a staged report published).
    public func moved(to folder: String) -> ReportFiles {
        func relocate(_ p: String) -> String {
            let name = (p as NSString).lastPathComponent
            return folder.hasSuffix("/") ? folder + name : folder + "/" + name
        }
        return ReportFiles(folder: folder, html: relocate(html), markdown: relocate(markdown), notebook: relocate(notebook),
                           charts: charts.map(relocate), headline: headline)
    }
}

/// Writes the freshness report of a backtest: `report.html` (one self-contained page),
/// `report.md`, one `.svg` per chart and `<notebookName>.ipynb`. Output is a function
/// of the result and the options only (no dates, no randomness), so the same result
/// gives the same bytes.
public enum ReportWriter {
    public static func render(_ result: BacktestResult, notebookName: String,
                              options: ReportOptions = ReportOptions()) throws(VantageError) -> RenderedReport {
        let notebookFile = try notebookFileName(notebookName)
        let content = ReportContent(result, options: options, notebookFile: notebookFile)
        let json = String(decoding: try JSONOutput.encode(result), as: UTF8.self)
        var files = [
            ReportFile(name: "report.html", bytes: Array(HTMLReport.render(content).utf8)),
            ReportFile(name: "report.md", bytes: Array(MarkdownReport.render(content).utf8)),
            ReportFile(name: notebookFile, bytes: Array(NotebookWriter.render(content, resultJSON: json).utf8)),
        ]
        files += content.charts.map { ReportFile(name: $0.file, bytes: Array($0.standalone.utf8)) }
        return RenderedReport(files: files, headline: content.headline)
    }

    /// Renders and writes every file atomically into `folder` (created if needed), and
    /// removes a chart file of an earlier report that this one no longer has (an
    /// attribution chart from an `--each-view` run), so the folder never mixes runs.
    public static func write(_ result: BacktestResult, to folder: String, notebookName: String,
                             options: ReportOptions = ReportOptions(), sections: [ReportSection] = []) throws(VantageError) -> ReportFiles {
        var report = try render(result, notebookName: notebookName, options: options)
        for s in sections { report = report.adding(s) }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .io(path: folder, message: "cannot create the report folder: \(error.localizedDescription)")
        }
        for f in report.files { try AtomicFile.write(f.bytes, to: path(folder, f.name)) }
        let charts = report.files.map(\.name).filter { $0.hasSuffix(".svg") }
        for stale in ReportCharts.allFiles where !charts.contains(stale) {
            let p = path(folder, stale)
            if FileManager.default.fileExists(atPath: p) { try? FileManager.default.removeItem(atPath: p) }
        }
        return ReportFiles(folder: folder, html: path(folder, "report.html"), markdown: path(folder, "report.md"),
                           notebook: path(folder, try notebookFileName(notebookName)), charts: charts.map { path(folder, $0) },
                           headline: report.headline)
    }

    /// `name` with `.ipynb` (added unless present). It must be a plain file name (not
    /// empty, no folder separators, not hidden), so the notebook lands in the report
    /// folder and nowhere else.
    public static func notebookFileName(_ name: String) throws(VantageError) -> String {
        let base = name.hasSuffix(".ipynb") ? String(name.dropLast(6)) : name
        guard PlainName.isPlain(base) else {
            throw .usage("notebook name \"\(name)\": expected a plain file name such as fraud or fraud.ipynb (\(PlainName.rule))")
        }
        return base + ".ipynb"
    }

    private static func path(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
