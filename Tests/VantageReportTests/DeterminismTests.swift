import Foundation
import Testing
import VantageBacktest
@testable import VantageReport

/// The same result gives the same bytes: in memory, on disk, and with no clock in
/// the notebook, so an exported notebook can be checked into the repository and
/// compared.
@Suite struct DeterminismTests {
    @Test(arguments: ["fraud", "flat", "hostile"])
    func renderingTwiceGivesIdenticalBytes(_ sample: String) throws {
        let result = try sampleResult(sample)
        #expect(try render(result) == render(result))
    }

    @Test func writingTwiceGivesIdenticalFiles() throws {
        let a = try temporaryFolder(), b = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: a); try? FileManager.default.removeItem(atPath: b) }
        let result = try Sample.fraud()
        let first = try ReportWriter.write(result, to: a, notebookName: "fraud")
        _ = try ReportWriter.write(result, to: b, notebookName: "fraud")
        let names = try FileManager.default.contentsOfDirectory(atPath: a).sorted()
        #expect(names == ["attribution.svg", "coverage.svg", "fraud.ipynb", "importance.svg", "metric.svg", "report.html",
                          "report.md", "staleness.svg"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: b).sorted() == names)
        for n in names {
            #expect(FileManager.default.contents(atPath: a + "/" + n) == FileManager.default.contents(atPath: b + "/" + n), "\(n)")
        }
        #expect(first.notebook == a + "/fraud.ipynb")
        #expect(first.charts.count == 5)
    }

    @Test func notebookCarriesNoExecutionCountsOrTimes() throws {
        let nb = NotebookReader(text: try render(Sample.fraud()).text("fraud.ipynb"))
        #expect(nb.problems.isEmpty)
        #expect(nb.cells.filter { $0.type == "code" }.allSatisfy { $0.executionCountIsNull })
        #expect(nb.metadata.keys?.sorted() == ["kernelspec", "language_info"])
    }

    @Test func aRewriteWithoutAttributionRemovesTheOldAttributionChart() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try ReportWriter.write(Sample.fraud(), to: folder, notebookName: "fraud")
        #expect(FileManager.default.fileExists(atPath: folder + "/attribution.svg"))
        let files = try ReportWriter.write(Sample.fraud(attribution: false), to: folder, notebookName: "fraud")
        #expect(!FileManager.default.fileExists(atPath: folder + "/attribution.svg"))
        #expect(files.charts.count == 4)
    }

    func sampleResult(_ name: String) throws -> BacktestResult {
        switch name {
        case "flat": return try Sample.flat()
        case "hostile": return try Sample.hostile()
        default: return try Sample.fraud()
        }
    }
}
