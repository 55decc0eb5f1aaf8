import Foundation
import Testing
@testable import VantageBacktest
@testable import VantageCore
import VantageModels
import VantagePipeline
import VantageStore

/// The in-process flow: training sets taken from memory give exactly the result of
/// parsing the written CSVs back; `--no-training-sets` writes no sweep; `backtest.json`
/// is written once, with the run id the store gave it.
@Suite("Backtest pipeline")
struct PipelineTests {
    static let fraud = BundledScenarioTests.datasets + "/fraud/spec.yaml"

    static func options() -> BacktestOptions {
        var o = BacktestOptions()
        o.resamples = 50
        o.eachView = true
        o.spineFeatures = ["amount"]
        return o
    }

    /// The same numbers, whatever the paths.
    static func numbers(_ r: BacktestResult) -> BacktestResult {
        var c = r
        c.provenance.sweep = ""
        for i in c.levels.indices {
            c.levels[i].trainingSet = nil
            c.levels[i].fitSeconds = nil
        }
        return c
    }

    @Test func memoryAndFolderGiveTheSameResult() throws {
        let dir = NSTemporaryDirectory() + "vantage-pipe-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let spec = try SpecDecoder.load(path: Self.fraud)
        var request = BacktestPipeline.Request(input: .spec(spec), out: dir + "/a", backtest: Self.options())
        request.levels = ["realtime", "cadence-12h"]
        let inMemory = try BacktestPipeline.run(request).result
        #expect(FileManager.default.fileExists(atPath: dir + "/a/sweep/realtime.csv"))
        #expect(inMemory.levels.first?.trainingSet == "sweep/realtime.csv")
        var again = BacktestPipeline.Request(input: .sweepFolder(dir + "/a/sweep"), out: dir + "/b", backtest: Self.options())
        again.store = nil
        let fromFolder = try BacktestPipeline.run(again).result
        #expect(Self.numbers(inMemory) == Self.numbers(fromFolder))
        #expect(!(inMemory.attribution ?? []).isEmpty)
    }

    @Test func noTrainingSetsWritesOnlyTheBacktest() throws {
        let dir = NSTemporaryDirectory() + "vantage-pipe-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var request = BacktestPipeline.Request(input: .spec(try SpecDecoder.load(path: Self.fraud)), out: dir, backtest: Self.options())
        request.levels = ["realtime", "cadence-12h"]
        request.writeTrainingSets = false
        request.store = try RunStore(path: dir + "/runs.sqlite")
        let outcome = try BacktestPipeline.run(request)
        #expect(!FileManager.default.fileExists(atPath: dir + "/sweep"))
        #expect(outcome.result.levels.allSatisfy { $0.trainingSet == nil })
        #expect(outcome.result.runID == 1)
        let written = try JSONDecoder().decode(BacktestResult.self, from: Data(contentsOf: URL(fileURLWithPath: outcome.backtestJSON)))
        #expect(written == outcome.result)
    }

    @Test func aOneClassLabelIsADataError() throws {
        let dir = NSTemporaryDirectory() + "vantage-pipe-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var rows = "k,t,y\n"
        for i in 0..<40 { rows += "k\(i % 4),2024-01-\(String(format: "%02d", 1 + i / 2))T00:00:00Z,0\n" }
        try rows.write(toFile: dir + "/spine.csv", atomically: true, encoding: .utf8)
        let yaml = """
            version: 1
            spine: {path: spine.csv, keys: [k], time: t, label: y}
            views:
              - {name: v, kind: aggregate, path: spine.csv, keys: [k], time: t, aggregations: [{function: count, windows: [1d]}]}
            freshness: {levels: [realtime, cadence-1d], views: [v]}
            """
        try yaml.write(toFile: dir + "/spec.yaml", atomically: true, encoding: .utf8)
        var request = BacktestPipeline.Request(input: .spec(try SpecDecoder.load(path: dir + "/spec.yaml")), out: dir + "/out", backtest: Self.options())
        request.backtest.spineFeatures = []
        request.backtest.eachView = false
        request.writeTrainingSets = false
        do {
            _ = try BacktestPipeline.run(request)
            Issue.record("expected an error")
        } catch {
            #expect(!error.isUsage, "\(error)")
            #expect(error.description.contains("both 0 and 1"), "\(error)")
        }
    }
}
