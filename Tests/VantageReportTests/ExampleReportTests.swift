import Foundation
import Testing
import VantageCore
@testable import VantageReport

/// Writes the example reports (the realistic fraud run, a run with no significant
/// uplift, one with hostile names) to `$VANTAGE_REPORT_EXAMPLE_OUT` when set, for a
/// look in a browser and for `Benchmarks/check_notebook.py`; otherwise checks the
/// report pages hold every section.
@Suite struct ExampleReportTests {
    @Test func writeExamplesWhenAsked() throws {
        guard let out = ProcessInfo.processInfo.environment["VANTAGE_REPORT_EXAMPLE_OUT"] else { return }
        _ = try ReportWriter.write(Sample.fraud(), to: out + "/fraud", notebookName: "fraud")
        _ = try ReportWriter.write(Sample.flat(), to: out + "/flat", notebookName: "flat")
        _ = try ReportWriter.write(Sample.hostile(), to: out + "/hostile", notebookName: "hostile")
        // A backtest folder for trying `vantage report` by hand.
        try AtomicFile.write(try JSONOutput.encode(Sample.fraud()), to: out + "/run/backtest.json")
    }

    @Test func pagesHoldEverySection() throws {
        let report = try render(Sample.fraud())
        let html = report.text("report.html"), md = report.text("report.md")
        for id in ["metrics", "uplift", "attribution", "value", "profile", "importance", "data", "model", "provenance", "inputs"] {
            #expect(html.contains("id=\"table-\(id)\""), "\(id)")
        }
        for svg in report.svgNames {
            #expect(md.contains("](\(svg))"), "\(svg)")
            #expect(html.contains("href=\"\(svg)\""), "\(svg)")
        }
        #expect(html.components(separatedBy: "<svg ").count - 1 == report.svgNames.count)
        #expect(!html.contains("<?xml"))
        #expect(html.contains("@media print"))
        #expect(html.contains("9f2c1e7d4b3a5968f0e1d2c3b4a5968778695a4b3c2d1e0f9a8b7c6d5e4f3a21"))
        #expect(md.contains("| realtime | realtime | 0.953 [0.948, 0.958] |"))
        #expect(md.contains("```yaml\nversion: 1\n"))
    }
}
