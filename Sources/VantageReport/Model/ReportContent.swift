import VantageBacktest

/// A report's content before formatting: the model, the headline, the tables and the
/// charts, computed once and shared by the HTML, Markdown and notebook writers.
struct ReportContent {
    let model: ReportModel
    let headline: Headline
    let tables: [ReportTable]
    let charts: [ReportChart]
    let notebookFile: String

    init(_ result: BacktestResult, options: ReportOptions, notebookFile: String) {
        model = ReportModel(result, options: options)
        headline = Headline.build(model)
        tables = ReportTables.build(model)
        charts = ReportCharts.build(model)
        self.notebookFile = notebookFile
    }

    /// Tables by the section they appear in: results (the figures behind the charts)
    /// and run (data, model, provenance).
    var resultTables: [ReportTable] { tables.filter { !Self.runTableIDs.contains($0.id) } }
    var runTables: [ReportTable] { tables.filter { Self.runTableIDs.contains($0.id) } }
    static let runTableIDs: Set<String> = ["data", "model", "provenance", "inputs"]

    var title: String { "Would real-time features pay off? — \(model.result.label)" }
}
