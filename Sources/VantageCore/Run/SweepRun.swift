import Foundation

/// `vantage sweep`: the training set at every level from one read, one encoding and one
/// sort of the inputs; per level only as-of times and scans. Writes `<level>.csv` per
/// level (byte for byte what `vantage join --freshness <level>` writes), optionally the
/// each-view files (see `Options.eachView`), and `sweep.json` with the manifest and the
/// freshness profile. `run` builds the folder under a staging name and renames it when
/// complete; `write` fills a folder the caller stages (a backtest or demo folder,
/// published with a run-store record).
public enum SweepRun {
    public struct Options: Sendable {
        public var levels: [FreshnessLevel]
        /// Also write, for each candidate view V and each level L other than the baseline B:
        /// - `each-view/<V>/alone/<L>.csv`: V at L, every other candidate at B,
        ///   non-candidates at their production freshness ("V alone");
        /// - `each-view/<V>/all_but/<L>.csv`: every candidate at L except V, which stays
        ///   at B ("all but V": what is lost by not making V fresh).
        /// At B both are the level's own training set, so none is written for it.
        public var eachView = false
        /// The level each-view files hold the other views at (`--baseline`); default as
        /// `BaselineChoice` decides (the spec's `freshness.baseline`, else the stalest).
        public var baseline: String?
        public var withAge = false
        public var dropBadTimes = false
        /// The memory budget: inputs that do not fit are swept through spill files.
        public var memory = MemoryBudget()
        public var progress: (@Sendable (String) -> Void)?
        /// False: write nothing (no folder, no CSVs, no `sweep.json`); the training sets
        /// exist only as they are handed to `consume` (`backtest --no-training-sets`).
        public var writeTrainingSets = true
        /// Receives each training set as it is computed, with its path in the sweep
        /// folder (`<level>.csv`, `each-view/…`), so a backtest in the same process
        /// need not parse the CSVs back.
        public var consume: (@Sendable (String, TrainingSet) throws(VantageError) -> Void)?
        /// The spine columns `consume` reads (nil: all). Without `consume` the sweep only
        /// writes, and holds none of the spine's text (see `Loader.Options.spineColumns`).
        public var spineColumns: Set<String>?

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
        /// The each-view files: view → mode (`alone`, `all_but`) → level → path in the folder.
        public var eachView: [String: [String: [String: String]]]?
        /// The baseline the each-view files hold views at.
        public var eachViewBaseline: String?

        enum CodingKeys: String, CodingKey {
            case manifest, profile
            case eachView = "each_view"
            case eachViewBaseline = "each_view_baseline"
        }

        public init(manifest: Manifest, profile: [FreshnessProfile], eachView: [String: [String: [String: String]]]?, eachViewBaseline: String? = nil) {
            self.manifest = manifest
            self.profile = profile
            self.eachView = eachView
            self.eachViewBaseline = eachViewBaseline
        }

        /// A sweep written before each-view files had modes (view → level → path, the
        /// other views at production freshness) reads as having none: its files answer
        /// another question, and the backtest asks for a new sweep.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            manifest = try c.decode(Manifest.self, forKey: .manifest)
            profile = try c.decode([FreshnessProfile].self, forKey: .profile)
            eachView = try? c.decodeIfPresent([String: [String: [String: String]]].self, forKey: .eachView)
            eachViewBaseline = try c.decodeIfPresent(String.self, forKey: .eachViewBaseline)
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
        guard options.writeTrainingSets else { return try write(spec: spec, into: nil, options: options) }
        let staging = try StagingFolder(final: out)
        let report = try staging.naming(out) { () throws(VantageError) in try write(spec: spec, into: staging.path, options: options) }
        let publication = Publication([.init(staged: staging.path, final: out)])
        try publication.publish()
        publication.finish()
        return report
    }

