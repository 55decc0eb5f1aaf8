import Foundation
import Testing

@Suite("vantage join, sweep and validate from the command line")
struct JoinCLITests {
    @Test func joinWritesCSVAndManifest() throws {
        let w = try Workspace(sampleFiles)
        let r = try CLI.run(["join", "spec.yaml", "--out", "train.csv"], in: w.dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("4 rows"))
        let csv = try w.read("train.csv")
        #expect(csv == """
            card,t,amount,y,prof__limit,txn__count_1h,txn__count_1d,txn__sum_amount_1d\r
            c1,2024-01-02T10:00:00Z,5,0,100,0,0,\r
            c1,2024-01-02T10:30:00Z,7.5,1,150,1,1,5\r
            c2,2024-01-02T11:00:00Z,1,0,50,0,0,\r
            c1,2024-01-02T12:00:00Z,2,0,150,0,2,12.5\r

            """)
        let manifest = try JSONSerialization.jsonObject(with: Data(try w.read("train.csv.manifest.json").utf8)) as? [String: Any]
        let inputs = manifest?["inputs"] as? [[String: Any]] ?? []
        #expect(inputs.count == 2)
        #expect((inputs.first?["sha256"] as? String)?.count == 64)
        #expect(manifest?["levels"] as? [String] == ["realtime"])
    }

    @Test func quietPrintsNothing() throws {
        let w = try Workspace(sampleFiles)
        let r = try CLI.run(["join", "spec.yaml", "--out", "x.csv", "--freshness", "cadence-1h", "--quiet"], in: w.dir)
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty && r.stderr.isEmpty)
    }

    @Test func sweepFilesEqualSingleJoins() throws {
        let w = try Workspace(sampleFiles)
        let s = try CLI.run(["sweep", "spec.yaml", "--out", "sw", "--quiet"], in: w.dir)
        #expect(s.status == 0, "\(s.stderr)")
        for level in ["realtime", "cadence-1h", "lag-12h"] {
            let j = try CLI.run(["join", "spec.yaml", "--out", "\(level).csv", "--freshness", level, "--quiet"], in: w.dir)
            #expect(j.status == 0)
            #expect(try w.read("sw/\(level).csv") == w.read("\(level).csv"), "\(level)")
        }
        let report = try JSONSerialization.jsonObject(with: Data(try w.read("sw/sweep.json").utf8)) as? [String: Any]
        #expect((report?["profile"] as? [Any])?.count == 6)
        // No temporary folder is left beside the output.
        #expect(!w.files().contains { $0.hasPrefix(".sw.tmp") })
    }

    @Test func sweepEachViewAndAge() throws {
        let w = try Workspace(sampleFiles)
        let s = try CLI.run(["sweep", "spec.yaml", "--out", "sw", "--each-view", "--with-age", "--levels", "realtime,lag-1h,lag-1h"], in: w.dir)
        #expect(s.status == 0, "\(s.stderr)")
        #expect(s.stdout.contains("coverage"))
        // Baseline lag-1h (the stalest): each view alone and all but it at every other level.
        for f in ["prof/alone/realtime.csv", "prof/all_but/realtime.csv", "txn/alone/realtime.csv", "txn/all_but/realtime.csv"] {
            #expect(w.exists("sw/each-view/" + f), "\(f)")
        }
        #expect(!w.exists("sw/each-view/prof/alone/lag-1h.csv"))
        // prof alone at realtime = prof at realtime, txn at the baseline: its txn columns are lag-1h's.
        func column(_ file: String, _ name: String) throws -> [Substring] {
            let rows = try w.read(file).split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            guard let i = rows.first?.firstIndex(of: Substring(name)) else { return [] }
            return rows.dropFirst().map { $0[i] }
        }
        #expect(try column("sw/each-view/prof/alone/realtime.csv", "txn__count_1h") == column("sw/lag-1h.csv", "txn__count_1h"))
        #expect(try column("sw/each-view/prof/alone/realtime.csv", "prof__limit") == column("sw/realtime.csv", "prof__limit"))
        #expect(try column("sw/each-view/prof/all_but/realtime.csv", "prof__limit") == column("sw/lag-1h.csv", "prof__limit"))
        #expect(try column("sw/each-view/prof/all_but/realtime.csv", "txn__count_1h") == column("sw/realtime.csv", "txn__count_1h"))
        let manifest = try w.read("sw/sweep.json")
        #expect(manifest.contains("\"each_view_baseline\" : \"lag-1h\""))
        #expect(manifest.contains("\"all_but\""))
        let header = try w.read("sw/realtime.csv").split(separator: "\r\n").first ?? ""
        #expect(header.hasSuffix("prof__limit,prof__age_s,txn__count_1h,txn__count_1d,txn__sum_amount_1d,txn__age_s"))
    }

    @Test func validatePrintsCountsAndRanges() throws {
        let w = try Workspace(sampleFiles)
        let r = try CLI.run(["validate", "spec.yaml"], in: w.dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("4 rows") && r.stdout.contains("2024-01-02T10:00:00Z .. 2024-01-02T12:00:00Z"))
    }

    @Test("bad input: clear error, exit code, no output", arguments: [
        ("prof.csv", "card,ts,limit\nc1,not-a-time,1\n", "prof.csv, line 2, column 2", 1),
        ("prof.csv", "card,ts,limit\nc1,2024-01-01,1,extra\n", "too many fields", 1),
        ("spine.csv", "card,t,amount,y\n\"c1,2024-01-02T10:00:00Z,5,0\n", "unterminated quoted field", 1),
        ("prof.csv", "", "the file is empty", 1),
        ("spec.yaml", sampleSpec.replacingOccurrences(of: "ttl: 2d", with: "ttl: 2 days"), "views[0].ttl", 1),
        ("spec.yaml", sampleSpec.replacingOccurrences(of: "features: [limit]", with: "features: [limt]"), "no column \"limt\"", 1),
        ("spine.csv", "card,t,amount,amount\n", "duplicate column name", 1),
    ])
    func badInput(_ file: String, _ content: String, _ message: String, _ status: Int32) throws {
        var files = sampleFiles
        files[file] = content
        let w = try Workspace(files)
        let r = try CLI.run(["join", "spec.yaml", "--out", "out.csv"], in: w.dir)
        #expect(r.status == status)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(!w.files().contains { $0.contains("out.csv") })
    }

    @Test func usageErrorsExit64() throws {
        let w = try Workspace(sampleFiles)
        let r = try CLI.run(["join", "spec.yaml", "--out", "o.csv", "--freshness", "cadence-0"], in: w.dir)
        #expect(r.status == 64)
        #expect(r.stderr.contains("cadence-0"))
        let s = try CLI.run(["sweep", "spec.yaml", "--out", "o", "--levels", "realtime,lag-3x"], in: w.dir)
        #expect(s.status == 64)
        #expect(s.stderr.contains("lag-3x"))
        let missing = try CLI.run(["join", "nope.yaml", "--out", "o.csv"], in: w.dir)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("nope.yaml"))
    }

    @Test func helpShowsExamples() throws {
        for cmd in ["join", "sweep", "validate"] {
            let r = try CLI.run([cmd, "--help"])
            #expect(r.status == 0)
            #expect(r.stdout.contains("vantage \(cmd) "), "\(cmd)")
        }
    }

    @Test func sqliteSourceMatchesCSV() throws {
        let w = try Workspace(sampleFiles)
        let db = w.dir + "/data.db"
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = ["python3", "-c", """
            import sqlite3, csv
            c = sqlite3.connect('\(db)')
            c.execute('create table prof (card text, ts text, "limit" integer)')
            for r in list(csv.reader(open('\(w.dir)/prof.csv')))[1:]:
                c.execute('insert into prof values (?,?,?)', (r[0], r[1], int(r[2])))
            c.commit()
            """]
        try sqlite.run()
        sqlite.waitUntilExit()
        guard sqlite.terminationStatus == 0 else { return }
        let spec = sampleSpec.replacingOccurrences(of: "path: prof.csv", with: "sqlite: {database: data.db, table: prof}")
        try spec.write(toFile: w.dir + "/sql.yaml", atomically: true, encoding: .utf8)
        let a = try CLI.run(["join", "spec.yaml", "--out", "a.csv", "--quiet"], in: w.dir)
        let b = try CLI.run(["join", "sql.yaml", "--out", "b.csv", "--quiet"], in: w.dir)
        #expect(a.status == 0 && b.status == 0, "\(b.stderr)")
        #expect(try w.read("a.csv") == w.read("b.csv"))
    }
}

@Suite("dropping rows with bad times")
struct DropBadTimesTests {
    @Test func dropsAndReports() throws {
        var files = sampleFiles
        files["spine.csv"] = "card,t,amount,y\nc1,2024-01-02T10:00:00Z,5,0\nc1,garbage,7.5,1\nc2,2024-01-02T11:00:00Z,1,0\n"
        files["prof.csv"] = "card,ts,limit\nc1,2024-01-01T00:00:00Z,100\nc1,2024-13-02T10:15:00Z,150\nc2,2024-01-02T00:00:00Z,50\n"
        let w = try Workspace(files)
        let failing = try CLI.run(["join", "spec.yaml", "--out", "a.csv"], in: w.dir)
        #expect(failing.status == 1)
        #expect(failing.stderr.contains("spine.csv, line 3, column 2") && failing.stderr.contains("--drop-bad-times"))
        let r = try CLI.run(["join", "spec.yaml", "--out", "a.csv", "--drop-bad-times"], in: w.dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("dropped 1 row with an unparseable time from \(w.dir)/spine.csv"))
        #expect(r.stdout.contains("dropped 1 row with an unparseable time from \(w.dir)/prof.csv"))
        let csv = try w.read("a.csv")
        #expect(csv.split(separator: "\r\n").count == 3)
        #expect(csv.contains("c1,2024-01-02T10:00:00Z,5,0,100,"))
    }
}

@Suite("sweep levels and interruption")
struct SweepLevelTests {
    @Test func everyRequestedLevelGetsItsFileAndDuplicatesAreWrittenOnce() throws {
        let w = try Workspace(sampleFiles)
        let r = try CLI.run(["sweep", "spec.yaml", "--out", "sw", "--levels", "1h,cadence-1h,realtime,realtime,lag-0,lag-0s", "--quiet"], in: w.dir)
        #expect(r.status == 0, "\(r.stderr)")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: w.dir + "/sw"))?.sorted() ?? []
        // Two names for one schedule: both files, same bytes; a name given twice: one file.
        #expect(files == ["1h.csv", "cadence-1h.csv", "lag-0.csv", "lag-0s.csv", "realtime.csv", "sweep.json"])
        #expect(try w.read("sw/1h.csv") == w.read("sw/cadence-1h.csv"))
        #expect(try w.read("sw/lag-0.csv") == w.read("sw/realtime.csv") && w.read("sw/lag-0s.csv") == w.read("sw/realtime.csv"))
        let report = try JSONSerialization.jsonObject(with: Data(try w.read("sw/sweep.json").utf8)) as? [String: Any]
        let manifest = report?["manifest"] as? [String: Any]
        #expect(manifest?["levels"] as? [String] == ["1h", "cadence-1h", "realtime", "lag-0", "lag-0s"])
        let profileLevels = (report?["profile"] as? [[String: Any]])?.compactMap { $0["level"] as? String } ?? []
        #expect(profileLevels == ["1h", "1h", "cadence-1h", "cadence-1h", "realtime", "realtime", "lag-0", "lag-0", "lag-0s", "lag-0s"])
    }

    @Test func interruptedSweepLeavesNoPartialOutput() throws {
        // Enough rows that the sweep is still running when the signal arrives.
        var spine = "card,t,amount,y\n"
        spine.reserveCapacity(8_000_000)
        for i in 0..<200_000 {
            spine += "c\(i % 5000),2024-01-\(String(format: "%02d", 1 + i % 28))T\(String(format: "%02d", i % 24)):00:00Z,\(i % 97),0\n"
        }
        var files = sampleFiles
        files["spine.csv"] = spine
        let w = try Workspace(files)
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["sweep", "spec.yaml", "--out", "sw", "--levels", "realtime,lag-1m,lag-1h,lag-2h,lag-3h,lag-4h,lag-5h,lag-6h", "--quiet"]
        p.currentDirectoryURL = URL(fileURLWithPath: w.dir)
        try p.run()
        Thread.sleep(forTimeInterval: 0.4)
        p.terminate()
        p.waitUntilExit()
        if p.terminationStatus == 0 {
            // Finished before the signal: the output must then be complete.
            #expect(w.exists("sw/sweep.json"))
        } else {
            #expect(!w.exists("sw"))
        }
        #expect(!w.files().contains { $0.hasPrefix(".sw.tmp") }, "\(w.files())")
    }
}

@Suite("run store from the command line")
struct RunStoreCLITests {
    @Test func twoConcurrentSweepsAreBothRecorded() throws {
        let w = try Workspace(sampleFiles)
        var procs = [Process]()
        for i in 0..<4 {
            let p = Process()
            p.executableURL = CLI.binary
            p.arguments = ["sweep", "spec.yaml", "--out", "sw\(i)", "--quiet"]
            p.currentDirectoryURL = URL(fileURLWithPath: w.dir)
            try p.run()
            procs.append(p)
        }
        for p in procs { p.waitUntilExit() }
        #expect(procs.allSatisfy { $0.terminationStatus == 0 })
        let list = try CLI.run(["runs", "list", "--json"], in: w.dir)
        #expect(list.status == 0, "\(list.stderr)")
        let runs = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(runs.count == 4)
        #expect(Set(runs.compactMap { $0["output_path"] as? String }) == ["sw0", "sw1", "sw2", "sw3"])
        let show = try CLI.run(["runs", "show", "1"], in: w.dir)
        #expect(show.status == 0 && show.stdout.contains("coverage"))
        let missing = try CLI.run(["runs", "show", "9"], in: w.dir)
        #expect(missing.status == 64 && missing.stderr.contains("no run 9"))
    }
}
