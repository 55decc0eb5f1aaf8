import ArgumentParser
import Foundation
import VantageBacktest
import VantageCore
import VantageReport
import VantageStore

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "The history of sweeps and backtests, from the run store.",
        discussion: """
            Every sweep and backtest is recorded in the store (.vantage/runs.sqlite, or \
            --store): its spec and hash, inputs' checksums, levels, metrics with intervals, \
            freshness profile and output paths.

            Examples:
              vantage runs list
              vantage runs show 12
              vantage runs diff 11 12
            """,
        subcommands: [List.self, Show.self, Diff.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List recorded runs.",
            discussion: "Example:\n  vantage runs list --json")

        @OptionGroup var store: StoreOptions
        @Flag(name: .long, help: "Print JSON.") var json = false

        func run() throws {
            try CommandRunner.run {
                // Reading never creates a store: a missing one simply has no runs.
                let runs = RunStore.exists(store.store) ? try store.openForReading().list() : []
                if json {
                    print(String(decoding: try JSONOutput.encode(runs), as: UTF8.self), terminator: "")
                    return
                }
                if runs.isEmpty { print("no runs recorded in \(store.store)"); return }
                var rows = [["id", "created", "kind", "spec", "levels", "output"]]
                for r in runs {
                    rows.append([String(r.id), r.createdAt, r.kind, r.spec, r.levels.joined(separator: ","), r.outputPath])
                }
                print(TerminalTable.render(rows))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one run: spec, inputs, metrics, uplift, profile.",
            discussion: "Example:\n  vantage runs show 12")

        @Argument(help: "The run id.") var id: Int
        @OptionGroup var store: StoreOptions
        @Flag(name: .long, help: "Print JSON.") var json = false

        func run() throws {
            try CommandRunner.run {
                let s = try store.openForReading()
                let summary = try s.summary(id)
                if json {
                    if summary.kind == "backtest" {
                        print(String(decoding: try JSONOutput.encode(try s.backtest(id)), as: UTF8.self), terminator: "")
                    } else {
                        print(String(decoding: try JSONOutput.encode(summary), as: UTF8.self), terminator: "")
                    }
                    return
                }
                print("run \(summary.id): \(summary.kind) of \(summary.spec) at \(summary.createdAt)")
                print("  spec sha256 \(summary.specSHA256)")
                print("  output \(summary.outputPath)")
                print("  levels \(summary.levels.joined(separator: ", "))")
                for i in try s.inputs(id) { print("  input \(i.role): \(i.source), \(i.rows) rows, sha256 \(i.sha256 ?? "-")") }
                if summary.kind == "backtest" {
                    let r = try s.backtest(id)
                    print(TerminalTable.backtest(r))
                    for v in r.verdicts { print(v) }
                } else {
                    print(TerminalTable.profile(try s.profile(id)))
                }
            }
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Which metrics moved between two runs.",
            discussion: "Example:\n  vantage runs diff 11 12")

        @Argument(help: "The earlier run.") var a: Int
        @Argument(help: "The later run.") var b: Int
        @OptionGroup var store: StoreOptions

        func run() throws {
            try CommandRunner.run {
                let s = try store.openForReading()
                let (sa, sb) = (try s.summary(a), try s.summary(b))
                if sa.kind == "backtest" && sb.kind == "backtest" {
                    let (ma, mb) = (try s.backtest(a).model, try s.backtest(b).model)
                    print(ma.change(to: mb) ?? "same model: \(ma.name)")
                }
                if sa.specSHA256 != sb.specSHA256 { print("the spec changed (\(sa.specSHA256.prefix(12)) → \(sb.specSHA256.prefix(12)))") }
                let ia = Dictionary(uniqueKeysWithValues: try s.inputs(a).map { ($0.source, $0.sha256 ?? "") })
                for i in try s.inputs(b) where ia[i.source] != (i.sha256 ?? "") {
                    print("input changed: \(i.source)")
                }
                let ma = Dictionary(uniqueKeysWithValues: try s.metrics(a).map { ("\($0.level) \($0.metric)", $0) })
                var rows = [["level", "metric", "run \(a)", "run \(b)", "change", "outside run \(a)'s interval"]]
                for m in try s.metrics(b) {
                    guard let old = ma["\(m.level) \(m.metric)"] else {
                        rows.append([m.level, m.metric, "-", String(format: "%.4f", m.value), "new", ""])
                        continue
                    }
                    let moved = m.value < old.low || m.value > old.high
                    rows.append([m.level, m.metric, String(format: "%.4f", old.value), String(format: "%.4f", m.value),
                                 String(format: "%+.4f", m.value - old.value), moved ? "yes" : ""])
                }
                if rows.count == 1 { print("no metrics to compare (runs \(a) and \(b) must be backtests)"); return }
                print(TerminalTable.render(rows))
            }
        }
    }
}
