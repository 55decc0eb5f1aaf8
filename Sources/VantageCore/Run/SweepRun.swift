import Foundation

/// `vantage sweep`: the training set at every level from one read, one encoding and one
/// sort of the inputs; per level only as-of times and scans. Writes `<level>.csv` per
/// level (byte for byte what `vantage join --freshness <level>` writes), optionally
/// `each-view/<view>/<level>.csv`, and `sweep.json` with the manifest and the freshness
/// profile. `run` builds the folder under a staging name and renames it when complete;
/// `write` fills a folder the caller stages (a backtest or demo folder, published with a
/// run-store record).
public enum SweepRun {
    public struct Options: Sendable {
        public var levels: [FreshnessLevel]
        public var eachView = false
        public var withAge = false
        public var dropBadTimes = false
        /// The memory budget: inputs that do not fit are swept through spill files.
        public var memory = MemoryBudget()
        public var progress: (@Sendable (String) -> Void)?

        public init(levels: [FreshnessLevel], eachView: Bool = false, withAge: Bool = false, dropBadTimes: Bool = false,
                    memory: MemoryBudget = MemoryBudget(), progress: (@Sendable (String) -> Void)? = nil) {
            self.levels = levels
            self.memory = memory
            self.eachView = eachView
            self.withAge = withAge
            self.dropBadTimes = dropBadTimes
            self.progress = progress
        }
    }

    public struct Report: Codable, Sendable {
        public var manifest: Manifest
        public var profile: [FreshnessProfile]
        public var eachView: [String: [String: String]]?

        enum CodingKeys: String, CodingKey {
            case manifest, profile
            case eachView = "each_view"
        }
    }

    /// Levels as the user listed them, validated; a name given twice is written once.
    /// Two names for one schedule (`1h` and `cadence-1h`) are both kept: each gets its
    /// own file, computed once.
    public static func levels(_ texts: [String]) throws(VantageError) -> [FreshnessLevel] {
        var out = [FreshnessLevel]()
        for t in texts {
            let l = try FreshnessLevel(parsing: t)
            if !out.contains(where: { $0.name == l.name }) { out.append(l) }
        }
        if out.isEmpty { throw .usage("no freshness levels given") }
        return out
    }

    /// Sweeps into `out`, staged beside it and renamed into place when complete (a previous
    /// output there is replaced only then).
    public static func run(spec: Spec, out: String, options: Options) throws(VantageError) -> Report {
        let staging = try StagingFolder(final: out)
        let report = try staging.naming(out) { () throws(VantageError) in try write(spec: spec, into: staging.path, options: options) }
        let publication = Publication([.init(staged: staging.path, final: out)])
        try publication.publish()
        publication.finish()
        return report
    }

