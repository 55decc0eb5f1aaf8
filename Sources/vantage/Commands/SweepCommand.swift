import ArgumentParser
import Foundation
import VantageCore
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

    @OptionGroup var input: InputOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var write: WriteOptions
    @OptionGroup var memory: MemoryOptions
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if out.isEmpty { throw ValidationError("--out is empty: name the folder to write") }
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
            let texts: [String]
            if let levels {
                texts = levels.split(separator: ",").map(String.init)
            } else if !spec.freshness.levels.isEmpty {
                texts = spec.freshness.levels.map(\.name)
            } else {
                texts = FreshnessSpec.defaultLevelNames
            }
            let chosen = try SweepRun.levels(texts)
            // Everything is checked before any work: the output, then the store.
            let inputs = OutputCheck.inputs(of: spec)
            try OutputCheck.check(out, kind: .sweepFolder, inputs: inputs, force: write.force)
            let runs = try store.openForWriting(inputs: inputs, outputs: [out])
            let staging = try StagingFolder(final: out)
            let report = try staging.naming(out) { () throws(VantageError) in
                try SweepRun.write(spec: spec, into: staging.path, options: .init(
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
            print(ProfileTable.render(report.profile))
        }
    }
}

/// The freshness profile as a terminal table: coverage and p50/p99 age per level and view.
enum ProfileTable {
    static func render(_ rows: [FreshnessProfile]) -> String {
        var lines = [["view", "level", "coverage", "age p50", "age p99", "changed vs realtime"]]
        for p in rows {
            lines.append([p.view, p.level, String(format: "%.1f%%", p.coverage * 100),
                          p.ageSeconds.map { AgeText.format($0.p50) } ?? "-",
                          p.ageSeconds.map { AgeText.format($0.p99) } ?? "-",
                          String(p.changedVsRealtime)])
        }
        let widths = (0..<lines[0].count).map { c in lines.map { $0[c].count }.max() ?? 0 }
        return lines.map { row in
            row.enumerated().map { c, v in c < 2 ? v.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                : String(repeating: " ", count: widths[c] - v.count) + v }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

/// Ages in the largest unit that keeps them readable (`45s`, `12.5m`, `3.1h`, `2.0d`).
enum AgeText {
    static func format(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.0fs", seconds) }
        if seconds < 3600 { return String(format: "%.1fm", seconds / 60) }
        if seconds < 86400 { return String(format: "%.1fh", seconds / 3600) }
        return String(format: "%.1fd", seconds / 86400)
    }
}
