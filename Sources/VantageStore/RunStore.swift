import CSQLite
import Foundation
import VantageBacktest
import VantageCore

/// The history of sweeps and backtests in SQLite (`.vantage/runs.sqlite` by default).
/// Each run is recorded in one transaction (never half a run); the schema carries its
/// version in `PRAGMA user_version` and is migrated forward on open; WAL and a busy
/// timeout let two processes record runs at once.
///
/// Opening checks before changing anything: an existing file must be a run store of
/// this tool's schema or older (or an empty database), else it is refused untouched. A
/// store that does not exist yet is created only when the first run is recorded, and a
/// read-only store (`readOnly`) is never created or changed.
public final class RunStore {
    public let path: String
    public let readOnly: Bool
    private var opened: SQLiteConnection?

    public static let defaultPath = ".vantage/runs.sqlite"

    public init(path: String = RunStore.defaultPath, readOnly: Bool = false) throws(VantageError) {
        self.path = path
        self.readOnly = readOnly
        switch RealPath.kind(path) {
        case .missing:
            if readOnly { return }
            try Self.requireCreatable(path)
        case .file:
            let db = try SQLiteConnection(path: path, flags: readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE)
            try db.execute("PRAGMA busy_timeout = 10000")
            _ = try db.retryingWhileBusy { () throws(VantageError) in try RunStoreSchema.check(db) }
            if !readOnly { try Self.prepare(db) }
            opened = db
        case .folder, .other:
            throw .sqlite(database: path, message: "is not a file: expected the run store (an SQLite file)")
        }
    }

    /// True when a store file exists at `path`.
    public static func exists(_ path: String) -> Bool { RealPath.kind(path) != .missing }

    /// The store's folder can be created and written (checked before any work, so a run
    /// does not fail at its end for want of a store).
    private static func requireCreatable(_ path: String) throws(VantageError) {
        var dir = (RealPath.resolve(path) as NSString).deletingLastPathComponent
        while RealPath.kind(dir) == .missing && dir != "/" { dir = (dir as NSString).deletingLastPathComponent }
        guard RealPath.kind(dir) == .folder else {
            throw .sqlite(database: path, message: "cannot create the run store: \(dir) is not a folder")
        }
        guard access(dir, W_OK) == 0 else {
            throw .sqlite(database: path, message: "cannot create the run store: \(dir) is not writable")
        }
    }

    /// WAL, foreign keys and the schema; several processes may open a new store at once.
    private static func prepare(_ db: SQLiteConnection) throws(VantageError) {
        try db.retryingWhileBusy { () throws(VantageError) in
            try db.execute("PRAGMA journal_mode=WAL")
            try db.execute("PRAGMA foreign_keys=ON")
            try RunStoreSchema.migrate(db)
        }
    }

