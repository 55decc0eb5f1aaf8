/// `report.md`: the report for a terminal or a pull request, the same sentences and
/// tables as the HTML, with the charts linked as the SVG files beside it.
enum MarkdownReport {
    static func render(_ c: ReportContent) -> String {
        let m = c.model
        var o = "# Would real-time features pay off?\n\n\(Escape.markdown(m.subtitle))\n\n"
        o += verdict(c.headline)
        o += "## Charts\n\n"
        for (i, chart) in c.charts.enumerated() {
            o += "![\(Escape.markdown(chart.title))](\(chart.file))\n\n"
            o += "*Figure \(i + 1). \(Escape.markdown(chart.title)).* \(Escape.markdown(chart.caption))\n\n"
        }
        o += "## Figures behind the charts\n\n"
        for t in c.resultTables { o += table(t) }
        if !m.result.verdicts.isEmpty {
            o += "### As the backtest reported it\n\n" + m.result.verdicts.map { "- \(Escape.markdown($0))\n" }.joined() + "\n"
        }
        o += "## Data, model and provenance\n\n"
        for t in c.runTables { o += table(t) }
        o += "### Spec\n\n\(Escape.markdown(m.result.provenance.spec.path)), SHA-256 \(Escape.markdown(m.result.provenance.spec.sha256))\n\n"
        o += Escape.markdownFence(m.result.provenance.spec.text, info: "yaml") + "\n\n"
        o += "---\nWritten by \(Escape.markdown(m.result.tool)) \(Escape.markdown(m.result.version)). "
        o += "The notebook [\(Escape.markdown(c.notebookFile))](\(Escape.urlPath(c.notebookFile))) rebuilds every table and chart from the run's data.\n"
        return o
    }

    static func verdict(_ h: Headline) -> String {
        var o = "## Verdict\n\n**\(Escape.markdown(h.answer))**\n\n"
        if !h.levels.isEmpty { o += h.levels.map { "- \(Escape.markdown($0))\n" }.joined() + "\n" }
        if !h.views.isEmpty {
            o += "Per candidate view:\n\n" + h.views.map { "- \(Escape.markdown($0))\n" }.joined() + "\n"
        }
        if let v = h.value { o += Escape.markdown(v) + "\n\n" }
        return o
    }

    static func table(_ t: ReportTable) -> String {
        var o = "### \(Escape.markdown(t.title))\n\n"
        if let note = t.note { o += Escape.markdown(note) + "\n\n" }
        return o + TableText.markdown(t) + "\n"
    }
}
