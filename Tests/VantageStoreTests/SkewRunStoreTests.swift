// Schema 2 adds skew runs: a version-1 store is upgraded in place, keeping every run
// and the rows that hang off it (a table rebuild that cascaded would lose them).
import Foundation
import Testing
@testable import VantageCore
@testable import VantageStore

@Suite("Run store: skew runs")
struct SkewRunStoreTests {
    @Test func recordsASkewRun() throws {
        let store = try RunStore(path: RunStoreTests.tempPath())
        let id = try store.record(kind: "skew", manifest: RunStoreTests.manifest, output: "sk", json: Array("{}".utf8))
        #expect(try store.list().map(\.kind) == ["skew"])
        #expect(try store.inputs(id) == RunStoreTests.manifest.inputs)
        #expect(throws: VantageError.self) { _ = try store.backtest(id) }
        #expect(throws: VantageError.self) { _ = try store.record(kind: "other", manifest: RunStoreTests.manifest, output: "x", json: []) }
    }

    @Test func upgradesAVersion1StoreKeepingRuns() throws {
        let path = RunStoreTests.tempPath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let db = try SQLiteConnection(path: path)
        try db.execute("PRAGMA foreign_keys=ON")
        try db.execute(RunStoreSchema.migrations[0])
        try db.execute("PRAGMA user_version = 1")
        try db.execute("""
            INSERT INTO runs(created_at, kind, spec_path, spec_sha256, spec_text, levels_json, output_path, tool_version, result_json)
            VALUES ('2026-01-01T00:00:00Z', 'sweep', 's.yaml', 'x', 'version: 1', '[]', 'out', '0.1.0', '{}');
            INSERT INTO inputs(run_id, role, source, rows) VALUES (1, 'spine', 's.csv', 10);
            """)
        let store = try RunStore(path: path)
        #expect(try store.list().map(\.kind) == ["sweep"])
        #expect(try store.inputs(1).map(\.source) == ["s.csv"])
        let id = try store.record(kind: "skew", manifest: RunStoreTests.manifest, output: "sk", json: [])
        #expect(id == 2)
        #expect(try store.list().map(\.kind) == ["sweep", "skew"])
    }
}
