import Foundation
import Testing
import VantageCore
@testable import VantageSpark

/// The compiler without Spark: what a spec turns into (each construct present in the
/// plan), what it refuses (SQLite sources, unknown engines), and the plan's level logic.
@Suite("Spark compiler")
struct SparkCompilerTests {
    static let spec = """
        version: 1
        spine: {path: spine.csv, keys: [card], time: ts, label: y}
        views:
          - name: prof
            path: s3://bucket/profiles/
            format: parquet
            keys: [card_id]
            spine_keys: [card]
            time: ts
            created: loaded
            features: [limit, "note, \\"x\\""]
            ttl: 1mo
            delay: 2h
            freshness: cadence-1d
          - name: txn
            kind: aggregate
            path: events.csv
            keys: [card]
            time: at
            time_format: epoch_ms
            aggregations:
              - {function: count, windows: [1h, lifetime]}
              - {function: sum, column: amount, windows: [1h, 3mo]}
              - {function: mean, column: amount, windows: [1h]}
              - {function: min, column: amount, windows: [1h]}
              - {function: max, column: amount, windows: [1h]}
              - {function: stddev, column: amount, windows: [1h]}
              - {function: count_distinct, column: shop, windows: [10m]}
              - {function: last, column: shop, windows: [1d]}
              - {function: time_since_last, windows: [lifetime]}
        freshness:
          levels: [realtime, lag-12h, cadence-1d@2h, cadence-1mo]
          views: [txn]
        """

    func load(_ text: String = SparkCompilerTests.spec) throws -> Spec {
        try SpecDecoder.decode(text: text, path: "/data/spec.yaml", baseDirectory: "/data")
    }

    @Test("the program holds the plan of every construct and the engine")
    func compilesEveryConstruct() throws {
        let spec = try load()
        let levels = try SparkCompiler.levels(nil, spec: spec)
        let program = try SparkCompiler.compile(spec, options: .init(levels: levels, withAge: true))
        #expect(program.hasPrefix("#!/usr/bin/env python3\n"))
        for piece in [
            #"{"path": "/data/spine.csv", "format": "csv"}"#,           // relative path resolved
            #"{"path": "s3://bucket/profiles/", "format": "parquet"}"#,  // URI kept, format passed
            #""spine_keys": ["card"]"#, #""created": "loaded""#,
            #""features": ["limit", "note, \"x\""]"#,
            #""ttl": ("mo", 1)"#, #""delay": ("us", 7200000000)"#,
            #""time_format": "epoch_ms""#,
            #"("count", None, 0)"#, #"("count", None, 1)"#, #"("sum", "amount", 2)"#,
            #"("mean", "amount", 0)"#, #"("min", "amount", 0)"#, #"("max", "amount", 0)"#,
            #"("stddev", "amount", 0)"#, #"("count_distinct", "shop", 3)"#, #"("last", "shop", 4)"#,
            #"("time_since_last", None, 1)"#,
            #""windows": [("us", 3600000000), ("life", 0), ("mo", 3), ("us", 600000000), ("us", 86400000000)]"#,
            #"{"name": "cadence-1d@2h", "mode": "cadence", "every": ("us", 86400000000), "offset": 7200000000}"#,
            #"{"name": "cadence-1mo", "mode": "cadence", "every": ("mo", 1), "offset": 0}"#,
            #"{"name": "lag-12h", "mode": "lag", "every": ("us", 43200000000), "offset": 0}"#,
            #""prof__age_s""#, #""txn__age_s""#, #""with_age": True"#,
            "def lookup_group(", "def aggregate_group(", "def parse_iso(", "def latest_boundary(",
            "def dd_add(", "class DistinctSlider", "def compute_profile(", "if __name__ == \"__main__\":",
        ] {
            #expect(program.contains(piece), "missing: \(piece)")
        }
        #expect(!program.contains("import vantage") && !program.contains("VantageCore"))
    }

