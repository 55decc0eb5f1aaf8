import ArgumentParser
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
        subcommands: [JoinCommand.self, SweepCommand.self, CompileCommand.self, ValidateCommand.self, BacktestCommand.self, ReportCommand.self, RunsCommand.self, DemoCommand.self, DatasetsCommand.self]
    )
}