    /// The connection, creating the store on first write.
    private func connection(creating: Bool) throws(VantageError) -> SQLiteConnection? {
        if let opened { return opened }
        guard creating else { return nil }
        if readOnly { throw .sqlite(database: path, message: "the run store is open read-only") }
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw .sqlite(database: path, message: "cannot create the store's folder: \(error.localizedDescription)")
        }
        let db = try SQLiteConnection(path: path)
        try db.execute("PRAGMA busy_timeout = 10000")
        try Self.prepare(db)
        opened = db
        return db
    }

    private var db: SQLiteConnection {
        get throws(VantageError) {
            guard let c = try connection(creating: true) else { throw .sqlite(database: path, message: "no run store") }
            return c
        }
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
    /// `beforeCommit` runs inside the transaction with the new id (the caller publishes its
    /// output there); if it throws, nothing is recorded.
    public func record(sweep report: SweepRun.Report, output: String,
                       beforeCommit: (Int) throws(VantageError) -> Void = { _ in }) throws(VantageError) -> Int {
        try transaction { () throws(VantageError) -> Int in
            let id = try insertRun(kind: "sweep", manifest: report.manifest, output: output, headline: nil,
                                   json: try JSONOutput.encode(report))
            try insertProfile(id, report.profile)
            try beforeCommit(id)
            return id
        }
    }

    /// Records a backtest (its sweep's inputs, metrics, uplift and profile); returns its id.
    @discardableResult
    /// `beforeCommit` runs inside the transaction with the new id (the caller writes its
    /// `backtest.json` with the id and publishes its output there); if it throws, nothing
    /// is recorded.
    public func record(backtest r: BacktestResult, manifest: Manifest, output: String,
                       beforeCommit: (Int) throws(VantageError) -> Void = { _ in }) throws(VantageError) -> Int {
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
            try beforeCommit(id)
            return id
        }
    }

    /// Records a run of another kind (`skew`) with its manifest and JSON result; returns its id.
    /// `beforeCommit` runs inside the transaction with the new id (the caller publishes its
    /// output there); if it throws, nothing is recorded.
    @discardableResult
    public func record(kind: String, manifest: Manifest, output: String, headline: String? = nil, json: [UInt8],
                       beforeCommit: (Int) throws(VantageError) -> Void = { _ in }) throws(VantageError) -> Int {
        try transaction { () throws(VantageError) -> Int in
            let id = try insertRun(kind: kind, manifest: manifest, output: output, headline: headline, json: json)
            try beforeCommit(id)
            return id
        }
    }

    public func list() throws(VantageError) -> [Summary] {
        guard let db = try connection(creating: false) else { return [] }
        return try db.query("SELECT id, created_at, kind, spec_path, spec_sha256, levels_json, headline, output_path FROM runs ORDER BY id", []) { s in
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
        let rows = try (try connection(creating: false))?.query("SELECT kind, result_json FROM runs WHERE id = ?", [.int(Int64(id))]) { s in (s.text(0) ?? "", s.text(1) ?? "") } ?? []
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
        try (try connection(creating: false))?.query("SELECT level, metric, value, ci_low, ci_high FROM metrics WHERE run_id = ? ORDER BY level, metric", [.int(Int64(id))]) { s in
            (s.text(0) ?? "", s.text(1) ?? "", s.double(2), s.double(3), s.double(4))
        } ?? []
    }

    public func profile(_ id: Int) throws(VantageError) -> [FreshnessProfile] {
        try (try connection(creating: false))?.query("SELECT view, level, coverage, age_min, age_p50, age_p90, age_p99, age_max, changed FROM profile WHERE run_id = ? ORDER BY rowid",
                     [.int(Int64(id))]) { s in
            FreshnessProfile(view: s.text(0) ?? "", level: s.text(1) ?? "", coverage: s.double(2),
                             ageSeconds: s.isNull(3) ? nil : .init(min: s.double(3), p50: s.double(4), p90: s.double(5), p99: s.double(6), max: s.double(7)),
                             changedVsRealtime: Int(s.int(8)))
        } ?? []
    }

    public func inputs(_ id: Int) throws(VantageError) -> [InputRecord] {
        try (try connection(creating: false))?.query("SELECT role, source, rows, bytes, sha256 FROM inputs WHERE run_id = ? ORDER BY rowid", [.int(Int64(id))]) { s in
            InputRecord(role: s.text(0) ?? "", source: s.text(1) ?? "", rows: Int(s.int(2)), bytes: s.isNull(3) ? nil : Int(s.int(3)), sha256: s.text(4))
        } ?? []
    }

    // MARK: - Writing

    private func transaction<T>(_ body: () throws(VantageError) -> T) throws(VantageError) -> T {
        try db.retryingWhileBusy { () throws(VantageError) in try db.execute("BEGIN IMMEDIATE") }
        do {
            let v = try body()
            try db.execute("COMMIT")
            return v
        } catch {
            try? opened?.execute("ROLLBACK")
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
        let id = Int(try db.lastInsertRowID)
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
