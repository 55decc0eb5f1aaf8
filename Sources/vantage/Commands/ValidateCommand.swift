import ArgumentParser
import Foundation
import VantageCore

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a spec and its inputs; print row counts and time ranges.",
        discussion: """
            Reads every input exactly as a join would (columns, keys, timestamps, numbers) \
            and reports the first problem with its file, line and column, or a summary.

            Example:
              vantage validate datasets/fraud/spec.yaml
              vantage validate big/spec.yaml --memory 1GiB --tmp /scratch
            """
    )

    @Argument(help: "The spec file (YAML, version 1).")
    var spec: String

    @OptionGroup var input: InputOptions
    @OptionGroup var memory: MemoryOptions
    @OptionGroup var common: CommonOptions

    func run() throws {
        try CommandRunner.run {
            let progress = Progress(quiet: common.quiet)
            let spec = try loadSpec(self.spec)
            let inputs = try InputSummary.gather(spec: spec, memory: try memory.budget(), dropBadTimes: input.dropBadTimes,
                                                 progress: progress.callback)
            progress.done()
            guard !common.quiet else { return }
            func range(_ r: ClosedRange<Int64>?) -> String {
                r.map { "\(Timestamp.format($0.lowerBound)) .. \(Timestamp.format($0.upperBound))" } ?? "no rows"
            }
            print("spec \(self.spec): ok (version \(spec.version), \(spec.views.count) view\(spec.views.count == 1 ? "" : "s"))")
            print("  spine \(spec.spine.source.displayName): \(inputs.spineRows) rows, \(inputs.spineColumns) columns, time \(range(inputs.spineTimeRange))")
            for v in inputs.views {
                let s = v.spec
                let empty = inputs.emptyKeyRows[s.name] ?? 0
                print("  view \(s.name) (\(s.kind.rawValue), \(s.source.displayName)): \(v.rows) rows, \(v.matchedRows) with a key on the spine, time \(range(v.timeRange))" +
                      (empty > 0 ? "; \(empty) spine rows have an empty key part" : ""))
            }
            reportDropped(inputs.inputs)
            let candidates = spec.candidateViews
            print("  output: \(inputs.outputColumns) columns; varied by freshness: \(candidates.joined(separator: ", "))")
        }
    }
}
