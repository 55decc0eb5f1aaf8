import Testing
import VantageBacktest
@testable import VantageReport

/// The data table names the sample when rows were left out, and only then.
@Suite struct SampleRowTests {
    @Test func dataTableShowsASampleOnlyWhenRowsWereLeftOut() throws {
        var r = try Sample.fraud()
        r.sample = SampleRecord(rowsTotal: 40000, rowsUsed: 40000, fraction: 1, by: ["card_id"], reason: "all rows")
        #expect(!ReportTables.data(ReportModel(r, options: ReportOptions())).rows.contains { $0.first == "sample" })
        r.sample = SampleRecord(rowsTotal: 40000, rowsUsed: 4012, fraction: 0.1, by: ["card_id", "merchant_id"], reason: "--sample 0.1")
        let rows = ReportTables.data(ReportModel(r, options: ReportOptions())).rows
        #expect(rows.first { $0.first == "sample" } == ["sample", "4012 of 40000 rows, by card_id, merchant_id: --sample 0.1"])
        #expect(try render(r).text("report.html").contains("4012 of 40000 rows, by card_id, merchant_id: --sample 0.1"))
    }
}
