import Foundation
import VantageCore

/// `vantage skew`: replays the requests of a served log point in time, compares what
/// production served with the replay at each view's declared freshness, and estimates
/// the freshness production really delivers.
///
/// The inputs are read, encoded and sorted once (the served log is the spine); every
/// candidate schedule of every view is then only as-of times and scans on those inputs,
/// as in a sweep. Writes `skew.json` and `skew.md` into a folder built under a temporary
/// name and renamed into place when complete.
public enum SkewRun {
    public struct Options: Sendable {
        /// Levels added to the grid (`--levels`; default the spec's `freshness.levels`).
        public var levels: [FreshnessLevel]?
        /// Relative tolerance under which two numbers are equal.
        public var tolerance: Double
        public var progress: (@Sendable (String) -> Void)?

        public init(levels: [FreshnessLevel]? = nil, tolerance: Double = 1e-9, progress: (@Sendable (String) -> Void)? = nil) {
            self.levels = levels
            self.tolerance = tolerance
            self.progress = progress
        }
    }

    /// Runs the comparison into `out`, staged beside it and renamed into place when complete
    /// (a previous output there is replaced only then).
    public static func run(spec: Spec, served: SourceLocation, out: String, options: Options = Options()) throws(VantageError) -> SkewReport {
        let staging = try StagingFolder(final: out)
        let report = try staging.naming(out) { () throws(VantageError) in
            try write(spec: spec, served: served, into: staging.path, options: options)
        }
        let publication = Publication([.init(staged: staging.path, final: out)])
        try publication.publish()
        publication.finish()
        return report
    }

    /// Runs the comparison and writes `skew.json` and `skew.md` into `folder` (a staging
    /// folder the caller publishes once the run is recorded).
    public static func write(spec: Spec, served: SourceLocation, into folder: String, options: Options = Options()) throws(VantageError) -> SkewReport {
        let report = try compute(spec: spec, served: served, options: options)
        try Cancellation.check()
        try AtomicFile.write(try JSONOutput.encode(report), to: folder + "/skew.json")
        try AtomicFile.write(Array(SkewMarkdown.render(report).utf8), to: folder + "/skew.md")
        return report
    }

