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
            """
    )

    @Argument(help: "The spec file (YAML, version 1).")
    var spec: String

    @OptionGroup var input: InputOptions
    @OptionGroup var common: CommonOptions

    func run() throws {
        try CommandRunner.run {
            let progress = Progress(quiet: common.quiet)
            let spec = try loadSpec(self.spec)
            let inputs = try Loader.load(spec, options: .init(progress: progress.callback, dropBadTimes: input.dropBadTimes))
            progress.done()
            guard !common.quiet else { return }
            func range(_ r: ClosedRange<Int64>?) -> String {
                r.map { "\(Timestamp.format($0.lowerBound)) .. \(Timestamp.format($0.upperBound))" } ?? "no rows"
            }
            print("spec \(self.spec): ok (version \(spec.version), \(spec.views.count) view\(spec.views.count == 1 ? "" : "s"))")
            print("  spine \(spec.spine.source.displayName): \(inputs.spineRowCount) rows, \(inputs.spine.header.count) columns, time \(range(timeRangeOf(inputs.spineTimes)))")
            for v in inputs.views {
                let s = v.spec
                let empty = inputs.emptyKeyRows[s.name] ?? 0
                print("  view \(s.name) (\(s.kind.rawValue), \(s.source.displayName)): \(v.rowCount) rows, \(v.matchedRows) with a key on the spine, time \(range(v.timeRange))" +
                      (empty > 0 ? "; \(empty) spine rows have an empty key part" : ""))
            }
            reportDropped(inputs.inputs)
            let candidates = spec.candidateViews
            print("  output: \(inputs.outputHeader.count) columns; varied by freshness: \(candidates.joined(separator: ", "))")
        }
    }
}

func timeRangeOf(_ times: [Int64]) -> ClosedRange<Int64>? {
    guard var lo = times.first else { return nil }
    var hi = lo
    for t in times {
        if t < lo { lo = t }
        if t > hi { hi = t }
    }
    return lo...hi
}
