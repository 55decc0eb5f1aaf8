import ArgumentParser
import Foundation
import VantageCore
import VantageDatasets
import VantageReport

/// `vantage datasets`: the bundled scenarios, listed or generated at any scale.
struct DatasetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets",
        abstract: "List or generate the bundled scenarios: synthetic data with a known answer.",
        discussion: """
            Each scenario asks "would real-time features pay off?" of data where the answer \
            is planted: fraud (yes, within minutes), credit (no) and er-wait (yes, a \
            regression). A generated folder holds the CSV tables and a ready spec.yaml \
            with relative paths; a small copy of each is committed under datasets/<name>/.

            Example:
              vantage datasets list
              vantage datasets generate fraud --out data/fraud --events 1000000 --seed 7
              vantage validate data/fraud/spec.yaml
            """,
        subcommands: [List.self, Generate.self, Served.self])
}

extension DatasetsCommand {
    /// `vantage datasets list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the scenarios with their committed folders.",
            discussion: """
                One line per scenario: its name (for generate), the folder of the small \
                copy committed in the repository, and what a correct backtest finds there.

                Example:
                  vantage datasets list
                """)

        func run() throws {
            let rows = Scenario.allCases.map { scenario in
                [scenario.rawValue, scenario.committedFolder, scenario.summary]
            }
            print(TerminalTable.render([["NAME", "COMMITTED COPY", "DESCRIPTION"]] + rows))
        }
    }

    /// `vantage datasets generate <name> --out DIR --events N --seed S`.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a scenario's CSV tables and spec.yaml into a folder.",
            discussion: """
                --events counts spine rows: card transactions (fraud), loan applications \
                (credit) or emergency-department arrivals (er-wait); the other tables scale \
                with it. The same name, --events and --seed give byte-identical files. \
                The folder is generated under a hidden name and renamed into place when \
                complete; an existing folder is replaced only if it is empty or holds a \
                generated scenario, else --force is needed. Progress goes to stderr when it is a terminal; a summary to stdout.

                Example:
                  vantage datasets generate fraud --out data/fraud --events 1000000 --seed 7
                """)

        @Argument(help: "The scenario: fraud, credit or er-wait.")
        var name: String

        @Option(help: ArgumentHelp("The output folder, created if missing.", valueName: "dir"))
        var out: String

        @Option(help: ArgumentHelp(
            "Number of spine rows (10000 ... 10000000 is the tested range).", valueName: "n"))
        var events: Int = 100_000

        @Option(help: ArgumentHelp("Seed of every random draw.", valueName: "s"))
        var seed: UInt64 = Scenario.committedSeed

        @OptionGroup var write: WriteOptions
        @OptionGroup var common: CommonOptions

        func validate() throws {
            do {
                _ = try Scenario.named(name)
            } catch let error as DatasetsError {
                throw ValidationError(error.description)
            }
            guard Scenario.supportedEvents.contains(events) else {
                throw ValidationError(DatasetsError.eventsOutOfRange(events, supported: Scenario.supportedEvents).description)
            }
            guard !out.isEmpty else { throw ValidationError("--out must name a folder") }
        }

        func run() throws {
            let scenario: Scenario
            do {
                scenario = try Scenario.named(name)
            } catch {
                throw ValidationError("\(error)")
            }
            let progress = Progress(quiet: common.quiet)
            var shown = -1
            let report: ((Double) -> Void)? = progress.enabled ? { fraction in
                let percent = Int(fraction * 100)
                if percent != shown {
                    shown = percent
                    progress("generating \(scenario.rawValue): \(percent)%")
                }
            } : nil
            let clock = ContinuousClock()
            let started = clock.now
            let result: GeneratedScenario
            do {
                try OutputCheck.check(out, kind: .datasetFolder, inputs: [], force: write.force)
                // Generated whole under a hidden name, then renamed over any previous scenario.
                let staging = try StagingFolder(final: out)
                result = try generate(
                    scenario, events: events, seed: seed,
                    into: URL(fileURLWithPath: staging.path, isDirectory: true), progress: report)
                try Cancellation.check()
                let publication = Publication([.init(staged: staging.path, final: out)])
                try publication.publish()
                publication.finish()
            } catch {
                progress.done()
                ErrorOutput.write("\(error)")
                throw ExitCode((error as? VantageError)?.exitCode ?? 1)
            }
            progress.done()
            guard !common.quiet else { return }
            let elapsed = clock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            print("generated \(scenario.rawValue) into \(out) in \(String(format: "%.1f", seconds)) s (seed \(seed))")
            let rows = result.tables.map { file in
                [file.name, _grouped(file.rows), _megabytes(file.bytes),
                 file.firstTime.map { "\($0) … \(file.lastTime ?? "")" } ?? "-"]
            }
            print(TerminalTable.render([["FILE", "ROWS", "SIZE", "TIME RANGE (ts)"]] + rows))
            let spec = out.hasSuffix("/") ? out + result.specFile : out + "/" + result.specFile
            print("next: vantage validate \(spec)")
        }
    }
}

/// `1234567` as `1,234,567`.
private func _grouped(_ value: Int) -> String {
    let digits = Array(String(value))
    var text = ""
    for (i, digit) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { text += "," }
        text.append(digit)
    }
    return text
}

/// A size in MiB with one decimal.
private func _megabytes(_ bytes: Int) -> String {
    String(format: "%.1f MiB", Double(bytes) / 1_048_576)
}
