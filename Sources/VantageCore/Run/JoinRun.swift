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
    /// view at its own freshness) and writes it to `out` with `out.manifest.json` beside it.
    public static func run(spec: Spec, level: FreshnessLevel?, out: String, dropBadTimes: Bool = false,
                           progress: (@Sendable (String) -> Void)? = nil) throws(VantageError) -> Result {
        var clock = Stopwatch()
        let inputs = try Loader.load(spec, options: .init(progress: progress, dropBadTimes: dropBadTimes))
        clock.lap("load")
        let engine = PointInTimeEngine(inputs: inputs)
        let levels = engine.levels(varying: level ?? .realtime)
        progress?("joining \(inputs.spineRowCount) spine rows")
        let set = engine.trainingSet(levels: levels)
        clock.lap("join")
        Trace.mark("joined")
        try TrainingSetWriter.write(set, to: out) { done in progress?("writing: \(done) rows") }
        clock.lap("write")
        Trace.mark("written")
        var viewLevels = [String: String]()
        for (v, l) in zip(spec.views, levels) { viewLevels[v.name] = l.name }
        let manifest = Manifest(
            command: "join", createdAt: Timestamp.format(Int64(Date().timeIntervalSince1970 * 1e6)),
            spec: Manifest.specRecord(spec), inputs: inputs.inputs, levels: [(level ?? .realtime).name],
            viewLevels: viewLevels,
            outputs: [.init(level: (level ?? .realtime).name, path: out, rows: set.rowCount, columns: set.header.count)],
            timingsSeconds: clock.stages)
        try AtomicFile.write(try manifest.jsonBytes(), to: out + ".manifest.json")
        var coverage = [(view: String, level: String, nonNull: Int)]()
        for v in set.views {
            let share = v.totalCells == 0 ? 0 : Int((Double(v.coveredCells) / Double(v.totalCells) * Double(set.rowCount)).rounded())
            coverage.append((v.view.name, v.level.name, share))
        }
        return Result(rows: set.rowCount, columns: set.header.count, manifest: manifest, coverage: coverage,
                      emptyKeyRows: inputs.emptyKeyRows)
    }
}