    /// Sweeps into the existing, empty folder `folder`.
    public static func write(spec: Spec, into folder: String, options: Options) throws(VantageError) -> Report {
        if let partitions = SpilledJoin.plan(spec, budget: options.memory, dropBadTimes: options.dropBadTimes) {
            return try writeSpilled(spec: spec, into: folder, options: options, partitions: partitions)
        }
        var clock = Stopwatch()
        let inputs = try Loader.load(spec, options: .init(progress: options.progress, dropBadTimes: options.dropBadTimes))
        clock.lap("load")
        let engine = PointInTimeEngine(inputs: inputs)
        for level in options.levels where !PlainName.isPlain(level.name) && level.name.contains("/") {
            throw .usage("level \(level.name): not usable as a file name")
        }
        let candidates = spec.candidateViews
        let candidateIndexes = spec.views.indices.filter { candidates.contains(spec.views[$0].name) }
        // Real time, for "changed vs realtime"; reused when it is one of the levels.
        let realtimeOutputs = candidateIndexes.map { engine.compute(view: $0, level: .realtime) }
        clock.lap("join")
        Trace.mark("realtime computed")
        var profile = [FreshnessProfile]()
        var outputs = [Manifest.OutputRecord]()
        // Views not varied are the same at every level: compute them once.
        var fixed = [Int: ViewOutput]()
        for i in spec.views.indices where !candidateIndexes.contains(i) {
            fixed[i] = engine.compute(view: i, level: spec.views[i].freshness)
        }
        // Levels with one schedule under two names (`1h`, `cadence-1h`) are computed once.
        var computed = [(level: FreshnessLevel, views: [ViewOutput], profile: [FreshnessProfile])]()
        for (n, level) in options.levels.enumerated() {
            try Cancellation.check()
            options.progress?("level \(n + 1)/\(options.levels.count) \(level.name)")
            var views = [ViewOutput]()
            if let same = computed.first(where: { $0.level.isSameSchedule(as: level) }) {
                views = same.views
                profile += same.profile.map { var p = $0; p.level = level.name; return p }
            } else {
                var varied = [(output: ViewOutput, realtime: ViewOutput)]()
                for i in spec.views.indices {
                    if let f = fixed[i] {
                        views.append(f)
                    } else if let k = candidateIndexes.firstIndex(of: i) {
                        let o = level.isSameSchedule(as: .realtime) ? realtimeOutputs[k] : engine.compute(view: i, level: level)
                        views.append(o)
                        varied.append((o, realtimeOutputs[k]))
                    }
                }
                Trace.mark("level \(level.name) computed")
                let levelProfile = ParallelMap.run(varied.count) { [varied] j in
                    var p = FreshnessProfile.compute(varied[j].output, times: inputs.spineTimes, realtime: varied[j].realtime)
                    p.level = level.name
                    return p
                }
                profile += levelProfile
                computed.append((level, views, levelProfile))
            }
            clock.lap("join")
            Trace.mark("level \(level.name) joined")
            let set = TrainingSet(spine: inputs.spine, views: views,
                                  ages: options.withAge ? views.map { $0.ageColumn(times: inputs.spineTimes) } : nil)
            let name = level.name + ".csv"
            try TrainingSetWriter.write(set, to: folder + "/" + name) { done in
                options.progress?("level \(n + 1)/\(options.levels.count) \(level.name): \(done) of \(set.rowCount) rows written")
            }
            clock.lap("write")
            Trace.mark("level \(level.name) written")
            outputs.append(.init(level: level.name, path: name, rows: set.rowCount, columns: set.header.count))
        }
        var eachView: [String: [String: String]]?
        if options.eachView {
            var files = [String: [String: String]]()
            for i in candidateIndexes {
                let name = spec.views[i].name
                // Checked when the spec is read; checked again because it becomes a folder name.
                guard PlainName.isPlain(name) else { throw .spec(path: "views", message: "view name \"\(name)\" must be a plain name: \(PlainName.rule)") }
                for level in options.levels {
                    try Cancellation.check()
                    options.progress?("each view: \(name) at \(level.name)")
                    var views = [ViewOutput]()
                    for j in spec.views.indices {
                        views.append(j == i ? engine.compute(view: j, level: level) : (fixed[j] ?? engine.compute(view: j, level: spec.views[j].freshness)))
                    }
                    clock.lap("join")
                    let rel = "each-view/\(name)/\(level.name).csv"
                    let set = TrainingSet(spine: inputs.spine, views: views,
                                          ages: options.withAge ? views.map { $0.ageColumn(times: inputs.spineTimes) } : nil)
                    try TrainingSetWriter.write(set, to: folder + "/" + rel)
                    clock.lap("write")
                    files[name, default: [:]][level.name] = rel
                }
            }
            eachView = files
        }
        var manifest = Manifest(
            command: "sweep", createdAt: Timestamp.format(Int64(Date().timeIntervalSince1970 * 1e6)),
            spec: Manifest.specRecord(spec), inputs: inputs.inputs, levels: options.levels.map(\.name),
            viewLevels: nil, outputs: outputs, timingsSeconds: clock.stages)
        manifest.recordMemory(budget: options.memory, partitions: nil)
        let report = Report(manifest: manifest, profile: profile, eachView: eachView)
        try Cancellation.check()
        try AtomicFile.write(try JSONOutput.encode(report), to: folder + "/sweep.json")
        return report
    }
}
