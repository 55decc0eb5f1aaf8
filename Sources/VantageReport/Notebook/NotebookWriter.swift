import VantageCore

/// The notebook: the findings as markdown, the run's results embedded as data, and code
/// cells that rebuild every table and chart with pandas and matplotlib, their outputs
/// filled in from the same content as the HTML report. nbformat 4.5, written as
/// Jupyter writes it (see `NotebookJSON`), with no times, so exports are reproducible.
enum NotebookWriter {
    static func render(_ c: ReportContent, resultJSON: String) -> String {
        var cells = [NotebookCell]()
        let m = c.model
        cells.append(.markdown("title", "# Would real-time features pay off?\n\n\(Escape.markdown(m.subtitle))\n\n" + MarkdownReport.verdict(c.headline)))
        cells.append(.markdown("about", """
            ## About this notebook

            Written by \(Escape.markdown(m.result.tool)) \(Escape.markdown(m.result.version)) from the run's `backtest.json`, which is \
            embedded in the first code cells below. Every chart and table already shows its output, so the notebook reads \
            without running. Run it (Python with pandas and matplotlib) to rebuild each one from the embedded data, and to \
            load the training sets of each level when their folder is present.
            """))
        cells.append(.code("setup", NotebookPython.setup))
        cells.append(.code("data", NotebookPython.data(json: resultJSON)))
        cells.append(.code("helpers", NotebookPython.helpers(topFeatures: m.options.topFeatures)))
        cells.append(.markdown("charts", "## Charts"))
        for (i, chart) in c.charts.enumerated() {
            let name = NotebookCell.slug(chart.file.replacingOccurrences(of: ".svg", with: ""))
            cells.append(.markdown("chart-\(name)-text",
                                   "### Figure \(i + 1). \(Escape.markdown(chart.title))\n\n\(Escape.markdown(chart.caption))"))
            let output = NotebookCell.Display(data: ["image/svg+xml": chart.inline, "text/plain": "<Figure: \(chart.title)>"])
            cells.append(.code("chart-\(name)", "chart_\(name.replacingOccurrences(of: "-", with: "_"))(result)", outputs: [output]))
        }
        cells.append(.markdown("tables", "## Figures behind the charts"))
        for t in c.tables {
            let id = NotebookCell.slug(t.id)
            if t.id == "data" {
                cells.append(.markdown("run", "## Data, model and provenance"))
            }
            var text = "### \(Escape.markdown(t.title))"
            if let note = t.note { text += "\n\n" + Escape.markdown(note) }
            cells.append(.markdown("table-\(id)-text", text))
            let output = NotebookCell.Display(data: ["text/html": TableText.html(t), "text/plain": TableText.plain(t)])
            cells.append(.code("table-\(id)", "display(table_\(id.replacingOccurrences(of: "-", with: "_"))(result))", outputs: [output]))
        }
        if !m.result.verdicts.isEmpty {
            cells.append(.markdown("backtest-verdicts", "### As the backtest reported it\n\n"
                + m.result.verdicts.map { "- " + Escape.markdown($0) }.joined(separator: "\n")))
        }
        let spec = m.result.provenance.spec
        cells.append(.markdown("spec", "### Spec\n\n\(Escape.markdown(spec.path)), SHA-256 \(Escape.markdown(spec.sha256))\n\n"
            + Escape.markdownFence(spec.text, info: "yaml")))
        cells.append(.markdown("training-sets-text", """
            ## Training sets

            The CSV each level was trained on (`levels[].training_set`), read with pandas when the files are present. \
            `TRAINING_SETS_BASE` is the backtest folder as seen from this notebook; change it if the notebook was moved.
            """))
        cells.append(.code("training-sets", NotebookPython.trainingSets(base: m.options.trainingSetsBase)))

        let notebook = NotebookJSON.object([
            "cells": .array(cells.map(\.json)),
            "metadata": .object([
                "kernelspec": .object(["display_name": .string("Python 3"), "language": .string("python"), "name": .string("python3")]),
                "language_info": .object(["name": .string("python"), "pygments_lexer": .string("ipython3")]),
            ]),
            "nbformat": .int(4),
            "nbformat_minor": .int(5),
        ])
        return notebook.text()
    }
}
