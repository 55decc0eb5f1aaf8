import Foundation
import Testing
import VantageBacktest
@testable import VantageReport

/// Names come from the user's data: a feature called `<script>alert(1)</script>` must
/// reach every output as text, never as markup. Covers HTML, SVG, Markdown and the
/// notebook (markdown cells, HTML outputs, the embedded data).
@Suite struct EscapingTests {
    @Test func htmlEscapesEveryMarkupCharacter() {
        #expect(Escape.html(Sample.script) == "&lt;script&gt;alert(1)&lt;/script&gt;")
        #expect(Escape.html(Sample.quoted) == "a&amp;b&quot;c")
        #expect(Escape.html("it's") == "it&#39;s")
        #expect(Escape.html("bell\u{07}") == "bell\u{FFFD}")
    }

    @Test func markdownEscapesMarkupButKeepsIntrawordUnderscores() {
        #expect(Escape.markdown(Sample.script) == "\\<script\\>alert(1)\\</script\\>")
        #expect(Escape.markdown(Sample.quoted) == "a\\&b\"c")
        #expect(Escape.markdown("txn_count_1h") == "txn_count_1h")
        #expect(Escape.markdown("_x_ | *y* $z$") == "\\_x\\_ \\| \\*y\\* \\$z\\$")
        #expect(Escape.markdown("[x](javascript:alert(1)) [0.1, 0.2]") == "[x\\](javascript:alert(1)) [0.1, 0.2]")
        #expect(Escape.markdownFence("a ``` b", info: "yaml") == "````yaml\na ``` b\n````")
    }

    @Test func hostileNamesNeverBecomeMarkupInTheHTML() throws {
        let html = try render(Sample.hostile()).text("report.html")
        #expect(!html.lowercased().contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("a&amp;b&quot;c"))
        #expect(!html.contains(Sample.quoted))
        #expect(html.contains("Content-Security-Policy"))
    }

    @Test func hostileNamesStayTextInEveryChart() throws {
        let report = try render(Sample.hostile())
        for name in report.svgNames {
            let svg = report.text(name)
            #expect(!svg.lowercased().contains("<script"), "\(name)")
            let xml = XMLCheck.parse(svg)
            #expect(xml.error == nil, "\(name): \(xml.error ?? "")")
            #expect(!xml.elements.contains("script"), "\(name)")
        }
        // The parsed text gives the names back exactly as they were.
        let staleness = XMLCheck.parse(report.text("staleness.svg"))
        #expect(staleness.texts.contains { $0.contains(Sample.script) })
        #expect(staleness.texts.contains { $0.contains(Sample.quoted) })
    }

    @Test func hostileNamesAreEscapedInMarkdown() throws {
        let md = try render(Sample.hostile()).text("report.md")
        // The spec text is shown in a code block, where markup is not interpreted.
        #expect(!outsideCodeBlocks(md).contains("<script>"))
        #expect(md.contains("````yaml\nversion: 1\n"))
        #expect(md.contains("\\<script\\>alert(1)\\</script\\>"))
        #expect(md.contains("a\\&b\"c"))
        // A '|' in a name does not split a table row.
        #expect(md.contains("x\\|y"))
    }

    @Test func hostileNamesAreEscapedInTheNotebook() throws {
        let report = try render(Sample.hostile())
        let nb = NotebookReader(text: report.text("fraud.ipynb"))
        #expect(nb.problems.isEmpty, "\(nb.problems)")
        for cell in nb.cells where cell.type == "markdown" {
            #expect(!outsideCodeBlocks(cell.source).contains("<script>"), "\(cell.id)")
        }
        for cell in nb.cells {
            for out in cell.outputs {
                #expect(!(out["text/html"] ?? "").contains("<script"), "\(cell.id)")
                #expect(!(out["image/svg+xml"] ?? "").contains("<script"), "\(cell.id)")
            }
        }
    }

    /// The data cell holds the result as JSON inside a raw triple-quoted Python string;
    /// quotes, backslashes and ''' in the spec text must neither end it nor change it.
    @Test func embeddedDataRoundTripsWithQuotesAndBackslashes() throws {
        let result = try Sample.hostile()
        let nb = NotebookReader(text: try render(result).text("fraud.ipynb"))
        let data = try #require(nb.cells.first { $0.id == "data" }).source
        let open = try #require(data.range(of: "r'''"))
        #expect(data.hasSuffix("''')"))
        let json = String(data[open.upperBound..<data.index(data.endIndex, offsetBy: -4)])
        #expect(!json.contains("'"))
        let decoded = try JSONDecoder().decode(BacktestResult.self, from: Data(json.utf8))
        #expect(decoded == result)
    }

    /// Markdown without its fenced code blocks (a fence of three or more backticks).
    func outsideCodeBlocks(_ md: String) -> String {
        var out = [Substring](), fence: Substring?
        for line in md.split(separator: "\n", omittingEmptySubsequences: false) {
            let ticks = line.prefix { $0 == "`" }
            if let f = fence {
                if ticks.count >= f.count && line.allSatisfy({ $0 == "`" }) { fence = nil }
            } else if ticks.count >= 3 {
                fence = ticks
            } else {
                out.append(line)
            }
        }
        return out.joined(separator: "\n")
    }
}
