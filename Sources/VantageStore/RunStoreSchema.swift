import VantageCore

/// The store's schema, one migration per version; `PRAGMA user_version` says which
/// have run. A store written by a newer tool is refused rather than damaged.
enum RunStoreSchema {
    static let migrations: [String] = [
        // 1: runs, their inputs, metrics, uplift and freshness profile.
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_at TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('sweep', 'backtest')),
            spec_path TEXT NOT NULL,
            spec_sha256 TEXT NOT NULL,
            spec_text TEXT NOT NULL,
            levels_json TEXT NOT NULL,
            headline TEXT,
            output_path TEXT NOT NULL,
            tool_version TEXT NOT NULL,
            result_json TEXT NOT NULL
        );
        CREATE TABLE inputs (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            role TEXT NOT NULL, source TEXT NOT NULL, rows INTEGER NOT NULL, bytes INTEGER, sha256 TEXT
        );
        CREATE TABLE metrics (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            level TEXT NOT NULL, metric TEXT NOT NULL, value REAL, ci_low REAL, ci_high REAL,
            PRIMARY KEY (run_id, level, metric)
        );
        CREATE TABLE uplift (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            level TEXT NOT NULL, baseline TEXT NOT NULL, view TEXT, metric TEXT NOT NULL,
            delta REAL, ci_low REAL, ci_high REAL, significant INTEGER NOT NULL
        );
        CREATE TABLE profile (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            view TEXT NOT NULL, level TEXT NOT NULL, coverage REAL,
            age_min REAL, age_p50 REAL, age_p90 REAL, age_p99 REAL, age_max REAL, changed INTEGER
        );
        CREATE INDEX metrics_by_run ON metrics(run_id);
        """,
    ]

    static func migrate(_ db: SQLiteConnection) throws(VantageError) {
        try db.execute("PRAGMA busy_timeout = 10000")
        let current = Int(try db.query("PRAGMA user_version", []) { $0.int(0) }.first ?? 0)
        if current > migrations.count {
            throw .sqlite(database: db.path, message: "the run store has schema version \(current), newer than this tool's \(migrations.count); upgrade vantage")
        }
        guard current < migrations.count else { return }
        try db.execute("BEGIN IMMEDIATE")
        do {
            // Another process may have migrated while we waited for the lock.
            let now = Int(try db.query("PRAGMA user_version", []) { $0.int(0) }.first ?? 0)
            for v in now..<migrations.count {
                try db.execute(migrations[v])
                try db.execute("PRAGMA user_version = \(v + 1)")
            }
            try db.execute("COMMIT")
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
    }
}
