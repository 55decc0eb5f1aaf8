import Foundation

extension SweepRun {
    /// The sweep through spill files (`SpilledJoin`) when the inputs do not fit the
    /// memory budget: every `<level>.csv` (and `each-view/...`) byte for byte what the
    /// in-memory sweep writes, all from one partition pass; the freshness profile is
    /// gathered partition by partition and combined exactly (`FreshnessProfile.Part`).
    static func writeSpilled(spec: Spec, into folder: String, options: Options, partitions: Int) throws(VantageError) -> Report {
        var clock = Stopwatch()
        for level in options.levels where !PlainName.isPlain(level.name) && level.name.contains("/") {
            throw .usage("level \(level.name): not usable as a file name")
        }
        let candidates = spec.candidateViews
        let candidateIndexes = spec.views.indices.filter { candidates.contains(spec.views[$0].name) }
        /// Every view's level when `level` applies to the candidates (or to `only`).
        func levels(_ level: FreshnessLevel, only: Int? = nil) -> [FreshnessLevel] {
            spec.views.indices.map { i in
                if let only { return i == only ? level : spec.views[i].freshness }
                return candidateIndexes.contains(i) ? level : spec.views[i].freshness
            }
        }
        var outputs = options.levels.map { SpilledJoin.Output(path: folder + "/" + $0.name + ".csv", levels: levels($0), withAge: options.withAge) }
        // Each view's attribution files, as the in-memory sweep writes them (`EachViewFile`).
        var eachView: [String: [String: [String: String]]]?
        var eachViewBaseline: String?
        if options.eachView {
            let baseline = try BaselineChoice(levels: options.levels.map(\.name), requested: options.baseline,
                                              spec: spec.freshness.baseline).level
            let plan = try EachViewFile.plan(spec: spec, levels: options.levels, baseline: baseline)
            for f in plan { outputs.append(.init(path: folder + "/" + f.path, levels: f.levels, withAge: options.withAge)) }
            let files = EachViewFile.index(plan, spec: spec)
            eachView = files
            eachViewBaseline = baseline
        }
        // The profile: once per distinct schedule, per candidate view.
        var schedules = [FreshnessLevel]()
        for level in options.levels where !schedules.contains(where: { $0.isSameSchedule(as: level) }) { schedules.append(level) }
        let parts = Locked([[FreshnessProfile.Part]](repeating: .init(repeating: .init(), count: candidateIndexes.count), count: schedules.count))
        let outcome = try SpilledJoin.write(spec: spec, outputs: outputs, partitions: partitions, budget: options.memory,
                                            progress: options.progress) { inputs, mine, compute throws(VantageError) in
            for (s, level) in schedules.enumerated() {
                for (c, i) in candidateIndexes.enumerated() where mine.contains(i) {
                    let realtime = compute(i, .realtime)
                    let output = level.isSameSchedule(as: .realtime) ? realtime : compute(i, level)
                    parts.withLock { $0[s][c].add(output, times: inputs.spineTimes, realtime: realtime) }
                }
            }
        }
        clock.lap("join")
        let gathered = parts.withLock { $0 }
        var profile = [FreshnessProfile]()
        var records = [Manifest.OutputRecord]()
        for (n, level) in options.levels.enumerated() {
            let s = schedules.firstIndex { $0.isSameSchedule(as: level) } ?? 0
            for (c, i) in candidateIndexes.enumerated() {
                profile.append(gathered[s][c].profile(view: spec.views[i].name, level: level.name))
            }
            records.append(.init(level: level.name, path: level.name + ".csv", rows: outcome.rows, columns: outcome.headers[n].count))
        }
        var manifest = Manifest(
            command: "sweep", createdAt: Timestamp.format(Int64(Date().timeIntervalSince1970 * 1e6)),
            spec: Manifest.specRecord(spec), inputs: outcome.inputs, levels: options.levels.map(\.name),
            viewLevels: nil, outputs: records, timingsSeconds: clock.stages)
        manifest.recordMemory(budget: options.memory, partitions: outcome.partitions)
        let report = Report(manifest: manifest, profile: profile, eachView: eachView, eachViewBaseline: eachViewBaseline)
        try Cancellation.check()
        try AtomicFile.write(try JSONOutput.encode(report), to: folder + "/sweep.json")
        return report
    }
}