    /// The comparison, without writing anything.
    public static func compute(spec: Spec, served source: SourceLocation, options: Options = Options()) throws(VantageError) -> SkewReport {
        guard options.tolerance >= 0, options.tolerance.isFinite else {
            throw .usage("--tolerance must be a number at least 0, got \(options.tolerance)")
        }
        var clock = Stopwatch()
        options.progress?("reading the served log")
        let log = try ServedLog.read(source, spec: spec)
        let (replaySpec, preloaded) = log.replay(spec)
        let inputs = try Loader.load(replaySpec, options: .init(progress: options.progress, preloaded: preloaded))
        clock.lap("load")
        let engine = PointInTimeEngine(inputs: inputs)
        let grid = CandidateGrid.schedules(spec: spec, extra: options.levels ?? spec.freshness.levels)
        let viewIndexes = Array(Set(log.columns.map(\.view))).sorted()
        let times = inputs.spineTimes
        // Every (view, schedule) pair, scored in parallel: the engine is safe to share.
        let jobs = viewIndexes.flatMap { v in grid.indices.map { (v, $0) } }
        options.progress?("replaying \(viewIndexes.count) view\(viewIndexes.count == 1 ? "" : "s") at \(grid.count) schedules")
        let comparers = log.columns.map { CellComparer(served: $0.values, tolerance: options.tolerance) }
        let scores = ParallelMap.run(jobs.count) { j -> EffectiveFreshness.Scored? in
            let (v, g) = jobs[j]
            guard let output = replay(engine, view: v, schedule: grid[g]) else { return nil }
            var equal = 0, cells = 0
            for (c, col) in log.columns.enumerated() where col.view == v {
                equal += comparers[c].equalCount(output.columns[col.position])
                cells += output.columns[col.position].count
            }
            return .init(schedule: grid[g], matchRate: cells == 0 ? 1 : Double(equal) / Double(cells),
                         meanAge: meanAge(output, times: times))
        }
        clock.lap("replay")
        var views = [ViewSkew]()
        for v in viewIndexes {
            let vspec = spec.views[v]
            var scored = [EffectiveFreshness.Scored]()
            for (j, job) in jobs.enumerated() where job.0 == v { if let s = scores[j] { scored.append(s) } }
            let declared = CandidateSchedule(level: vspec.freshness)
            guard let d = scored.firstIndex(where: { $0.schedule == declared }) else { continue }
            let choice = EffectiveFreshness.choose(scored, declared: d)
            guard let atDeclared = replay(engine, view: v, schedule: declared),
                  let atEffective = replay(engine, view: v, schedule: scored[choice.effective].schedule) else { continue }
            var features = [FeatureSkew]()
            for (c, col) in log.columns.enumerated() where col.view == v {
                features.append(feature(col, comparer: comparers[c], offline: atDeclared.columns[col.position],
                                        effective: atEffective.columns[col.position], log: log, spec: spec))
            }
            let best = scored[choice.best], eff = scored[choice.effective]
            // Best first; ties in grid order, so the file is the same on every run.
            let ranked = scored.indices.sorted { a, b in
                scored[a].matchRate != scored[b].matchRate ? scored[a].matchRate > scored[b].matchRate : a < b
            }.map { scored[$0] }
            views.append(ViewSkew(
                view: vspec.name, declared: vspec.freshness.name, matchRateDeclared: scored[d].matchRate,
                effective: eff.schedule.level.name, matchRateEffective: eff.matchRate, flag: choice.flag,
                bestSchedule: best.schedule.name, matchRateBest: best.matchRate,
                declaredAgeSeconds: scored[d].meanAge, bestAgeSeconds: best.meanAge,
                extraAgeSeconds: best.meanAge.flatMap { b in scored[d].meanAge.map { b - $0 } },
                note: choice.note,
                candidates: ranked.map { .init(schedule: $0.schedule.name, expressible: $0.schedule.isExpressible,
                                               matchRate: $0.matchRate, meanAgeSeconds: $0.meanAge) },
                features: features))
        }
        clock.lap("compare")
        var records = inputs.inputs
        records[0] = log.record
        let manifest = Manifest.now(
            command: "skew", spec: spec, inputs: records, levels: views.map(\.effective).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } },
            viewLevels: Dictionary(uniqueKeysWithValues: views.map { ($0.view, $0.effective) }), timingsSeconds: clock.stages)
        return SkewReport(manifest: manifest, served: source.displayName, rows: inputs.spineRowCount,
                          tolerance: options.tolerance, views: views)
    }

    /// One view under one schedule; nil when its delay cannot be formed (months).
    static func replay(_ engine: PointInTimeEngine, view v: Int, schedule: CandidateSchedule) -> ViewOutput? {
        let spec = engine.inputs.views[v].spec
        guard let delay = schedule.delay(adding: spec.delay) else { return nil }
        return engine.compute(view: v, level: schedule.level, delay: delay)
    }

    /// Mean age in seconds of the values used (`t − τ`), nil when no row has one.
    static func meanAge(_ output: ViewOutput, times: [Int64]) -> Double? {
        var sum = 0.0, n = 0
        let used = output.usedTau
        for r in 0..<times.count where used[r] != .min {
            sum += Double(times[r] &- used[r]) / 1e6
            n += 1
        }
        return n == 0 ? nil : sum / Double(n)
    }

    /// The comparison of one served column with the replay at the declared level.
    static func feature(_ col: ServedLog.Column, comparer: CellComparer, offline: FeatureColumn, effective: FeatureColumn,
                        log: ServedLog, spec: Spec) -> FeatureSkew {
        var equal = 0, servedNull = 0, offlineNull = 0, differ = 0
        var diffs = [Double]()
        var examples = [SkewExample]()
        let keyColumns = spec.spine.keys.map { (name: $0, text: log.table.column(named: $0)) }
        let timeColumn = log.table.column(named: spec.spine.time)
        for r in 0..<offline.count {
            let outcome = comparer.outcome(row: r, offline: offline)
            switch outcome {
            case .equal: equal += 1
            case .servedNull: servedNull += 1
            case .offlineNull: offlineNull += 1
            case let .differ(d):
                differ += 1
                if let d { diffs.append(d) }
            }
            if outcome != .equal, examples.count < 5 {
                var keys = [String: String]()
                for k in keyColumns { keys[k.name] = k.text?.value(r) ?? "" }
                examples.append(SkewExample(keys: keys, time: timeColumn?.string(r) ?? "", served: col.values.text.value(r),
                                            offline: offline.text(r)))
            }
        }
        diffs.sort()
        let rows = max(1, offline.count)
        return FeatureSkew(
            column: col.name, view: spec.views[col.view].name, matchRate: Double(equal) / Double(rows),
            matchRateEffective: Double(comparer.equalCount(effective)) / Double(rows),
            servedNull: servedNull, offlineNull: offlineNull, differ: differ,
            meanAbsDiff: diffs.isEmpty ? nil : diffs.reduce(0, +) / Double(diffs.count),
            p99AbsDiff: diffs.isEmpty ? nil : diffs[max(0, Int((0.99 * Double(diffs.count)).rounded(.up)) - 1)],
            examples: examples)
    }
}
