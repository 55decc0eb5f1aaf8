import Foundation

/// `vantage join`: one training set at one freshness level, plus its manifest.
public enum JoinRun {
    public struct Result: Sendable {
        public var rows: Int
        public var columns: Int
        public var manifest: Manifest
        public var coverage: [(view: String, level: String, nonNull: Int)]
        public var emptyKeyRows: [String: Int]
    }

    /// Builds the training set for `spec` with the candidate views at `level` (nil: every
    /// view at its own freshness) and writes it to `out` with `out.manifest.json` beside it,
    /// both published together once complete.
    /// Inputs larger than `memory` allows are joined partition by partition through spill
    /// files (`SpilledJoin`), with the same bytes written.
    public static func run(spec: Spec, level: FreshnessLevel?, out: String, dropBadTimes: Bool = false,
                           memory: MemoryBudget = MemoryBudget(),
                           progress: (@Sendable (String) -> Void)? = nil) throws(VantageError) -> Result {
        if let partitions = SpilledJoin.plan(spec, budget: memory, dropBadTimes: dropBadTimes) {
            return try spilled(spec: spec, level: level, out: out, memory: memory, partitions: partitions, progress: progress)
        }
        var clock = Stopwatch()
        let inputs = try Loader.load(spec, options: .init(progress: progress, dropBadTimes: dropBadTimes, spineColumns: []))
        clock.lap("load")
        let engine = PointInTimeEngine(inputs: inputs)
        let levels = engine.levels(varying: level ?? .realtime)
        progress?("joining \(inputs.spineRowCount) spine rows")
        let set = engine.trainingSet(levels: levels)
        clock.lap("join")
        Trace.mark("joined")
        // The CSV and its manifest are staged together and renamed into place only when
        // both are complete; a previous pair is kept until then.
        let staging = try StagingFolder(final: out)
        let name = URL(fileURLWithPath: out).lastPathComponent
        let shownAs = URL(fileURLWithPath: out).deletingLastPathComponent().path
        try staging.naming(shownAs) { () throws(VantageError) in
            try TrainingSetWriter.write(set, to: staging.file(name)) { done in progress?("writing: \(done) rows") }
        }
        clock.lap("write")
        Trace.mark("written")
        var manifest = Self.manifest(spec: spec, level: level, levels: levels, out: out, inputs: inputs.inputs,
                                     rows: set.rowCount, columns: set.header.count, timings: clock.stages)
        manifest.recordMemory(budget: memory, partitions: nil)
        try publish(manifest, staging: staging, name: name, shownAs: shownAs, out: out)
        var coverage = [(view: String, level: String, nonNull: Int)]()
        for v in set.views {
            let share = v.totalCells == 0 ? 0 : Int((Double(v.coveredCells) / Double(v.totalCells) * Double(set.rowCount)).rounded())
            coverage.append((v.view.name, v.level.name, share))
        }
        return Result(rows: set.rowCount, columns: set.header.count, manifest: manifest, coverage: coverage,
                      emptyKeyRows: inputs.emptyKeyRows)
    }

    /// The join through spill files: same outputs, memory bounded by `memory`.
    static func spilled(spec: Spec, level: FreshnessLevel?, out: String, memory: MemoryBudget, partitions: Int,
                        progress: (@Sendable (String) -> Void)?) throws(VantageError) -> Result {
        var clock = Stopwatch()
        let candidates = Set(spec.candidateViews)
        let levels = spec.views.map { candidates.contains($0.name) ? (level ?? .realtime) : $0.freshness }
        let staging = try StagingFolder(final: out)
        let name = URL(fileURLWithPath: out).lastPathComponent
        let shownAs = URL(fileURLWithPath: out).deletingLastPathComponent().path
        let outcome = try staging.naming(shownAs) { () throws(VantageError) in
            try SpilledJoin.write(spec: spec, outputs: [.init(path: staging.file(name), levels: levels, withAge: false)],
                                  partitions: partitions, budget: memory, progress: progress)
        }
        clock.lap("join")
        var manifest = Self.manifest(spec: spec, level: level, levels: levels, out: out, inputs: outcome.inputs,
                                     rows: outcome.rows, columns: outcome.headers[0].count, timings: clock.stages)
        manifest.recordMemory(budget: memory, partitions: outcome.partitions)
        try publish(manifest, staging: staging, name: name, shownAs: shownAs, out: out)
        var coverage = [(view: String, level: String, nonNull: Int)]()
        for (i, v) in spec.views.enumerated() {
            let c = outcome.cells[0][i]
            let share = c.total == 0 ? 0 : Int((Double(c.covered) / Double(c.total) * Double(outcome.rows)).rounded())
            coverage.append((v.name, levels[i].name, share))
        }
        return Result(rows: outcome.rows, columns: outcome.headers[0].count, manifest: manifest, coverage: coverage,
                      emptyKeyRows: outcome.emptyKeyRows)
    }

    /// The join's manifest: inputs, spec, the level of every view, the one output.
    static func manifest(spec: Spec, level: FreshnessLevel?, levels: [FreshnessLevel], out: String, inputs: [InputRecord],
                         rows: Int, columns: Int, timings: [String: Double]) -> Manifest {
        var viewLevels = [String: String]()
        for (v, l) in zip(spec.views, levels) { viewLevels[v.name] = l.name }
        return Manifest(
            command: "join", createdAt: Timestamp.format(Int64(Date().timeIntervalSince1970 * 1e6)),
            spec: Manifest.specRecord(spec), inputs: inputs, levels: [(level ?? .realtime).name],
            viewLevels: viewLevels,
            outputs: [.init(level: (level ?? .realtime).name, path: out, rows: rows, columns: columns)],
            timingsSeconds: timings)
    }

    /// Writes the manifest beside the staged CSV and publishes both together (a previous
    /// pair is kept until both are in place).
    static func publish(_ manifest: Manifest, staging: StagingFolder, name: String, shownAs: String, out: String) throws(VantageError) {
        try staging.naming(shownAs) { () throws(VantageError) in
            try AtomicFile.write(try manifest.jsonBytes(), to: staging.file(name + ".manifest.json"))
        }
        try Cancellation.check()
        let publication = Publication([.init(staged: staging.file(name), final: out),
                                       .init(staged: staging.file(name + ".manifest.json"), final: out + ".manifest.json")])
        try publication.publish()
        publication.finish()
    }
}
