import CSQLite
import Foundation
import VantageBacktest
import VantageCore

/// The history of sweeps and backtests in SQLite (`.vantage/runs.sqlite` by default).
/// Each run is recorded in one transaction (never half a run); the schema carries its
/// version in `PRAGMA user_version` and is migrated forward on open; WAL and a busy
/// timeout let two processes record runs at once.
public final class RunStore {
    public let path: String
    private let db: SQLiteConnection

    public static let defaultPath = ".vantage/runs.sqlite"

    public init(path: String = RunStore.defaultPath) throws(VantageError) {
        self.path = path
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !dir.isEmpty { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        db = try SQLiteConnection(path: path)
        try db.execute("PRAGMA journal_mode=WAL")
        try db.execute("PRAGMA foreign_keys=ON")
        try RunStoreSchema.migrate(db)
    }

    /// A run as listed.
    public struct Summary: Codable, Sendable, Equatable {
        public var id: Int
        public var createdAt: String
        public var kind: String
        public var spec: String
        public var specSHA256: String
        public var levels: [String]
        public var headline: String?
        public var outputPath: String

        enum CodingKeys: String, CodingKey {
            case id, kind, spec, levels, headline
            case createdAt = "created_at"
            case specSHA256 = "spec_sha256"
            case outputPath = "output_path"
        }
    }

    /// Records a sweep; returns its id.
    @discardableResult
    public func record(sweep report: SweepRun.Report, output: String) throws(VantageError) -> Int {
        try transaction { () throws(VantageError) -> Int in
            let id = try insertRun(kind: "sweep", manifest: report.manifest, output: output, headline: nil,
                                   json: try JSONOutput.encode(report))
            try insertProfile(id, report.profile)
            return id
        }
    }

    /// Records a backtest (its sweep's inputs, metrics, uplift and profile); returns its id.
    @discardableResult
    public func record(backtest r: BacktestResult, manifest: Manifest, output: String) throws(VantageError) -> Int {
        try transaction { () throws(VantageError) -> Int in
            var stored = r
            let id = try insertRun(kind: "backtest", manifest: manifest, output: output, headline: r.headlineMetric, json: [])
            stored.runID = id
            try db.run("UPDATE runs SET result_json = ? WHERE id = ?", [.text(String(decoding: try JSONOutput.encode(stored), as: UTF8.self)), .int(Int64(id))])
            for l in r.levels {
                for (name, m) in l.metrics {
                    try db.run("INSERT INTO metrics(run_id, level, metric, value, ci_low, ci_high) VALUES (?,?,?,?,?,?)",
                               [.int(Int64(id)), .text(l.level), .text(name), .real(m.value), .real(m.ci[0]), .real(m.ci[1])])
                }
            }
            for u in r.uplift + (r.attribution ?? []) {
                try db.run("INSERT INTO uplift(run_id, level, baseline, view, metric, delta, ci_low, ci_high, significant) VALUES (?,?,?,?,?,?,?,?,?)",
                           [.int(Int64(id)), .text(u.level), .text(u.baseline), u.view.map { .text($0) } ?? .null, .text(u.metric),
                            .real(u.delta), .real(u.ci[0]), .real(u.ci[1]), .int(u.significant ? 1 : 0)])
            }
            try insertProfile(id, r.profile)
            return id
        }
    }

    public func list() throws(VantageError) -> [Summary] {
        try db.query("SELECT id, created_at, kind, spec_path, spec_sha256, levels_json, headline, output_path FROM runs ORDER BY id", []) { s in
            Summary(id: Int(s.int(0)), createdAt: s.text(1) ?? "", kind: s.text(2) ?? "", spec: s.text(3) ?? "",
                    specSHA256: s.text(4) ?? "", levels: (try? JSONDecoder().decode([String].self, from: Data((s.text(5) ?? "[]").utf8))) ?? [],
                    headline: s.text(6), outputPath: s.text(7) ?? "")
        }
    }

    public func summary(_ id: Int) throws(VantageError) -> Summary {
        guard let s = try list().first(where: { $0.id == id }) else { throw .usage("no run \(id) in \(path) (vantage runs list shows them)") }
        return s
    }

    /// The backtest result stored with run `id`.
    public func backtest(_ id: Int) throws(VantageError) -> BacktestResult {
        let rows = try db.query("SELECT kind, result_json FROM runs WHERE id = ?", [.int(Int64(id))]) { s in (s.text(0) ?? "", s.text(1) ?? "") }
        guard let (kind, json) = rows.first else { throw .usage("no run \(id) in \(path) (vantage runs list shows them)") }
        guard kind == "backtest" else { throw .usage("run \(id) is a \(kind), not a backtest: it has no results to report") }
        do {
            return try JSONDecoder().decode(BacktestResult.self, from: Data(json.utf8))
        } catch {
            throw .sqlite(database: path, message: "run \(id) holds an unreadable result: \(error)")
        }
    }

    /// Metrics of a run: (level, metric) → value and interval.
    public func metrics(_ id: Int) throws(VantageError) -> [(level: String, metric: String, value: Double, low: Double, high: Double)] {
        try db.query("SELECT level, metric, value, ci_low, ci_high FROM metrics WHERE run_id = ? ORDER BY level, metric", [.int(Int64(id))]) { s in
            (s.text(0) ?? "", s.text(1) ?? "", s.double(2), s.double(3), s.double(4))
        }
    }

    public func profile(_ id: Int) throws(VantageError) -> [FreshnessProfile] {
        try db.query("SELECT view, level, coverage, age_min, age_p50, age_p90, age_p99, age_max, changed FROM profile WHERE run_id = ? ORDER BY rowid",
                     [.int(Int64(id))]) { s in
            FreshnessProfile(view: s.text(0) ?? "", level: s.text(1) ?? "", coverage: s.double(2),
                             ageSeconds: s.isNull(3) ? nil : .init(min: s.double(3), p50: s.double(4), p90: s.double(5), p99: s.double(6), max: s.double(7)),
                             changedVsRealtime: Int(s.int(8)))
        }
    }

    public func inputs(_ id: Int) throws(VantageError) -> [InputRecord] {
        try db.query("SELECT role, source, rows, bytes, sha256 FROM inputs WHERE run_id = ? ORDER BY rowid", [.int(Int64(id))]) { s in
            InputRecord(role: s.text(0) ?? "", source: s.text(1) ?? "", rows: Int(s.int(2)), bytes: s.isNull(3) ? nil : Int(s.int(3)), sha256: s.text(4))
        }
    }

    // MARK: - Writing

    private func transaction<T>(_ body: () throws(VantageError) -> T) throws(VantageError) -> T {
        try db.execute("BEGIN IMMEDIATE")
        do {
            let v = try body()
            try db.execute("COMMIT")
            return v
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
    }

    private func insertRun(kind: String, manifest: Manifest, output: String, headline: String?, json: [UInt8]) throws(VantageError) -> Int {
        let levels = String(decoding: try JSONOutput.encode(manifest.levels), as: UTF8.self)
        try db.run("""
            INSERT INTO runs(created_at, kind, spec_path, spec_sha256, spec_text, levels_json, headline, output_path, tool_version, result_json)
            VALUES (?,?,?,?,?,?,?,?,?,?)
            """, [.text(Timestamp.format(Int64(Date().timeIntervalSince1970 * 1e6))), .text(kind), .text(manifest.spec.path),
                  .text(manifest.spec.sha256), .text(manifest.spec.text), .text(levels), headline.map { .text($0) } ?? .null,
                  .text(output), .text(manifest.version), .text(String(decoding: json, as: UTF8.self))])
        let id = Int(db.lastInsertRowID)
        for i in manifest.inputs {
            try db.run("INSERT INTO inputs(run_id, role, source, rows, bytes, sha256) VALUES (?,?,?,?,?,?)",
                       [.int(Int64(id)), .text(i.role), .text(i.source), .int(Int64(i.rows)), i.bytes.map { .int(Int64($0)) } ?? .null,
                        i.sha256.map { .text($0) } ?? .null])
        }
        return id
    }

    private func insertProfile(_ id: Int, _ profile: [FreshnessProfile]) throws(VantageError) {
        for p in profile {
            try db.run("""
                INSERT INTO profile(run_id, view, level, coverage, age_min, age_p50, age_p90, age_p99, age_max, changed)
                VALUES (?,?,?,?,?,?,?,?,?,?)
                """, [.int(Int64(id)), .text(p.view), .text(p.level), .real(p.coverage),
                      p.ageSeconds.map { .real($0.min) } ?? .null, p.ageSeconds.map { .real($0.p50) } ?? .null,
                      p.ageSeconds.map { .real($0.p90) } ?? .null, p.ageSeconds.map { .real($0.p99) } ?? .null,
                      p.ageSeconds.map { .real($0.max) } ?? .null, .int(Int64(p.changedVsRealtime))])
        }
    }
}
