import Foundation
import Testing
@testable import VantageReport

/// The notebook passes a strict nbformat 4.5 reader, reads without running (outputs
/// filled: charts as SVG, tables as HTML and text), embeds the run, and has a code
/// cell for every table and chart. Also checks the reader itself rejects bad input.
@Suite struct NotebookTests {
    @Test func notebookIsValidNbformat45() throws {
        let nb = NotebookReader(text: try render(Sample.fraud()).text("fraud.ipynb"))
        #expect(nb.problems.isEmpty, "\(nb.problems)")
        #expect(nb.metadata["kernelspec"]?["name"]?.string == "python3")
        #expect(nb.metadata["language_info"]?["name"]?.string == "python")
        #expect(Set(nb.cells.map(\.id)).count == nb.cells.count)
    }

    @Test func everyChartAndTableHasAFilledCodeCell() throws {
        let report = try render(Sample.fraud())
        let nb = NotebookReader(text: report.text("fraud.ipynb"))
        for svg in report.svgNames {
            let name = svg.replacingOccurrences(of: ".svg", with: "")
            let cell = try #require(nb.cells.first { $0.id == "chart-\(name)" }, "\(svg)")
            #expect(cell.source == "chart_\(name)(result)")
            let image = try #require(cell.outputs.first?["image/svg+xml"])
            #expect(XMLCheck.parse(image).error == nil)
        }
        let content = ReportContent(try Sample.fraud(), options: ReportOptions(), notebookFile: "fraud.ipynb")
        for t in content.tables {
            let cell = try #require(nb.cells.first { $0.id == "table-\(t.id)" }, "\(t.id)")
            #expect(cell.source == "display(table_\(t.id)(result))")
            #expect(cell.outputs.first?["text/html"] == TableText.html(t))
            #expect(cell.outputs.first?["text/plain"] == TableText.plain(t))
        }
    }

    @Test func findingsAreInMarkdownAndTheRunIsEmbedded() throws {
        let nb = NotebookReader(text: try render(Sample.flat()).text("fraud.ipynb"))
        let title = try #require(nb.cells.first)
        #expect(title.type == "markdown")
        #expect(title.source.contains("no significant uplift"))
        let data = try #require(nb.cells.first { $0.id == "data" })
        #expect(data.source.contains("result = json.loads(r'''"))
        let loader = try #require(nb.cells.first { $0.id == "training-sets" })
        #expect(loader.source.contains("TRAINING_SETS_BASE = Path(\"..\")"))
        #expect(loader.source.contains("pd.read_csv"))
    }

    @Test func trainingSetsBaseIsAPythonLiteral() throws {
        let report = try ReportWriter.render(Sample.fraud(), notebookName: "x",
                                             options: ReportOptions(trainingSetsBase: "../runs/it's \"here\"\\"))
        let nb = NotebookReader(text: report.text("x.ipynb"))
        let loader = try #require(nb.cells.first { $0.id == "training-sets" })
        #expect(loader.source.contains(#"Path("../runs/it's \"here\"\\")"#))
    }

    @Test(arguments: [
        ("\"id\": \"title\"", "\"id\": \"bad id!\"", "does not match"),
        ("\"id\": \"about\"", "\"id\": \"title\"", "not unique"),
        ("\"nbformat_minor\": 5", "\"nbformat_minor\": 4", "nbformat_minor"),
        ("\"execution_count\": null,", "", "missing \"execution_count\""),
        ("\"output_type\": \"display_data\"", "\"output_type\": \"display\"", "unknown \"display\""),
        ("\"cell_type\": \"markdown\",", "\"cell_type\": \"markdown\", \"outputs\": [],", "unexpected \"outputs\""),
    ])
    func readerRejectsWhatTheSchemaForbids(_ find: String, _ replace: String, _ problem: String) throws {
        let text = try render(Sample.fraud()).text("fraud.ipynb")
        let range = try #require(text.range(of: find))
        let broken = text.replacingCharacters(in: range, with: replace)
        let nb = NotebookReader(text: broken)
        #expect(nb.problems.contains { $0.contains(problem) }, "\(nb.problems)")
    }

    @Test func jsonIsWrittenAsJupyterWritesIt() {
        let doc = NotebookJSON.object(["b": .array([]), "a": .object([:]), "c": .array([.int(1), .null, .string("x\u{01}\"\\\n")])])
        #expect(doc.text() == "{\n \"a\": {},\n \"b\": [],\n \"c\": [\n  1,\n  null,\n  \"x\\u0001\\\"\\\\\\n\"\n ]\n}\n")
    }

    @Test func linesSplitLikePythonSplitlines() {
        #expect(NotebookJSON.splitLines("") == [])
        #expect(NotebookJSON.splitLines("a\nb") == ["a\n", "b"])
        #expect(NotebookJSON.splitLines("a\r\nb\n") == ["a\r\n", "b\n"])
        #expect(NotebookJSON.splitLines("a\u{2028}b\u{0C}c") == ["a\u{2028}", "b\u{0C}", "c"])
    }

    @Test func cellIdsAreSlugs() {
        #expect(NotebookCell.slug("Metric vs Freshness!") == "metric-vs-freshness")
        #expect(NotebookCell.slug("***") == "cell")
        #expect(NotebookCell.slug(String(repeating: "a", count: 80)).count == 64)
    }
}
