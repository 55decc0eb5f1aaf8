import ArgumentParser
import Foundation
import VantageCore
import VantageSkew
import VantageStore

/// `vantage skew`: what production served against the point-in-time replay. Thin: the
/// comparison and the estimator live in VantageSkew.
struct SkewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skew",
        abstract: "Compare what production served with the point-in-time replay; estimate the freshness it really delivers.",
        discussion: """
            --served is a log of served requests (CSV, or an SQLite table with --served-table) \
            holding the spine's key and time columns as named in the spec and any feature \
            columns named as in the training set (<view>__<feature>, \
            <view>__<function>_<column>_<window>). Each view is replayed at its declared \
            freshness and compared cell by cell (numbers equal within --tolerance, relative; \
            both null is equal); a grid of lags (1s to 30d) and cadences (the spec's levels, \
            1m to 1d, and each loaded one period late) gives each view's effective freshness. \
            Writes DIR/skew.json and DIR/skew.md and prints the per-view table. With \
            --min-match R, exits 2 (after writing) when any feature's match rate at the \
            declared level is below R.

            Examples:
              vantage skew datasets/fraud/spec.yaml --served datasets/fraud/served.csv --out runs/fraud/skew
              vantage skew spec.yaml --served logs.sqlite --served-table served --out skew --min-match 0.95
              vantage backtest spec.yaml --freshness-from runs/fraud/skew --out runs/fraud
            """
    )

    @Argument(help: "The spec file (YAML, version 1).")
    var spec: String

    @Option(name: .long, help: "The log of served requests: a CSV file, or an SQLite database with --served-table.")
    var served: String

    @Option(name: .customLong("served-table"), help: "The table of the served log when --served is an SQLite database.")
    var servedTable: String?

    @Option(name: .long, help: "The output folder (skew.json, skew.md).")
    var out: String

    @Option(name: .long, help: "Comma-separated levels added to the grid (default: the spec's freshness.levels).")
    var levels: String?

    @Option(name: .long, help: "Relative tolerance under which two numbers are equal.")
    var tolerance: Double = 1e-9

    @Option(name: .customLong("min-match"), help: "Exit 2 when any feature's match rate at the declared level is below this (0 to 1).")
    var minMatch: Double?

    @OptionGroup var store: StoreOptions
    @OptionGroup var write: WriteOptions
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if let levels {
            do { _ = try SweepRun.levels(levels.split(separator: ",").map(String.init)) } catch {
                throw ValidationError(error.description)
            }
        }
        guard tolerance >= 0, tolerance.isFinite else { throw ValidationError("--tolerance must be a number at least 0, got \(tolerance)") }
        if let minMatch, !(0...1).contains(minMatch) { throw ValidationError("--min-match must be between 0 and 1, got \(minMatch)") }
    }

    func run() throws {
        var gate = false
        try CommandRunner.run {
            let progress = Progress(quiet: common.quiet)
            let spec = try loadSpec(self.spec)
            let source: SourceLocation = servedTable.map { .sqliteTable(database: served, table: $0) } ?? .csv(path: served)
            let chosen = try levels.map { try SweepRun.levels($0.split(separator: ",").map(String.init)) }
            // Everything is checked before any work: the output, then the store.
            let inputs = OutputCheck.inputs(of: spec) + [.init(served, role: "served log")]
            try OutputCheck.requireRegularFile(served, role: "served log")
            try OutputCheck.check(out, kind: .skewFolder, inputs: inputs, force: write.force)
            let runs = try store.openForWriting(inputs: inputs, outputs: [out])
            let staging = try StagingFolder(final: out)
            let report = try staging.naming(out) { () throws(VantageError) in
                try SkewRun.write(spec: spec, served: source, into: staging.path, options: .init(
                    levels: chosen, tolerance: tolerance, progress: progress.callback))
            }
            try Cancellation.check()
            // Published inside the store's transaction: both happen, or neither.
            let publication = Publication([.init(staged: staging.path, final: out)])
            let id = try runs?.record(kind: "skew", manifest: report.manifest, output: out, headline: report.headline,
                                      json: try JSONOutput.encode(report)) { _ throws(VantageError) in try publication.publish() }
            if runs == nil { try publication.publish() }
            publication.finish()
            progress.done()
            let below = minMatch.map { report.features(below: $0) } ?? []
            gate = !below.isEmpty
            if !common.quiet {
                print(SkewMarkdown.table(report))
                for v in report.views { if let note = v.note { print("\nnote (\(v.view)): \(note)") } }
                print("\nwrote \(out)/skew.json and skew.md (\(report.rows) served rows)" + (id.map { "; recorded as run \($0) in \(store.store)" } ?? ""))
            }
            if let minMatch, gate {
                FileHandle.standardError.write(Data(("skew: \(below.count) feature\(below.count == 1 ? "" : "s") below --min-match \(minMatch): "
                    + below.prefix(5).map { "\($0.column) \(String(format: "%.3f", $0.matchRate))" }.joined(separator: ", ") + "\n").utf8))
            }
        }
        if gate { throw ExitCode(2) }
    }
}
