import ArgumentParser
import Foundation
import VantageCore
import VantageSpark

struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile a spec into a self-contained program for another engine (Spark).",
        discussion: """
            Writes one PySpark program with the spec's semantics compiled in; it imports \
            nothing of Vantage's. Run it with 'spark-submit job.py --out DIR' (or 'python3 \
            job.py --out DIR' where pyspark is installed; --master passes through): it \
            writes DIR/<level>.csv for every level, cell for cell what 'vantage sweep' \
            writes, and DIR/profile.json (freshness profile, input row counts). Sources may \
            be CSV or Parquet ('format:' per source) at any path Spark reads (s3://, \
            hdfs://, ...); SQLite sources are refused.

            Examples:
              vantage compile datasets/fraud/spec.yaml --engine spark --out job.py
              vantage compile spec.yaml --engine spark --out job.py --levels realtime,lag-12h --with-age
              spark-submit --master spark://host:7077 job.py --out /shared/sweeps/x
            """
    )

    @Argument(help: "The spec file (YAML, version 1).")
    var spec: String

    @Option(name: .long, help: "The engine to compile for: spark.")
    var engine: String

    @Option(name: .long, help: "The program to write (job.py).")
    var out: String

    @Option(name: .long, help: "Comma-separated freshness levels (default: the spec's, else the sweep defaults).")
    var levels: String?

    @Flag(name: .customLong("each-view"), help: "Also vary one candidate view at a time (each-view/<view>/<level>.csv).")
    var eachView = false

    @Flag(name: .customLong("with-age"), help: "Add <view>__age_s after each view: t - τ of the value used, in seconds.")
    var withAge = false

    @OptionGroup var common: CommonOptions

    func validate() throws {
        do { try SparkCompiler.checkEngine(engine, compiling: true) } catch { throw ValidationError(error.description) }
        if let levels {
            do { _ = try SweepRun.levels(levels.split(separator: ",").map(String.init)) } catch {
                throw ValidationError(error.description)
            }
        }
    }

    func run() throws {
        try CommandRunner.run {
            let spec = try loadSpec(self.spec)
            let chosen = try SparkCompiler.levels(levels, spec: spec)
            let program = try SparkCompiler.compile(spec, options: .init(levels: chosen, eachView: eachView, withAge: withAge))
            try AtomicFile.write(Array(program.utf8), to: out)
            guard !common.quiet else { return }
            print("wrote \(out): a PySpark job for \(chosen.count) level\(chosen.count == 1 ? "" : "s") (\(chosen.map(\.name).joined(separator: ", ")))")
            print("run it with: spark-submit \(out) --out DIR   (or python3 \(out) --out DIR)")
        }
    }
}