    @Test("files and schedules follow the sweep: candidates vary, others keep their own level")
    func planFollowsSweep() throws {
        let spec = try load()
        let levels = try SweepRun.levels(["realtime", "cadence-1d", "1d", "lag-12h"])
        let plan = try SparkJobPlan(spec: spec, levels: levels, eachView: true, withAge: false)
        // `1d` is the same schedule as cadence-1d: computed once, but written under its own name too.
        // Each-view files are kept against the baseline (the stalest level, `1d` here): txn alone
        // at L, and all candidates but txn at L (txn is the only candidate, so at the baseline).
        #expect(plan.baseline == "1d")
        #expect(plan.files.map(\.path) == ["realtime.csv", "cadence-1d.csv", "1d.csv", "lag-12h.csv",
                                           "each-view/txn/alone/realtime.csv", "each-view/txn/all_but/realtime.csv",
                                           "each-view/txn/alone/cadence-1d.csv", "each-view/txn/all_but/cadence-1d.csv",
                                           "each-view/txn/alone/lag-12h.csv", "each-view/txn/all_but/lag-12h.csv"])
        // prof (not a candidate) stays at its own cadence-1d everywhere; txn moves.
        let names = plan.schedules.map(\.name)
        #expect(plan.files.map { names[$0.levels[0]] } == Array(repeating: "cadence-1d", count: 10))
        #expect(plan.files.map { names[$0.levels[1]] } == ["realtime", "cadence-1d", "cadence-1d", "lag-12h",
                                                          "realtime", "cadence-1d", "cadence-1d", "cadence-1d",
                                                          "lag-12h", "cadence-1d"])
        #expect(plan.profile.map(\.name) == ["realtime", "cadence-1d", "1d", "lag-12h"])
        #expect(plan.profile.allSatisfy { $0.view == 1 })
    }

    @Test("relative local paths become absolute; URIs and absolute paths stay as written")
    func pathsForTheJob() {
        #expect(SparkJobPlan.absolute("/a/b.csv") == "/a/b.csv")
        #expect(SparkJobPlan.absolute("s3://bucket/x/") == "s3://bucket/x/")
        #expect(SparkJobPlan.absolute("file:/tmp/x.csv") == "file:/tmp/x.csv")
        #expect(SparkJobPlan.absolute("data/x.csv") == FileManager.default.currentDirectoryPath + "/data/x.csv")
    }

    @Test("SQLite sources are refused with a clear error")
    func refusesSQLite() throws {
        let text = SparkCompilerTests.spec.replacingOccurrences(of: "path: events.csv", with: "sqlite: {database: shop.db, table: events}")
        let spec = try load(text)
        #expect(throws: VantageError.spec(path: "views[1]", message: "/data/shop.db#events is an SQLite source, which Spark cannot read; export it to CSV or Parquet (path: with format: csv or parquet) to run on Spark")) {
            try SparkCompiler.compile(spec, options: .init(levels: [.realtime]))
        }
    }

    @Test("engine names are checked", arguments: [("spark", true, true), ("swift", true, false), ("flink", true, false),
                                                   ("swift", false, true), ("spark", false, true), ("Spark", false, false)])
    func engineNames(_ name: String, _ compiling: Bool, _ ok: Bool) {
        do {
            try SparkCompiler.checkEngine(name, compiling: compiling)
            #expect(ok, "\(name) should be refused")
        } catch {
            #expect(!ok, "\(name) should be accepted: \(error)")
            #expect(error.isUsage)
        }
    }

    @Test("format must be csv or parquet, and only with path")
    func formatChecked() throws {
        let bad = SparkCompilerTests.spec.replacingOccurrences(of: "format: parquet", with: "format: orc")
        do {
            _ = try load(bad)
            Issue.record("expected an error")
        } catch let error as VantageError {
            #expect(error.description.contains("views[0].format: expected csv or parquet, got \"orc\""))
        }
        let onSQLite = SparkCompilerTests.spec.replacingOccurrences(of: "path: events.csv", with: "sqlite: {database: a.db, table: t}\n    format: csv")
        do {
            _ = try load(onSQLite)
            Issue.record("expected an error")
        } catch let error as VantageError {
            #expect(error.description.contains("format applies to path, not to sqlite"))
        }
    }

    @Test("the Swift engine refuses parquet sources and names the Spark engine")
    func swiftRefusesParquet() {
        #expect(throws: VantageError.spec(path: "", message: "s3://b/p: parquet sources are read only by the Spark engine (vantage sweep --engine spark)")) {
            try SourceReader.read(.parquet(path: "s3://b/p"), keep: nil)
        }
    }

    @Test("Python literals escape quotes, newlines and non-ASCII text")
    func literals() {
        #expect(PythonLiteral.string("a\"b\\c\nd\r\u{e9}\u{1F600}").source == #""a\"b\\c\nd\r\u00e9\U0001f600""#)
        #expect(PythonLiteral.tuple([.int(1)]).source == "(1,)")
        #expect(PythonLiteral.set([]).source == "set()")
        #expect(PythonLiteral.dict([("k", .none), ("b", .bool(true))]).source == #"{"k": None, "b": True}"#)
    }

    @Test("a failed job is summarised by its own error line, else the exception line")
    func failureSummary() {
        #expect(SparkJobProcess.summary("WARN x\nerror: spine.csv, line 3: bad\n") == "spine.csv, line 3: bad")
        let log = "WARN noise\nTraceback (most recent call last):\n  File \"job.py\", line 1\nModuleNotFoundError: No module named 'pyspark'\n"
        #expect(SparkJobProcess.summary(log) == "ModuleNotFoundError: No module named 'pyspark'")
    }

    @Test("launcher arguments put --master where each launcher takes it")
    func launcherArguments() {
        let submit = SparkLauncher(executable: "/x/spark-submit", isSparkSubmit: true)
        #expect(submit.arguments(job: "j.py", out: "o", master: "yarn") == ["--master", "yarn", "j.py", "--out", "o"])
        let python = SparkLauncher(executable: "/usr/bin/python3", isSparkSubmit: false)
        #expect(python.arguments(job: "j.py", out: "o", master: "local[2]") == ["j.py", "--out", "o", "--master", "local[2]"])
        #expect(python.arguments(job: "j.py", out: "o", master: nil) == ["j.py", "--out", "o"])
    }
}
