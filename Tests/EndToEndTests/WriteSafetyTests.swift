import Foundation
import Testing

/// One test per write-path defect of issue 10 (numbered as there): each failed on the
/// code before the write discipline (an input replaced, a store changed, a half-written
/// or stray output, an escape, a second error form).
@Suite("write safety: inputs, stores, partial outputs, names, messages")
struct WriteSafetyTests {
    /// 1. `join --out` naming the spine, a view's CSV or the spec (under any spelling) is
    /// refused with exit 64 naming both, and the input is untouched.
    @Test(arguments: ["spine.csv", "prof.csv", "spec.yaml", "./sub/../spine.csv"])
    func joinNeverOverwritesAnInput(out: String) throws {
        let w = try Workspace(sampleFiles)
        try FileManager.default.createDirectory(atPath: w.dir + "/sub", withIntermediateDirectories: true)
        let before = w.snapshot()
        let r = try CLI.run(["join", "spec.yaml", "--out", out], in: w.dir)
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("error: --out \(out) is the "), "\(r.stderr)")
        #expect(w.snapshot() == before)
    }

    /// 2. `sweep --out` naming the input folder, an input file, or an unrelated file or
    /// folder is refused; `--force` replaces the unrelated one; a previous sweep is
    /// replaced without a flag.
    @Test func sweepNeverDeletesInputsOrUnrelatedFiles() throws {
        let w = try Workspace(sampleFiles.merging(["notes/keep.txt": "mine"]) { $1 })
        let before = w.snapshot()
        for out in [".", w.dir, "spine.csv", "notes", "notes/keep.txt"] {
            let r = try CLI.run(["sweep", "spec.yaml", "--out", out, "--no-store"], in: w.dir)
            #expect(r.status == 64, "\(out): \(r.stderr)")
            #expect(r.stderr.hasPrefix("error: --out \(out)"), "\(r.stderr)")
            #expect(w.snapshot() == before, "\(out)")
        }
        #expect(try CLI.run(["sweep", "spec.yaml", "--out", "notes", "--no-store", "--force", "--quiet"], in: w.dir).status == 0)
        #expect(w.exists("notes/sweep.json") && !w.exists("notes/keep.txt"))
        // A previous sweep is recognised and replaced.
        let again = try CLI.run(["sweep", "spec.yaml", "--out", "notes", "--no-store", "--quiet", "--levels", "realtime"], in: w.dir)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(!w.exists("notes/lag-12h.csv") && w.exists("notes/realtime.csv"))
        #expect(w.leftovers().isEmpty)
    }

    /// A spec whose view reads an SQLite database (copied from the CSV view).
    static func sqliteWorkspace(query: String? = nil) throws -> Workspace {
        let w = try Workspace(sampleFiles)
        let db = w.dir + "/data.db"
        let sql = """
            CREATE TABLE prof(card TEXT, ts TEXT, "limit" REAL);
            INSERT INTO prof VALUES ('c1','2024-01-01T00:00:00Z',100), ('c1','2024-01-02T10:15:00Z',150), ('c2','2024-01-02T00:00:00Z',50);
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()", db, sql]
        try p.run()
        p.waitUntilExit()
        let source = query.map { "sqlite: {database: data.db, query: \"\($0)\"}" } ?? "sqlite: {database: data.db, table: prof}"
        let spec = sampleSpec.replacingOccurrences(of: "path: prof.csv", with: source)
        try spec.write(toFile: w.dir + "/spec.yaml", atomically: true, encoding: .utf8)
        return w
    }

    /// 3. `--store` naming a view's SQLite database is refused before any work; the
    /// database is not touched (no run tables, no WAL).
    @Test func storeThatIsAnInputDatabaseIsRefused() throws {
        let w = try Self.sqliteWorkspace()
        let before = w.snapshot()
        let r = try CLI.run(["sweep", "spec.yaml", "--out", "sw", "--store", "data.db"], in: w.dir)
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("--store data.db is the view prof's source's database"), "\(r.stderr)")
        #expect(w.snapshot() == before)
        // The same spec sweeps fine with a store elsewhere.
        #expect(try CLI.run(["sweep", "spec.yaml", "--out", "sw", "--quiet"], in: w.dir).status == 0)
    }

    /// 4. A store the tool refuses (a newer schema, a foreign `runs` table, not a
    /// database) is left byte for byte as it was, without -wal or -shm files.
    @Test(arguments: ["PRAGMA user_version = 999; CREATE TABLE t(x);", "CREATE TABLE runs(x);", "not a database"])
    func refusedStoreIsNotModified(setup: String) throws {
        let w = try Workspace(sampleFiles)
        if setup == "not a database" {
            try "card,t\n".write(toFile: w.dir + "/store.db", atomically: true, encoding: .utf8)
        } else {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()", w.dir + "/store.db", setup]
            try p.run()
            p.waitUntilExit()
        }
        let before = w.snapshot()
        let r = try CLI.run(["sweep", "spec.yaml", "--out", "sw", "--store", "store.db"], in: w.dir)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("error: sqlite store.db"), "\(r.stderr)")
        #expect(w.snapshot() == before)
        #expect(!w.exists("store.db-wal") && !w.exists("store.db-shm") && !w.exists("sw"))
    }

    /// 5. A source `query:` must be one read statement: `VACUUM INTO` creates no file,
    /// a second statement is refused; a trailing comment is fine.
    @Test func sqliteQueriesOnlyRead() throws {
        for (query, ok) in [("VACUUM INTO 'copy.db'", false), ("SELECT * FROM prof; DELETE FROM prof", false),
                            ("DELETE FROM prof", false), ("SELECT * FROM prof -- all rows", true)] {
            let w = try Self.sqliteWorkspace(query: query)
            let before = w.snapshot()
            let r = try CLI.run(["join", "spec.yaml", "--out", "o.csv", "--quiet"], in: w.dir)
            #expect((r.status == 0) == ok, "\(query): \(r.stderr)")
            if !ok {
                #expect(r.stderr.hasPrefix("error: sqlite"), "\(r.stderr)")
                #expect(w.snapshot() == before, "\(query)")
            }
            #expect(!w.exists("copy.db"))
        }
    }

    /// 6. A sweep whose store cannot be opened (a CSV, a folder, a FIFO) fails before any
    /// work and writes no `--out`.
    @Test func sweepWithUnusableStoreWritesNothing() throws {
        let w = try Workspace(sampleFiles.merging(["folder/x": "x"]) { $1 })
        #expect(mkfifo(w.dir + "/fifo", 0o600) == 0)
        for store in ["prof.csv", "folder", "fifo"] {
            let before = w.snapshot()
            let r = try CLI.run(["sweep", "spec.yaml", "--out", "sw", "--store", store], in: w.dir)
            #expect(r.status != 0, "\(store)")
            #expect(r.stderr.hasPrefix("error: "), "\(r.stderr)")
            #expect(w.snapshot() == before, "\(store)")
            #expect(!w.exists("sw") && w.leftovers().isEmpty)
        }
    }

    /// 7. A backtest that fails on its options leaves no `--out` (no `sweep/` inside),
    /// and a previous backtest folder there is kept.
    @Test func failedBacktestLeavesNoOutput() throws {
        let w = try Workspace(sampleFiles.merging(["bad.sqlite": "garbage"]) { $1 })
        let cases: [[String]] = [
            ["--split", "2030-01-01"], ["--gap", "3650d"], ["--metric", "accuracy"], ["--label", "nosuch"],
            ["--baseline", "cadence-1mo"], ["--store", "bad.sqlite"], ["--model", "linear"],
        ]
        for extra in cases {
            let r = try CLI.run(["backtest", "spec.yaml", "--out", "bt", "--resamples", "10", "--quiet"] + extra, in: w.dir)
            #expect(r.status != 0, "\(extra)")
            #expect(r.stderr.hasPrefix("error: "), "\(extra): \(r.stderr)")
            #expect(!w.exists("bt") && w.leftovers().isEmpty, "\(extra): \(w.files())")
        }
        try FileManager.default.createDirectory(atPath: w.dir + "/bt", withIntermediateDirectories: true)
        try "{}".write(toFile: w.dir + "/bt/backtest.json", atomically: true, encoding: .utf8)
        let before = w.snapshot("bt")
        #expect(try CLI.run(["backtest", "spec.yaml", "--out", "bt", "--metric", "accuracy"], in: w.dir).status != 0)
        #expect(w.snapshot("bt") == before)
    }

    /// 8. `join` on a full disk (simulated: the N-th byte fails) leaves neither the CSV
    /// nor the manifest under a final name, and a previous pair is kept.
    @Test func joinOnFullDiskLeavesNothingPartial() throws {
        let w = try Workspace(sampleFiles)
        let full = try CLI.run(["join", "spec.yaml", "--out", "o.csv", "--quiet"], in: w.dir)
        #expect(full.status == 0)
        try FileManager.default.removeItem(atPath: w.dir + "/o.csv")
        try FileManager.default.removeItem(atPath: w.dir + "/o.csv.manifest.json")
        for limit in [0, 50, 300, 600] {
            let r = try CLI.run(["join", "spec.yaml", "--out", "o.csv", "--quiet"], in: w.dir,
                                environment: ["VANTAGE_TEST_FAIL_WRITE_AFTER_BYTES": String(limit)])
            #expect(r.status == 1, "\(limit): \(r.stderr)")
            #expect(r.stderr.contains("No space left on device"), "\(r.stderr)")
            #expect(!w.exists("o.csv") && !w.exists("o.csv.manifest.json") && w.leftovers().isEmpty, "\(limit)")
        }
        #expect(try CLI.run(["join", "spec.yaml", "--out", "o.csv", "--quiet"], in: w.dir).status == 0)
        let previous = w.snapshot()
        let r = try CLI.run(["join", "spec.yaml", "--out", "o.csv", "--freshness", "lag-12h", "--quiet"], in: w.dir,
                            environment: ["VANTAGE_TEST_FAIL_WRITE_AFTER_BYTES": "300"])
        #expect(r.status == 1)
        #expect(w.snapshot() == previous)
    }

    /// Backtest, report and datasets follow the same rules: an output never replaces an
    /// input or an unrelated file or folder; a previous output of the same kind is replaced.
    @Test func backtestReportAndDatasetsFollowTheSameRules() throws {
        let w = try Workspace(["notes/keep.txt": "mine"])
        let g = try CLI.run(["datasets", "generate", "fraud", "--out", "data", "--events", "10000", "--quiet"], in: w.dir)
        #expect(g.status == 0, "\(g.stderr)")
        let bt = try CLI.run(["backtest", "data/spec.yaml", "--out", "bt", "--resamples", "10", "--no-store", "--quiet",
                              "--model", "logistic", "--levels", "realtime,cadence-1d"], in: w.dir)
        #expect(bt.status == 0, "\(bt.stderr)")
        let before = w.snapshot()
        for args in [["backtest", "data/spec.yaml", "--out", "notes"], ["backtest", "data/spec.yaml", "--out", "."],
                     ["backtest", "data/spec.yaml", "--out", "data/transactions.csv"],
                     ["backtest", "--sweep", "bt/sweep", "--out", "bt"], ["report", "bt", "--out", "bt"],
                     ["report", "bt", "--out", "notes"], ["report", "bt", "--out", "data/spec.yaml"],
                     ["datasets", "generate", "fraud", "--out", "notes", "--events", "10000"],
                     ["datasets", "generate", "fraud", "--out", "bt", "--events", "10000"]] {
            let r = try CLI.run(args + ["--quiet"], in: w.dir)
            #expect(r.status == 64, "\(args): \(r.stderr)")
            #expect(r.stderr.hasPrefix("error: --out "), "\(args): \(r.stderr)")
            #expect(w.snapshot() == before, "\(args)")
        }
        #expect(try CLI.run(["report", "bt", "--quiet"], in: w.dir).status == 0)
        #expect(try CLI.run(["report", "bt", "--quiet", "--notebook", "again"], in: w.dir).status == 0)
        #expect(w.exists("bt/report/again.ipynb") && !w.exists("bt/report/bt.ipynb"))
        #expect(try CLI.run(["report", "bt", "--notebook", "../escape"], in: w.dir).status == 64)
        // A previous scenario folder is replaced by a new generation.
        #expect(try CLI.run(["datasets", "generate", "fraud", "--out", "data", "--events", "10000", "--seed", "9", "--quiet"], in: w.dir).status == 0)
        #expect(w.leftovers().isEmpty)
    }

    /// 11. View names that would climb out of `--out` or hide a file are refused when the
    /// spec is read, at the name's line.
    @Test(arguments: ["../../../escaped", "..", ".hidden", "a/b", "sp ace"])
    func viewNamesMustBePlain(name: String) throws {
        let w = try Workspace(sampleFiles)
        let spec = sampleSpec.replacingOccurrences(of: "name: txn", with: "name: \"\(name)\"")
            .replacingOccurrences(of: "views: [prof, txn]", with: "views: [prof, \"\(name)\"]")
        try spec.write(toFile: w.dir + "/spec.yaml", atomically: true, encoding: .utf8)
        let r = try CLI.run(["sweep", "spec.yaml", "--out", "sw/inner", "--each-view", "--no-store"], in: w.dir)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("error: spec: views[1].name: view name"), "\(r.stderr)")
        #expect(r.stderr.contains("(line 15)"), "\(r.stderr)")
        #expect(!w.exists("sw") && !FileManager.default.fileExists(atPath: w.dir + "/../escaped"))
    }

    /// 12. Errors from the argument parser use the same `error:` form as the tool's own.
    @Test(arguments: [["join", "spec.yaml"], ["join"], ["sweep", "spec.yaml", "--out", "x", "--levels", "nope"],
                      ["join", "spec.yaml", "--out", "x.csv", "--bogus"], ["backtest", "--folds", "0", "spec.yaml"], ["nosuch"]])
    func parserErrorsUseTheOneForm(args: [String]) throws {
        let w = try Workspace(sampleFiles)
        let r = try CLI.run(args, in: w.dir)
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("error: "), "\(r.stderr)")
        #expect(!r.stderr.contains("Error:") && !r.stderr.contains("USAGE:") && !r.stderr.contains("Usage:"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count <= 2, "\(r.stderr)")
        #expect(w.leftovers().isEmpty && !w.exists("x") && !w.exists("x.csv"))
    }

    /// 13a. A number beyond a double's range is an error naming the cell, like `nan`.
    @Test func numbersBeyondDoubleRangeAreErrors() throws {
        let w = try Workspace(sampleFiles)
        try w.read("spine.csv").replacingOccurrences(of: ",7.5,", with: ",1e309,").write(toFile: w.dir + "/spine.csv", atomically: true, encoding: .utf8)
        let r = try CLI.run(["join", "spec.yaml", "--out", "o.csv"], in: w.dir)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("spine.csv, line 3, column 3") && r.stderr.contains("\"1e309\""), "\(r.stderr)")
        #expect(!w.exists("o.csv"))
    }

    /// 13b. A FIFO as an input (spine or spec) is refused at once instead of blocking.
    @Test func fifoInputsAreRefused() throws {
        let w = try Workspace(sampleFiles)
        #expect(mkfifo(w.dir + "/fifo.csv", 0o600) == 0)
        try sampleSpec.replacingOccurrences(of: "path: spine.csv", with: "path: fifo.csv")
            .write(toFile: w.dir + "/fifo-spec.yaml", atomically: true, encoding: .utf8)
        let start = Date()
        for args in [["join", "fifo-spec.yaml", "--out", "o.csv"], ["join", "fifo.csv", "--out", "o.csv"]] {
            let r = try CLI.run(args, in: w.dir)
            #expect(r.status == 1, "\(r.stderr)")
            #expect(r.stderr.contains("fifo.csv") && r.stderr.contains("not a regular file"), "\(r.stderr)")
        }
        #expect(Date().timeIntervalSince(start) < 30)
        #expect(!w.exists("o.csv"))
    }

    /// 13c. Read-only commands never create a store or its folder.
    @Test func readingAMissingStoreCreatesNothing() throws {
        let w = try Workspace(sampleFiles)
        let list = try CLI.run(["runs", "list", "--store", "missing/path"], in: w.dir)
        #expect(list.status == 0 && list.stdout.contains("no runs recorded"))
        let show = try CLI.run(["runs", "show", "1", "--store", "missing/path"], in: w.dir)
        #expect(show.status == 64 && show.stderr.hasPrefix("error: no run store at missing/path"), "\(show.stderr)")
        #expect(try CLI.run(["runs", "diff", "1", "2"], in: w.dir).status == 64)
        #expect(try CLI.run(["report", "--run", "1"], in: w.dir).status == 64)
        #expect(!w.exists("missing") && !w.exists(".vantage") && !w.exists("report"))
    }

    /// 13d. `join --out ""` is a usage error and writes nothing anywhere.
    @Test func emptyOutIsAUsageError() throws {
        let w = try Workspace(["in/spec.yaml": sampleSpec, "in/spine.csv": sampleFiles["spine.csv"] ?? "", "in/prof.csv": sampleFiles["prof.csv"] ?? ""])
        let before = w.snapshot()
        for args in [["join", "spec.yaml", "--out", ""], ["sweep", "spec.yaml", "--out", ""], ["backtest", "spec.yaml", "--out", ""]] {
            let r = try CLI.run(args, in: w.dir + "/in")
            #expect(r.status == 64, "\(args): \(r.stderr)")
            #expect(r.stderr.hasPrefix("error: --out is empty"), "\(r.stderr)")
        }
        #expect(w.snapshot() == before)
    }
}
