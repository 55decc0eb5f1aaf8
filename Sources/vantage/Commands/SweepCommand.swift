import ArgumentParser
import Foundation
import VantageCore
import VantageSpark
import VantageReport
import VantageStore

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Build the training set at every freshness level in one pass.",
        discussion: """
            Reads, encodes and sorts the inputs once, then writes <level>.csv for each level \
            (each exactly what 'vantage join --freshness <level>' writes) and sweep.json: \
            the manifest and the freshness profile (coverage, age of the values used, rows \
            changed against real time) per level and view. Levels: --levels, else the \
            spec's freshness.levels, else realtime, cadence-1m, cadence-1h, cadence-12h, \
            cadence-1mo. The folder is built under a hidden name and renamed into place \
            when complete and recorded; an existing --out is replaced only if it is a \
            previous sweep (with sweep.json), else --force is needed.

            Examples:
              vantage sweep datasets/fraud/spec.yaml --out sweeps/fraud
              vantage sweep spec.yaml --out sweeps/x --levels realtime,cadence-1m,cadence-1h,lag-12h,cadence-1mo
              vantage sweep spec.yaml --out sweeps/x --each-view
              vantage sweep spec.yaml --out sweeps/x --engine spark --master 'local[2]'
              vantage sweep big/spec.yaml --out sweeps/big --memory 2GiB --tmp /scratch
            """
    )

    @Argument(help: "The spec file (YAML, version 1).")
    var spec: String

    @Option(name: .long, help: "The output folder.")
    var out: String

    @Option(name: .long, help: "Comma-separated freshness levels.")
    var levels: String?

    @Flag(name: .customLong("each-view"), help: "Also vary one candidate view at a time (each-view/<view>/<level>.csv).")
    var eachView = false

    @Flag(name: .customLong("with-age"), help: "Add <view>__age_s after each view: t - τ of the value used, in seconds.")
    var withAge = false

    @Option(name: .long, help: "The engine: swift (this process) or spark (a compiled PySpark job; see 'vantage compile').")
    var engine = "swift"

    @Option(name: .customLong("spark-submit"), help: "With --engine spark: the spark-submit to use (default: on PATH, in SPARK_HOME, else python3 with pyspark).")
    var sparkSubmit: String?

    @Option(name: .long, help: "With --engine spark: the Spark master URL (local[2], spark://host:7077, yarn, ...).")
    var master: String?

    @OptionGroup var input: InputOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var write: WriteOptions
    @OptionGroup var memory: MemoryOptions
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if out.isEmpty { throw ValidationError("--out is empty: name the folder to write") }
        do { try SparkCompiler.checkEngine(engine, compiling: false) } catch { throw ValidationError(error.description) }
        if engine != "spark", sparkSubmit != nil || master != nil {
            throw ValidationError("--spark-submit and --master need --engine spark")
        }
        if engine == "spark", input.dropBadTimes {
            throw ValidationError("--drop-bad-times is not supported with --engine spark: fix or remove the rows with bad times")
        }
        if let levels {
            do { _ = try SweepRun.levels(levels.split(separator: ",").map(String.init)) } catch {
                throw ValidationError(error.description)
            }
        }
    }

    func run() throws {
        try CommandRunner.run {
            let progress = Progress(quiet: common.quiet)
            let spec = try loadSpec(self.spec)
            let chosen = try spec.freshness.sweepLevels(requested: levels.map { $0.split(separator: ",").map(String.init) })
            // Everything is checked before any work: the output, then the store.
            let inputs = OutputCheck.inputs(of: spec)
            try OutputCheck.check(out, kind: .sweepFolder, inputs: inputs, force: write.force)
            let runs = try store.openForWriting(inputs: inputs, outputs: [out])
            let staging = try StagingFolder(final: out)
            let report = try staging.naming(out) { () throws(VantageError) in
                engine == "spark"
                    ? try SparkSweep.write(spec: spec, into: staging.path, options: .init(
                        levels: chosen, eachView: eachView, withAge: withAge, sparkSubmit: sparkSubmit, master: master,
                        progress: progress.callback))
                    : try SweepRun.write(spec: spec, into: staging.path, options: .init(
                        levels: chosen, eachView: eachView, withAge: withAge, dropBadTimes: input.dropBadTimes, memory: try memory.budget(),
                        progress: progress.callback))
            }
            try Cancellation.check()
            // Published inside the store's transaction: both happen, or neither.
            let publication = Publication([.init(staged: staging.path, final: out)])
            let id = try runs?.record(sweep: report, output: out) { _ throws(VantageError) in try publication.publish() }
            if runs == nil { try publication.publish() }
            publication.finish()
            progress.done()
            guard !common.quiet else { return }
            if let id { print("recorded as run \(id) in \(store.store)") }
            print("wrote \(out)/: \(chosen.count) level\(chosen.count == 1 ? "" : "s") (\(chosen.map(\.name).joined(separator: ", "))) and sweep.json")
            reportDropped(report.manifest.inputs)
            print(TerminalTable.profile(report.profile))
        }
    }
}
