import ArgumentParser
import Foundation
import VantageCore
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
            cadence-1mo.

            Examples:
              vantage sweep datasets/fraud/spec.yaml --out sweeps/fraud
              vantage sweep spec.yaml --out sweeps/x --levels realtime,cadence-1m,cadence-1h,lag-12h,cadence-1mo
              vantage sweep spec.yaml --out sweeps/x --each-view
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
    @OptionGroup var common: CommonOptions

    func validate() throws {
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
            let report = try SweepRun.run(spec: spec, out: out, options: .init(
                levels: chosen, eachView: eachView, withAge: withAge, dropBadTimes: input.dropBadTimes, progress: progress.callback))
            let id = store.noStore ? nil : try RunStore(path: store.store).record(sweep: report, output: out)
            progress.done()
            guard !common.quiet else { return }
            if let id { print("recorded as run \(id) in \(store.store)") }
            print("wrote \(out)/: \(chosen.count) level\(chosen.count == 1 ? "" : "s") (\(chosen.map(\.name).joined(separator: ", "))) and sweep.json")
            reportDropped(report.manifest.inputs)
            print(TerminalTable.profile(report.profile))
        }
    }
}
