import ArgumentParser
import Foundation
import VantageCore
import VantageDatasets

extension DatasetsCommand {
    /// `vantage datasets served <name> --dir DIR`: (re)creates a scenario's served.csv.
    struct Served: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a scenario's served.csv: sampled requests with the values an imperfect production served.",
            discussion: """
                Reads the scenario in --dir (its spec.yaml and tables, as 'vantage datasets \
                generate' wrote them), samples --requests spine rows with --seed, replays each \
                view at the schedule production really runs (the scenario README says which: \
                fraud serves txn 30 s late with 1% timeouts and merchant_risk from a batch a \
                day late) and writes <dir>/served.csv, the input of 'vantage skew'. The same \
                folder, --requests and --seed give a byte-identical file.

                Example:
                  vantage datasets served fraud --dir datasets/fraud --requests 3000 --seed 7
                  vantage skew datasets/fraud/spec.yaml --served datasets/fraud/served.csv --out runs/fraud/skew
                """)

        @Argument(help: "The scenario: fraud, credit or er-wait.")
        var name: String

        @Option(help: ArgumentHelp("The scenario folder (holding spec.yaml).", valueName: "dir"))
        var dir: String

        @Option(help: ArgumentHelp("Requests to sample.", valueName: "n"))
        var requests: Int = ServedLogGenerator.committedRequests

        @Option(help: ArgumentHelp("Seed of the sample and of the served nulls.", valueName: "s"))
        var seed: UInt64 = Scenario.committedSeed

        @OptionGroup var common: CommonOptions

        func validate() throws {
            do { _ = try Scenario.named(name) } catch { throw ValidationError("\(error)") }
            guard requests >= 1 else { throw ValidationError("--requests must be at least 1, got \(requests)") }
        }

        func run() throws {
            try CommandRunner.run {
                guard let scenario = try? Scenario.named(name) else { return }
                let bytes = try ServedLogGenerator.write(scenario, folder: dir, requests: requests, seed: seed)
                guard !common.quiet else { return }
                print("wrote \(dir)/\(ServedLogGenerator.fileName) (\(bytes.count) bytes, \(requests) requests, seed \(seed))")
                for p in ServedLogGenerator.perturbations(scenario) {
                    print("  \(p.view): served at \(p.level)\(p.lateBy.map { " loaded \($0) late" } ?? "")"
                          + (p.nullRate > 0 ? ", \(p.nullRate * 100)% of requests null" : ""))
                }
            }
        }
    }
}
