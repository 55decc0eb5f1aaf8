import VantageCore

/// Compiles a spec into one self-contained PySpark program (`vantage compile --engine
/// spark`): a `PLAN` literal holding the spec's semantics (sources, keys, levels as
/// schedules, windows, output names and files) followed by the engine, which imports
/// nothing of Vantage's. Running it with `--out DIR` writes `DIR/<level>.csv` per level,
/// cell for cell what `vantage sweep` writes, and `DIR/profile.json` (freshness profile,
/// input row counts) from which `SparkSweep` finishes the folder.
public enum SparkCompiler {
    /// The engines `--engine` accepts.
    public static let engines = ["swift", "spark"]

    public struct Options: Sendable {
        public var levels: [FreshnessLevel]
        public var eachView: Bool
        public var withAge: Bool

        public init(levels: [FreshnessLevel], eachView: Bool = false, withAge: Bool = false) {
            self.levels = levels
            self.eachView = eachView
            self.withAge = withAge
        }
    }

    /// Checks an `--engine` value: `spark` compiles, `swift` has nothing to compile.
    public static func checkEngine(_ name: String, compiling: Bool) throws(VantageError) {
        if compiling {
            guard name == "spark" else {
                throw .usage("unknown engine \"\(name)\" for compile: expected spark (the Swift engine runs directly with vantage sweep)")
            }
        } else if !engines.contains(name) {
            throw .usage("unknown engine \"\(name)\": expected swift or spark")
        }
    }

    /// The levels a run uses: `--levels`, else the spec's, else the defaults (as `vantage sweep`).
    public static func levels(_ text: String?, spec: Spec) throws(VantageError) -> [FreshnessLevel] {
        if let text { return try SweepRun.levels(text.split(separator: ",").map(String.init)) }
        if !spec.freshness.levels.isEmpty { return try SweepRun.levels(spec.freshness.levels.map(\.name)) }
        return try SweepRun.levels(FreshnessSpec.defaultLevelNames)
    }

    /// The program's text. SQLite sources are refused: Spark cannot read them.
    public static func compile(_ spec: Spec, options: Options) throws(VantageError) -> String {
        try checkSources(spec)
        let plan = try SparkJobPlan(spec: spec, levels: options.levels, eachView: options.eachView, withAge: options.withAge)
        var out = "#!/usr/bin/env python3\n"
        out += "# A Vantage training-set job for Spark, compiled by `vantage compile --engine spark` from\n"
        out += "# \(spec.path.replacingOccurrences(of: "\n", with: " ")).\n"
        out += "# Run: spark-submit job.py --out DIR   (or: python3 job.py --out DIR [--master URL])\n"
        out += "# Writes DIR/<level>.csv for the levels "
        out += options.levels.map(\.name).joined(separator: ", ")
        out += (options.eachView ? " (and each-view/<view>/<alone|all_but>/<level>.csv)" : "") + ", and DIR/profile.json.\n"
        out += "# Self-contained: needs pyspark only. PLAN is the spec compiled; the engine follows.\n\n"
        out += "PLAN = " + plan.literal.source + "\n"
        out += SparkEngineSource.text
        return out
    }

    static func checkSources(_ spec: Spec) throws(VantageError) {
        func check(_ s: SourceLocation, _ path: String) throws(VantageError) {
            switch s {
            case .csv, .parquet: return
            case .sqliteTable, .sqliteQuery:
                throw .spec(path: path, message: "\(s.displayName) is an SQLite source, which Spark cannot read; export it to CSV or Parquet (path: with format: csv or parquet) to run on Spark")
            }
        }
        try check(spec.spine.source, "spine")
        for (i, v) in spec.views.enumerated() { try check(v.source, "views[\(i)]") }
    }
}
