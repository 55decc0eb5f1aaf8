import Foundation
import Testing

/// `vantage backtest`, `report` and `runs` end to end on a small generated fraud
/// scenario: what each writes and prints, and the exact exit code of each failure
/// (0 success, 1 data or file problem, 64 the caller's wording).
@Suite("vantage backtest, report and runs", .serialized)
struct BacktestCLITests {
    /// A small fraud scenario and two recorded backtests of it (one writing its
    /// training sets, one in memory only), shared by the tests below.
    static let fixture: Result<Workspace, any Error> = Result {
        let w = try Workspace([:])
        let g = try CLI.run(["datasets", "generate", "fraud", "--out", "f", "--events", "3000", "--seed", "3", "--quiet"], in: w.dir)
        guard g.status == 0 else { throw CocoaError(.fileWriteUnknown) }
        for (out, extra) in [("a", ["--each-view"]), ("b", ["--no-training-sets", "--model", "logistic"])] {
            let r = try CLI.run(["backtest", "f/spec.yaml", "--out", out, "--store", "runs.sqlite", "--resamples", "20",
                                 "--levels", "realtime,cadence-1h", "--quiet"] + extra, in: w.dir)
            guard r.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: ["stderr": r.stderr]) }
        }
        return w
    }

    static func workspace() throws -> Workspace { try fixture.get() }

    @Test func backtestWritesItsFilesOnceWithTheRunID() throws {
        let w = try Self.workspace()
        for f in ["a/backtest.json", "a/sweep/sweep.json", "a/sweep/realtime.csv", "a/sweep/each-view/txn/alone/realtime.csv"] {
            #expect(w.exists(f), "\(f)")
        }
        #expect(try w.read("a/backtest.json").contains("\"run_id\" : 1"))
        #expect(try w.read("b/backtest.json").contains("\"run_id\" : 2"))
        #expect(!w.exists("b/sweep"), "--no-training-sets writes no sweep folder")
        #expect(!(try w.read("b/backtest.json")).contains("training_set"))
    }

    @Test func backtestSummaryAndJSON() throws {
        let w = try Self.workspace()
        let r = try CLI.run(["backtest", "--sweep", "a/sweep", "--out", "c", "--no-store", "--resamples", "20"], in: w.dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("realtime vs cadence-1h: ROC-AUC"))
        #expect(r.stdout.contains("wrote c/backtest.json"))
        let seg = try CLI.run(["backtest", "--sweep", "a/sweep", "--out", "e", "--no-store", "--resamples", "20", "--segment-by", "merchant_id",
                               "--quiet"], in: w.dir)
        #expect(seg.status == 0, "\(seg.stderr)")
        let segments = try w.read("e/backtest.json")
        #expect(segments.contains("\"by\" : \"column:merchant_id\"") && segments.contains("\"by\" : \"changed\""))
        #expect(segments.contains("\"recommendation\"") && segments.contains("\"p_adjusted\""))
        let j = try CLI.run(["backtest", "--sweep", "a/sweep", "--out", "d", "--no-store", "--resamples", "20", "--json"], in: w.dir)
        #expect(j.status == 0 && j.stderr.isEmpty, "\(j.stderr)")
        let decoded = try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any]
        #expect(decoded?["baseline"] as? String == "cadence-1h")
    }

    @Test("backtest failures: exact exit codes and one error line", arguments: [
        (["backtest"], Int32(64), "give a spec file"),
        (["backtest", "f/spec.yaml", "--model", "forest"], 64, "--model forest"),
        (["backtest", "f/spec.yaml", "--baseline", "cadence-9h", "--levels", "realtime,cadence-1h", "--no-store"], 64, "--baseline cadence-9h"),
        (["backtest", "f/spec.yaml", "--metric", "auc", "--levels", "realtime", "--no-store"], 64, "unknown metric 'auc'"),
        (["backtest", "--sweep", "a/sweep", "--no-training-sets"], 64, "--no-training-sets"),
        (["backtest", "--sweep", "a/sweep", "--levels", "realtime"], 64, "--levels"),
        (["backtest", "f/spec.yaml", "--spine-features", "nope", "--levels", "realtime", "--no-store"], 64, "--spine-features"),
        (["backtest", "--sweep", "nowhere", "--no-store"], 1, "no sweep here"),
        (["backtest", "--sweep", "a/sweep", "--segment-by", "nope", "--no-store"], 64, "--segment-by"),
        (["backtest", "--sweep", "a/sweep", "--baseline", "realtime", "--each-view", "--no-store"], 64, "each-view files hold"),
        (["backtest", "f/spec.yaml", "--split", "soon", "--levels", "realtime", "--no-store"], 64, "--split soon"),
        (["backtest", "missing.yaml", "--no-store"], 1, "missing.yaml"),
    ] as [([String], Int32, String)])
    func backtestFailures(args: [String], status: Int32, message: String) throws {
        let w = try Self.workspace()
        let r = try CLI.run(args + ["--out", "x-\(UUID().uuidString)"], in: w.dir)
        #expect(r.status == status, "\(r.stderr)")
        #expect(r.stderr.lowercased().hasPrefix("error:"), "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    /// A sweep written before each-view files had modes still reads; its old files are
    /// not taken for attribution (they answer another question): exit 64, re-sweep.
    @Test func oldEachViewLayoutAsksForANewSweep() throws {
        let w = try Self.workspace()
        let copy = "old-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: w.dir + "/a/sweep", toPath: w.dir + "/" + copy)
        let path = w.dir + "/" + copy + "/sweep.json"
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        json["each_view"] = ["txn": ["realtime": "each-view/txn/realtime.csv"]]
        json["each_view_baseline"] = nil
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        let plain = try CLI.run(["backtest", "--sweep", copy, "--out", copy + "-o", "--no-store", "--resamples", "20", "--quiet"], in: w.dir)
        #expect(plain.status == 0, "\(plain.stderr)")
        let each = try CLI.run(["backtest", "--sweep", copy, "--out", copy + "-o", "--no-store", "--resamples", "20", "--each-view"], in: w.dir)
        #expect(each.status == 64 && each.stderr.contains("needs a sweep made with --each-view"), "\(each.stderr)")
    }

    /// A label with one class is the data's problem: exit 1 with an `error:` line naming it.
    @Test func oneClassLabelExits1() throws {
        var spine = "k,t,y\n"
        for i in 0..<60 { spine += "k\(i % 5),2024-01-\(String(format: "%02d", 1 + i / 3))T00:00:00Z,0\n" }
        let w = try Workspace([
            "spine.csv": spine,
            "spec.yaml": """
                version: 1
                spine: {path: spine.csv, keys: [k], time: t, label: y}
                views:
                  - {name: v, kind: aggregate, path: spine.csv, keys: [k], time: t, aggregations: [{function: count, windows: [1d]}]}
                freshness: {levels: [realtime, cadence-1d], views: [v]}
                """,
        ])
        let r = try CLI.run(["backtest", "spec.yaml", "--out", "o", "--no-store", "--resamples", "20"], in: w.dir)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("error: "), "\(r.stderr)")
        #expect(r.stderr.contains("both 0 and 1"), "\(r.stderr)")
        #expect(!w.exists("o/backtest.json"))
    }

    /// `--split` reads the spine's own time format (here epoch seconds) as well as ISO.
    @Test func splitInTheSpinesTimeFormat() throws {
        var spine = "k,t,y\n"
        for i in 0..<200 { spine += "k\(i % 7),\(1_704_067_200 + i * 3600),\(i % 3 == 0 ? 1 : 0)\n" }
        let w = try Workspace([
            "spine.csv": spine,
            "spec.yaml": """
                version: 1
                spine: {path: spine.csv, keys: [k], time: t, time_format: epoch_s, label: y}
                views:
                  - {name: v, kind: aggregate, path: spine.csv, keys: [k], time: t, time_format: epoch_s, aggregations: [{function: count, windows: [1d]}]}
                freshness: {levels: [realtime, cadence-1d], views: [v]}
                """,
        ])
        let r = try CLI.run(["backtest", "spec.yaml", "--out", "o", "--no-store", "--resamples", "20", "--model", "logistic",
                             "--split", "1704499200", "--quiet"], in: w.dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try w.read("o/backtest.json").contains("\"train_end\" : \"2024-01-06T00:00:00Z\""))
    }

    @Test func runsListShowDiff() throws {
        let w = try Self.workspace()
        let list = try CLI.run(["runs", "list", "--store", "runs.sqlite"], in: w.dir)
        #expect(list.status == 0 && list.stdout.contains("backtest"), "\(list.stderr)")
        let show = try CLI.run(["runs", "show", "1", "--store", "runs.sqlite"], in: w.dir)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("ROC-AUC") && show.stdout.contains("realtime vs cadence-1h"))
        let json = try CLI.run(["runs", "show", "2", "--json", "--store", "runs.sqlite"], in: w.dir)
        #expect(json.status == 0 && json.stdout.contains("\"run_id\" : 2"), "\(json.stderr)")
        let diff = try CLI.run(["runs", "diff", "1", "2", "--store", "runs.sqlite"], in: w.dir)
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("roc_auc"))
        #expect(diff.stdout.contains("the model changed: gbdt → logistic"), "\(diff.stdout)")
        for args in [["runs", "show", "99"], ["runs", "diff", "1", "99"]] {
            let r = try CLI.run(args + ["--store", "runs.sqlite"], in: w.dir)
            #expect(r.status == 64, "\(args): \(r.stderr)")
            #expect(r.stderr.hasPrefix("error: no run 99"), "\(r.stderr)")
        }
    }

    @Test func reportFromAFolderAndFromTheStore() throws {
        let w = try Self.workspace()
        let folder = try CLI.run(["report", "a", "--quiet"], in: w.dir)
        #expect(folder.status == 0, "\(folder.stderr)")
        #expect(w.exists("a/report/report.html"))
        let run = try CLI.run(["report", "--run", "2", "--store", "runs.sqlite", "--out", "r2", "--quiet"], in: w.dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(w.exists("r2/report.html"))
        let missing = try CLI.run(["report", "nothing-here"], in: w.dir)
        #expect(missing.status == 1 && missing.stderr.hasPrefix("error: "), "\(missing.stderr)")
        let unknown = try CLI.run(["report", "--run", "99", "--store", "runs.sqlite", "--out", "r9"], in: w.dir)
        #expect(unknown.status == 64 && unknown.stderr.hasPrefix("error: "), "\(unknown.stderr)")
    }

    @Test("other commands: exact exit codes", arguments: [
        (["validate", "f/spec.yaml", "--quiet"], Int32(0)),
        (["validate", "nope.yaml"], 1),
        (["sweep", "nope.yaml", "--out", "s"], 1),
        (["sweep", "f/spec.yaml", "--out", "s", "--levels", "lag-3x"], 64),
        (["join", "f/spec.yaml", "--out", "j.csv", "--freshness", "zz"], 64),
        (["datasets", "list"], 0),
        (["datasets", "generate", "frud", "--out", "g"], 64),
        (["demo", "--data", "nowhere"], 64),
        (["runs", "list", "--store", "runs.sqlite", "--json"], 0),
    ] as [([String], Int32)])
    func otherCommands(args: [String], status: Int32) throws {
        let w = try Self.workspace()
        let r = try CLI.run(args, in: w.dir)
        #expect(r.status == status, "\(args): \(r.stderr)")
        if status != 0 { #expect(r.stderr.lowercased().hasPrefix("error:"), "\(r.stderr)") }
    }
}
