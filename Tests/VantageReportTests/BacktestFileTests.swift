import Foundation
import Testing
import VantageBacktest
import VantageCore
@testable import VantageReport

/// Reading backtest.json: the folder or the file, and one clear error when it is
/// missing or is not a backtest result.
@Suite struct BacktestFileTests {
    @Test func readsWhatTheBacktestWrites() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Sample.fraud()
        try AtomicFile.write(try JSONOutput.encode(result), to: folder + "/backtest.json")
        #expect(try BacktestFile.load(folder) == result)
        #expect(try BacktestFile.load(folder + "/backtest.json") == result)
    }

    @Test func missingFileSaysToRunTheBacktest() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: VantageError.io(path: folder + "/backtest.json",
                                        message: "no backtest result here; run 'vantage backtest <spec> --out \(folder)' first, or pass the folder that holds backtest.json")) {
            try BacktestFile.load(folder)
        }
    }

    @Test(arguments: [
        ("{not json", "not valid JSON"),
        ("{\"tool\": \"vantage\", \"version\": \"0.1.0\"}", "missing \"label\""),
        ("[1, 2]", "the top level: expected an object"),
    ])
    func notABacktestResult(_ text: String, _ why: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/backtest.json"
        try AtomicFile.write(Array(text.utf8), to: file)
        #expect(throws: VantageError.input(file: file, line: 0, column: 0,
                                           message: "not a backtest result: \(why); expected the backtest.json written by 'vantage backtest'")) {
            try BacktestFile.load(folder)
        }
    }

    @Test func notebookNamesMustBePlainFileNames() throws {
        #expect(try ReportWriter.notebookFileName("fraud") == "fraud.ipynb")
        #expect(try ReportWriter.notebookFileName("fraud.ipynb") == "fraud.ipynb")
        for bad in ["", "a/b", ".hidden", ".ipynb"] {
            #expect(throws: VantageError.self) { try ReportWriter.notebookFileName(bad) }
        }
    }
}
