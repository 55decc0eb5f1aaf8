import Foundation
import Testing
@testable import VantageBacktest
@testable import VantageCore
import VantagePipeline

/// The backtest on the bundled scenarios finds what was planted: on fraud, real time
/// clearly above 1 hour and 1 hour above 12 hours; on credit, no significant uplift.
@Suite("Backtest on bundled scenarios")
struct BundledScenarioTests {
    static let datasets = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("datasets").path

    static func backtest(_ name: String, levels: [String]) throws -> BacktestResult {
        let dir = NSTemporaryDirectory() + "vantage-bt-" + UUID().uuidString
        let spec = try SpecDecoder.load(path: "\(datasets)/\(name)/spec.yaml")
        var options = BacktestOptions()
        options.resamples = 200
        var request = BacktestPipeline.Request(input: .spec(spec), out: dir, backtest: options)
        request.levels = levels
        request.writeTrainingSets = false
        return try BacktestPipeline.run(request).result
    }

    @Test func fraudFindsThePlantedShape() throws {
        let r = try Self.backtest("fraud", levels: ["realtime", "cadence-1h", "cadence-12h"])
        let auc = Dictionary(uniqueKeysWithValues: r.levels.map { ($0.level, $0.metrics["roc_auc"]?.value ?? 0) })
        #expect(r.baseline == "cadence-12h")
        #expect((auc["realtime"] ?? 0) > (auc["cadence-1h"] ?? 0) + 0.05, "\(auc)")
        #expect((auc["cadence-1h"] ?? 0) > (auc["cadence-12h"] ?? 0), "\(auc)")
        let realtime = r.uplift.first { $0.level == "realtime" }
        #expect(realtime?.significant == true && (realtime?.delta ?? 0) > 0)
        #expect(r.verdicts.first?.hasPrefix("realtime vs cadence-12h: ROC-AUC +") == true)
    }

    @Test func creditFindsNoSignificantUplift() throws {
        let r = try Self.backtest("credit", levels: ["realtime", "cadence-1h", "cadence-1d"])
        #expect(!r.uplift.contains { $0.significant && $0.delta > 0 }, "\(r.uplift)")
        #expect(r.verdicts.contains { $0.hasPrefix("no significant uplift") })
    }
}
