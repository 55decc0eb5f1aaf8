import ArgumentParser
import Foundation
import VantageCore

struct JoinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "join",
        abstract: "Build one point-in-time-correct training set.",
        discussion: """
            Writes one row per spine row, in spine order: the spine's columns as read, then \
            each view's features as of the row's time under the freshness level. The views \
            named in the spec's freshness.views move to --freshness; the others keep their \
            own freshness. A manifest (inputs, checksums, spec, levels, timings) is written \
            beside the output as <out>.manifest.json. Both are written under a hidden \
            name and renamed into place when complete; an existing <out> is replaced only \
            if it is a previous training set (with its manifest), else --force is needed.

            Examples:
              vantage join datasets/fraud/spec.yaml --out train.csv
              vantage join datasets/fraud/spec.yaml --out train_1h.csv --freshness cadence-1h
              vantage join datasets/fraud/spec.yaml --out stale.csv --freshness lag-12h
              vantage join big/spec.yaml --out train.csv --memory 512MiB --tmp /scratch
            """
    )

    @Argument(help: "The spec file (YAML, version 1).")
    var spec: String

    @Option(name: .long, help: "The output CSV.")
    var out: String

    @Option(name: .long, help: "Freshness level: realtime, lag-<duration> or cadence-<duration>[@<offset>].")
    var freshness: String = "realtime"

    @OptionGroup var input: InputOptions
    @OptionGroup var write: WriteOptions
    @OptionGroup var memory: MemoryOptions
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if out.isEmpty { throw ValidationError("--out is empty: name the CSV file to write") }
        _ = try parseLevel(freshness)
    }

    func run() throws {
        try CommandRunner.run {
            let progress = Progress(quiet: common.quiet)
            let spec = try loadSpec(self.spec)
            let level = try parseLevel(freshness)
            try OutputCheck.check(out, kind: .joinCSV, inputs: OutputCheck.inputs(of: spec), companions: [".manifest.json"], force: write.force)
            let result = try JoinRun.run(spec: spec, level: level, out: out, dropBadTimes: input.dropBadTimes,
                                         memory: try memory.budget(), progress: progress.callback)
            progress.done()
            guard !common.quiet else { return }
            print("wrote \(out): \(result.rows) rows × \(result.columns) columns at \(level.name)")
            for c in result.coverage {
                let pct = result.rows == 0 ? 0 : Double(c.nonNull) / Double(result.rows) * 100
                let empty = result.emptyKeyRows[c.view] ?? 0
                print("  \(c.view) at \(c.level): \(String(format: "%.1f", pct))% of rows have a value" +
                      (empty > 0 ? " (\(empty) spine rows have an empty key part and match nothing)" : ""))
            }
            reportDropped(result.manifest.inputs)
            let t = result.manifest.timingsSeconds
            print(String(format: "  read %.2fs, join %.2fs, write %.2fs", t["load"] ?? 0, t["join"] ?? 0, t["write"] ?? 0) + "; manifest: \(out).manifest.json")
        }
    }
}
