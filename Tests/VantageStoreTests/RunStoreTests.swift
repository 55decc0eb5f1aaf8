import Foundation
import Testing
@testable import VantageBacktest
@testable import VantageCore
@testable import VantageStore

@Suite("Run store")
struct RunStoreTests {
    static func tempPath() -> String { NSTemporaryDirectory() + "vantage-store-" + UUID().uuidString + "/runs.sqlite" }

    static let manifest = Manifest(
        command: "sweep", createdAt: "2026-01-01T00:00:00Z",
        spec: .init(path: "spec.yaml", sha256: String(repeating: "a", count: 64), text: "version: 1\n"),
        inputs: [InputRecord(role: "spine", source: "s.csv", rows: 10, bytes: 100, sha256: String(repeating: "b", count: 64))],
        levels: ["realtime", "cadence-1d"], viewLevels: nil, outputs: [], timingsSeconds: [:])

    static let profile = [FreshnessProfile(view: "txn", level: "realtime", coverage: 0.5,
                                           ageSeconds: .init(min: 1, p50: 2, p90: 3, p99: 4, max: 5), changedVsRealtime: 0)]

    static func result(auc: Double) -> BacktestResult {
        BacktestResult(
            label: "y", time: "t", task: "binary", model: ModelRecord(name: "gbdt", parameters: ["seed": .number(0)]),
            split: SplitRecord(trainEnd: "2024-01-01T00:00:00Z", testStart: "2024-01-01T00:00:00Z", gap: "0", folds: 1,
                               trainRows: 8, testRows: 2, foldRanges: nil),
            features: ["txn__count_1h"], headlineMetric: "roc_auc", baseline: "cadence-1d",
            levels: [LevelResult(level: "realtime", trainingSet: "sweep/realtime.csv",
                                 metrics: ["roc_auc": MetricValue(value: auc, ci: [auc - 0.01, auc + 0.01])],
                                 foldMetrics: nil, importance: [], value: nil)],
            uplift: [Uplift(level: "realtime", baseline: "cadence-1d", metric: "roc_auc", delta: 0.1, ci: [0.05, 0.15], significant: true)],
            attribution: nil, value: nil,
            data: DataSummary(rows: 10, timeMin: "2024-01-01T00:00:00Z", timeMax: "2024-01-02T00:00:00Z", labelRate: 0.1, testLabelRate: 0.1),
            profile: profile, provenance: Provenance(spec: manifest.spec, inputs: manifest.inputs, sweep: "sweep", seed: 0),
            verdicts: ["realtime vs cadence-1d: ROC-AUC +0.100 [+0.050, +0.150]; significant"])
    }

    @Test func recordsAndReadsBack() throws {
        let path = Self.tempPath()
        let store = try RunStore(path: path)
        let sweepID = try store.record(sweep: SweepRun.Report(manifest: Self.manifest, profile: Self.profile, eachView: nil), output: "sw")
        let btID = try store.record(backtest: Self.result(auc: 0.9), manifest: Self.manifest, output: "bt")
        #expect(sweepID == 1 && btID == 2)
        let runs = try store.list()
        #expect(runs.map(\.kind) == ["sweep", "backtest"])
        #expect(runs[1].levels == ["realtime", "cadence-1d"])
        var expected = Self.result(auc: 0.9)
        expected.runID = 2
        #expect(try store.backtest(2) == expected)
        #expect(try store.metrics(2).first?.value == 0.9)
        #expect(try store.profile(1) == Self.profile)
        #expect(try store.inputs(2) == Self.manifest.inputs)
        #expect(throws: VantageError.self) { _ = try store.backtest(1) }
        #expect(throws: VantageError.self) { _ = try store.backtest(99) }
    }

    @Test func reopeningKeepsRunsAndSchema() throws {
        let path = Self.tempPath()
        _ = try RunStore(path: path).record(backtest: Self.result(auc: 0.8), manifest: Self.manifest, output: "bt")
        let again = try RunStore(path: path)
        #expect(try again.list().count == 1)
    }

    @Test func refusesANewerSchema() throws {
        let path = Self.tempPath()
        _ = try RunStore(path: path).record(sweep: SweepRun.Report(manifest: Self.manifest, profile: Self.profile, eachView: nil), output: "sw")
        let db = try SQLiteConnection(path: path)
        try db.execute("PRAGMA user_version = 99")
        #expect(throws: VantageError.self) { _ = try RunStore(path: path) }
    }

    @Test func aFailedRecordLeavesNothing() throws {
        let path = Self.tempPath()
        let store = try RunStore(path: path)
        var bad = Self.result(auc: 0.9)
        // The same (level, metric) twice violates the metrics key: the whole run rolls back.
        bad.levels.append(bad.levels[0])
        #expect(throws: VantageError.self) { _ = try store.record(backtest: bad, manifest: Self.manifest, output: "bt") }
        #expect(try store.list().isEmpty)
    }

    /// Opening checks before changing anything: a refused store keeps its bytes (no WAL
    /// switch before the version check), a missing one is created only by a record, and a
    /// read-only store is never created.
    @Test func openingChangesNothingItRefusesAndCreatesOnlyOnRecord() throws {
        let path = Self.tempPath()
        let dir = (path as NSString).deletingLastPathComponent
        _ = try RunStore(path: path)
        _ = try RunStore(path: path, readOnly: true).list()
        #expect(!FileManager.default.fileExists(atPath: dir))
        for setup in ["PRAGMA user_version = 999", "CREATE TABLE runs(x)", "PRAGMA user_version = 1"] {
            try? FileManager.default.removeItem(atPath: dir)
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let db = try SQLiteConnection(path: path)
            try db.execute(setup)
            if setup.hasPrefix("PRAGMA user_version = 9") { try db.execute("CREATE TABLE t(x)") }
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(throws: VantageError.self) { _ = try RunStore(path: path) }
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "\(setup)")
            #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "\(setup)")
        }
        let fresh = Self.tempPath()
        let store = try RunStore(path: fresh)
        #expect(!FileManager.default.fileExists(atPath: fresh))
        #expect(try store.record(sweep: SweepRun.Report(manifest: Self.manifest, profile: Self.profile, eachView: nil), output: "sw") == 1)
        #expect(try RunStore(path: fresh, readOnly: true).list().count == 1)
    }

    /// A record whose hook fails (the output could not be published) leaves no run.
    @Test func aFailingPublishRecordsNothing() throws {
        let store = try RunStore(path: Self.tempPath())
        #expect(throws: VantageError.io(path: "o", message: "no")) {
            _ = try store.record(sweep: SweepRun.Report(manifest: Self.manifest, profile: Self.profile, eachView: nil), output: "sw") { _ throws(VantageError) in
                throw VantageError.io(path: "o", message: "no")
            }
        }
        #expect(try store.list().isEmpty)
    }
}
