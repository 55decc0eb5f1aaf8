import ArgumentParser
import Foundation
import VantageCore

@main
struct Vantage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vantage",
        abstract: "Replay history to see whether real-time features would pay off.",
        discussion: """
            Builds point-in-time-correct training sets from an event spine and feature \
            histories, masks each feature to a chosen freshness, and measures what \
            freshness is worth.

            Example:
              vantage join datasets/fraud/spec.yaml --out train.csv --freshness cadence-1h
            """,
        version: VantageVersion.current,
        subcommands: [JoinCommand.self, SweepCommand.self, CompileCommand.self, ValidateCommand.self, BacktestCommand.self, ReportCommand.self, RunsCommand.self, DemoCommand.self, DatasetsCommand.self, SkewCommand.self]
    )

    /// Signals are taken over first of all; then the command is parsed and run, and every
    /// error, the argument parser's included, is reported in the one `error:` form.
    static func main() {
        SignalWatcher.start()
        let status: Int32
        do {
            var command = try parseAsRoot()
            try command.run()
            status = 0
        } catch {
            status = report(error)
        }
        Foundation.exit(status)
    }

    /// Prints `error` (help and version to stdout) and returns the exit code.
    private static func report(_ error: Error) -> Int32 {
        let code = exitCode(for: error).rawValue
        if error is ExitCode { return code }  // the command printed its message already
        if let failure = error as? VantageError {
            ErrorOutput.write(failure.description)
            return failure.exitCode
        }
        let full = fullMessage(for: error)
        if code == 0 {
            if !full.isEmpty { print(full) }
            return 0
        }
        var message = message(for: error)
        for prefix in ["Error: ", "error: "] where message.hasPrefix(prefix) { message.removeFirst(prefix.count) }
        let hint = full.split(separator: "\n").last { $0.contains("--help") }.map { "hint: " + $0.trimmingCharacters(in: .whitespaces) }
        ErrorOutput.write(message.trimmingCharacters(in: .whitespacesAndNewlines), hint: hint)
        return code
    }
}
