// A section from another command (the skew of `vantage skew`) lands before "Data, model
// and provenance" in both report.html and report.md, escaped like every other table,
// and leaves the notebook and the charts untouched.
import Foundation
import Testing
@testable import VantageReport

@Suite("Report sections")
struct ReportSectionTests {
    static let section = ReportSection(
        id: "skew", title: "Train-serve skew", text: "Served <as> declared & not",
        tables: [ReportTable(id: "skew-views", title: "Views", columns: ["view", "match"], numeric: [false, true],
                             rows: [["txn", "99.1%"], [Sample.script, "1%"]])])

    @Test func insertedBeforeProvenanceInBothFormats() throws {
        let plain = try ReportWriter.render(Sample.fraud(), notebookName: "x")
        let with = plain.adding(Self.section)
        let html = String(decoding: try #require(with.file("report.html")).bytes, as: UTF8.self)
        let md = String(decoding: try #require(with.file("report.md")).bytes, as: UTF8.self)
        let h = try #require(html.range(of: "<section id=\"skew\">"))
        #expect(h.lowerBound < (try #require(html.range(of: "<section id=\"run\">"))).lowerBound)
        #expect(html.contains("Served &lt;as&gt; declared &amp; not"))
        #expect(!html.contains(Sample.script))
        let m = try #require(md.range(of: "## Train-serve skew"))
        #expect(m.lowerBound < (try #require(md.range(of: "## Data, model and provenance"))).lowerBound)
        #expect(md.contains("| txn | 99.1% |"))
        for f in plain.files where f.name != "report.html" && f.name != "report.md" {
            #expect(with.file(f.name) == f, "\(f.name) must not change")
        }
        #expect(with.adding(Self.section) != with, "a second section is added again, not merged")
    }
}
