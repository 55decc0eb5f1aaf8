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
        // 2: skew runs (`vantage skew`). SQLite cannot change a CHECK in place: the runs
        // table is rebuilt (foreign keys are off during migrations, so nothing cascades).
        """
        CREATE TABLE runs_v2 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_at TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('sweep', 'backtest', 'skew')),
            spec_path TEXT NOT NULL,
            spec_sha256 TEXT NOT NULL,
            spec_text TEXT NOT NULL,
            levels_json TEXT NOT NULL,
            headline TEXT,
            output_path TEXT NOT NULL,
            tool_version TEXT NOT NULL,
            result_json TEXT NOT NULL
        );
        INSERT INTO runs_v2 SELECT * FROM runs;
        DROP TABLE runs;
        ALTER TABLE runs_v2 RENAME TO runs;
        """,
    ]

    /// The tables a store of version 1 or later holds.
    static let tables: Set<String> = ["runs", "inputs", "metrics", "uplift", "profile"]

    /// Checks, by reading only, that `db` is a run store this tool may write (or an empty
    /// database): a newer schema, or tables of some other program, are refused before
    /// anything (not even the journal mode) is changed. Returns the schema version.
    @discardableResult
    static func check(_ db: SQLiteConnection) throws(VantageError) -> Int {
        // One read transaction, so the version and the tables come from one snapshot:
        // read apart, another process's migration could commit in between, and a store
        // it had just created would look like a stranger's database.
        try db.execute("BEGIN")
        do {
            let version = try checkSnapshot(db)
            try db.execute("COMMIT")
            return version
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
    }

    private static func checkSnapshot(_ db: SQLiteConnection) throws(VantageError) -> Int {
        let current = Int(try db.query("PRAGMA user_version", []) { $0.int(0) }.first ?? 0)
        if current > migrations.count {
            throw .sqlite(database: db.path, message: "the run store has schema version \(current), newer than this tool's \(migrations.count); upgrade vantage")
        }
        let present = Set(try db.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", []) { $0.text(0) ?? "" })
        if current == 0 && !present.isEmpty {
            throw .sqlite(database: db.path, message: "not a vantage run store (it holds the tables \(present.sorted().joined(separator: ", "))); refusing to change it: pass another --store")
        }
        if current > 0 && !tables.isSubset(of: present) {
            throw .sqlite(database: db.path, message: "not a vantage run store (tables \(tables.subtracting(present).sorted().joined(separator: ", ")) are missing); refusing to change it")
        }
        return current
    }

    static func migrate(_ db: SQLiteConnection) throws(VantageError) {
        try db.execute("PRAGMA busy_timeout = 10000")
        let current = try check(db)
        guard current < migrations.count else { return }
        // A table rebuild must not cascade deletes; this pragma is a no-op inside a
        // transaction, so it is set around it.
        try db.execute("PRAGMA foreign_keys=OFF")
        defer { try? db.execute("PRAGMA foreign_keys=ON") }
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