    /// Sweeps into the existing, empty folder `folder` (nil: writes nothing, as with
    /// `writeTrainingSets` off; the training sets go only to `consume`). Inputs larger
    /// than the memory budget go through spill files (`writeSpilled`), which write the
    /// folder's files directly (a backtest then parses them back).
    public static func write(spec: Spec, into folder: String?, options: Options) throws(VantageError) -> Report {
        if let partitions = SpilledJoin.plan(spec, budget: options.memory, dropBadTimes: options.dropBadTimes) {
            guard let folder, options.writeTrainingSets else {
                throw .usage("the inputs do not fit --memory \(options.memory.bytes) bytes, so the training sets must be written to disk: drop --no-training-sets or raise --memory")
            }
            return try writeSpilled(spec: spec, into: folder, options: options, partitions: partitions)
        }
        var clock = Stopwatch()
        let inputs = try Loader.load(spec, options: .init(progress: options.progress, dropBadTimes: options.dropBadTimes,
                                                          spineColumns: options.consume == nil ? [] : options.spineColumns))
        clock.lap("load")
        let engine = PointInTimeEngine(inputs: inputs)
        for level in options.levels where !PlainName.isPlain(level.name) && level.name.contains("/") {
            throw .usage("level \(level.name): not usable as a file name")
        }
        // With `writeTrainingSets` off nothing is written: the sets only go to `consume`.
        let folder = options.writeTrainingSets ? folder : nil
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
                // Kept only for a later level of the same schedule: a level's outputs are a
                // column per feature per spine row, too much to hold for every level.
                if options.levels[(n + 1)...].contains(where: { $0.isSameSchedule(as: level) }) {
                    computed.append((level, views, levelProfile))
                }
            }
            clock.lap("join")
            Trace.mark("level \(level.name) joined")
            let set = TrainingSet(spine: inputs.spine, views: views,
                                  ages: options.withAge ? views.map { $0.ageColumn(times: inputs.spineTimes) } : nil)
            let name = level.name + ".csv"
            try options.consume?(name, set)
            if let folder {
                try TrainingSetWriter.write(set, to: folder + "/" + name) { done in
                    options.progress?("level \(n + 1)/\(options.levels.count) \(level.name): \(done) of \(set.rowCount) rows written")
                }
            }
            clock.lap("write")
            Trace.mark("level \(level.name) written")
            outputs.append(.init(level: level.name, path: name, rows: set.rowCount, columns: set.header.count))
        }
        var eachView: [String: [String: [String: String]]]?
        var eachViewBaseline: String?
        if options.eachView {
            let baseline = try BaselineChoice(levels: options.levels.map(\.name), requested: options.baseline,
                                              spec: spec.freshness.baseline).level
            let plan = try EachViewFile.plan(spec: spec, levels: options.levels, baseline: baseline)
            // Candidate outputs of the level being written and of the baseline, computed once
            // each; the previous level's are dropped when the next level starts.
            var computed = [String: ViewOutput]()
            var current = ""
            for file in plan {
                try Cancellation.check()
                if file.level.name != current {
                    computed = computed.filter { $0.key.hasSuffix("@" + baseline) }
                    current = file.level.name
                }
                options.progress?("each view: \(spec.views[file.view].name) \(file.mode) at \(file.level.name)")
                let views = spec.views.indices.map { j -> ViewOutput in
                    if let f = fixed[j] { return f }
                    let level = file.levels[j]
                    let key = "\(j)@" + (level.isSameSchedule(as: file.level) ? file.level.name : baseline)
                    if let done = computed[key] { return done }
                    let output = engine.compute(view: j, level: level)
                    computed[key] = output
                    return output
                }
                clock.lap("join")
                let set = TrainingSet(spine: inputs.spine, views: views,
                                      ages: options.withAge ? views.map { $0.ageColumn(times: inputs.spineTimes) } : nil)
                try options.consume?(file.path, set)
                if let folder { try TrainingSetWriter.write(set, to: folder + "/" + file.path) }
                clock.lap("write")
            }
            let files = EachViewFile.index(plan, spec: spec)
            eachView = files
            eachViewBaseline = baseline
        }
        var manifest = Manifest(
            command: "sweep", createdAt: Timestamp.format(Int64(Date().timeIntervalSince1970 * 1e6)),
            spec: Manifest.specRecord(spec), inputs: inputs.inputs, levels: options.levels.map(\.name),
            viewLevels: nil, outputs: outputs, timingsSeconds: clock.stages)
        manifest.recordMemory(budget: options.memory, partitions: nil)
        let report = Report(manifest: manifest, profile: profile, eachView: eachView, eachViewBaseline: eachViewBaseline)
        try Cancellation.check()
        if let folder { try AtomicFile.write(try JSONOutput.encode(report), to: folder + "/sweep.json") }
        return report
    }
}
