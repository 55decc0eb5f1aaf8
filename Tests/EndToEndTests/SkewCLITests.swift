// `vantage skew` from the command line: the bundled fraud log end to end, the
// --min-match gate (exit 2 after writing), bad input (exit 1 or 64, nothing written),
// and --freshness-from feeding a backtest.
import Foundation
import Testing

@Suite("vantage skew from the command line")
struct SkewCLITests {
    static let fraud = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("datasets/fraud").path

    @Test func bundledFraud() throws {
        let w = try Workspace([:])
        let r = try CLI.run(["skew", "\(Self.fraud)/spec.yaml", "--served", "\(Self.fraud)/served.csv", "--out", "\(w.dir)/skew",
                             "--store", "\(w.dir)/runs.sqlite"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(w.exists("skew/skew.json") && w.exists("skew/skew.md"))
        #expect(r.stdout.contains("txn") && r.stdout.contains("staler") && r.stdout.contains("recorded as run 1"))
        let json = try JSONSerialization.jsonObject(with: Data(try w.read("skew/skew.json").utf8)) as? [String: Any]
        #expect(json?["rows"] as? Int == 3000)
        let views = json?["views"] as? [[String: Any]] ?? []
        let byName = Dictionary(uniqueKeysWithValues: views.map { ($0["view"] as? String ?? "", $0) })
        #expect(byName["txn"]?["flag"] as? String == "staler")
        #expect(byName["txn"]?["effective"] as? String == "lag-30s")
        #expect(byName["merchant_risk"]?["flag"] as? String == "staler")
        #expect(byName["card_profile"]?["flag"] as? String == "ok")
        let features = views.flatMap { $0["features"] as? [[String: Any]] ?? [] }
        for key in ["column", "view", "match_rate", "served_null", "offline_null", "differ", "mean_abs_diff", "p99_abs_diff", "examples"] {
            #expect(features.allSatisfy { $0.keys.contains(key) }, "every feature has \(key)")
        }
        let list = try CLI.run(["runs", "list", "--store", "\(w.dir)/runs.sqlite"])
        #expect(list.stdout.contains("skew"), "\(list.stdout)")
    }

    @Test func minMatchGatesAfterWriting() throws {
        let w = try Workspace([:])
        let r = try CLI.run(["skew", "\(Self.fraud)/spec.yaml", "--served", "\(Self.fraud)/served.csv", "--out", "\(w.dir)/skew",
                             "--min-match", "0.99", "--no-store", "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("merchant_risk__n_txn_7d"))
        #expect(w.exists("skew/skew.json") && w.exists("skew/skew.md"))
        let ok = try CLI.run(["skew", "\(Self.fraud)/spec.yaml", "--served", "\(Self.fraud)/served.csv", "--out", "\(w.dir)/skew2",
                              "--min-match", "0.1", "--no-store", "--quiet"])
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    @Test func badInputWritesNothing() throws {
        let w = try Workspace(["served.csv": "card_id,ts,txn__count_1mm\n1,2024-01-02T00:00:00Z,3\n"])
        let r = try CLI.run(["skew", "\(Self.fraud)/spec.yaml", "--served", "\(w.dir)/served.csv", "--out", "\(w.dir)/skew", "--no-store"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("error: \(w.dir)/served.csv, line 1"), "\(r.stderr)")
        #expect(r.stderr.contains("merchant_id"))
        #expect(!w.exists("skew"))
        #expect(w.files() == ["served.csv"])
        let usage = try CLI.run(["skew", "\(Self.fraud)/spec.yaml", "--served", "\(w.dir)/served.csv", "--out", "\(w.dir)/skew",
                                 "--min-match", "2"])
        #expect(usage.status == 64)
        #expect(!w.exists("skew"))
    }

    @Test func freshnessFromNeedsASpecAndASkewFolder() throws {
        let w = try Workspace([:])
        let both = try CLI.run(["backtest", "--sweep", "\(w.dir)/sweep", "--freshness-from", "\(w.dir)/skew", "--no-store"])
        #expect(both.status == 64)
        #expect(both.stderr.contains("--freshness-from"))
        let missing = try CLI.run(["backtest", "\(Self.fraud)/spec.yaml", "--freshness-from", "\(w.dir)/skew", "--out", "\(w.dir)/bt", "--no-store"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("\(w.dir)/skew/skew.json"), "\(missing.stderr)")
        #expect(!w.exists("bt/backtest.json"))
    }

    /// The served log as an SQLite table (made with the sqlite3 shell where it is installed).
    @Test func servedFromSQLite() throws {
        let shell = "/usr/bin/sqlite3"
        guard FileManager.default.isExecutableFile(atPath: shell) else { return }
        let w = try Workspace([:])
        let p = Process()
        p.executableURL = URL(fileURLWithPath: shell)
        p.arguments = ["\(w.dir)/served.db", ".mode csv", ".import \(Self.fraud)/served.csv served"]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let r = try CLI.run(["skew", "\(Self.fraud)/spec.yaml", "--served", "\(w.dir)/served.db", "--served-table", "served",
                             "--out", "\(w.dir)/skew", "--no-store", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let csv = try CLI.run(["skew", "\(Self.fraud)/spec.yaml", "--served", "\(Self.fraud)/served.csv", "--out", "\(w.dir)/skew-csv",
                               "--no-store", "--quiet"])
        #expect(csv.status == 0)
        func views(_ dir: String) throws -> String {
            let json = try JSONSerialization.jsonObject(with: Data(try w.read(dir + "/skew.json").utf8)) as? [String: Any]
            let data = try JSONSerialization.data(withJSONObject: json?["views"] ?? [], options: [.sortedKeys])
            return String(decoding: data, as: UTF8.self)
        }
        #expect(try views("skew") == (try views("skew-csv")), "the same log as SQLite or CSV gives the same comparison")
    }
}
