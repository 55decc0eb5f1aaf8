import Foundation
import VantageCore

/// What a compiled Spark job computes, decided from the spec before any data is read:
/// the distinct level schedules, which level each view takes in each output file, and
/// which (view, level) pairs the freshness profile covers. This mirrors `SweepRun`:
/// candidate views move to the sweep level, the others keep their own `freshness`.
struct SparkJobPlan {
    /// One output file of the job.
    struct OutputFile {
        /// Relative path: `<level>.csv` or `each-view/<view>/<alone|all_but>/<level>.csv`.
        var path: String
        /// Per view, the index into `schedules` it is computed at.
        var levels: [Int]
    }

    let spec: Spec
    let sweepLevels: [FreshnessLevel]
    let eachView: Bool
    /// The level each-view files hold the other candidates at (as the Swift sweep
    /// chooses it: the spec's `freshness.baseline`, else the stalest level).
    let baseline: String?
    let withAge: Bool
    /// Distinct as-of schedules (by `isSameSchedule`); index 0 is real time.
    private(set) var schedules: [FreshnessLevel] = [.realtime]
    private(set) var files: [OutputFile] = []
    /// (view, schedule, level name) per profile entry, in the Swift sweep's order.
    private(set) var profile: [(view: Int, schedule: Int, name: String)] = []
    /// Per view, the schedules it is computed at.
    private(set) var viewSchedules: [[Int]] = []

    init(spec: Spec, levels: [FreshnessLevel], eachView: Bool, withAge: Bool) throws(VantageError) {
        self.spec = spec
        sweepLevels = levels
        self.eachView = eachView
        self.withAge = withAge
        baseline = eachView ? try BaselineChoice(levels: levels.map(\.name), requested: nil, spec: spec.freshness.baseline).level : nil
        let candidates = Set(spec.candidateViews)
        let isCandidate = spec.views.map { candidates.contains($0.name) }
        let own = spec.views.map { schedule($0.freshness) }
        for level in levels {
            let s = schedule(level)
            files.append(OutputFile(path: level.name + ".csv", levels: spec.views.indices.map { isCandidate[$0] ? s : own[$0] }))
            for i in spec.views.indices where isCandidate[i] { profile.append((i, s, level.name)) }
        }
        // Each view's attribution files, as the Swift sweep writes them (`EachViewFile`).
        if let baseline {
            for f in try EachViewFile.plan(spec: spec, levels: levels, baseline: baseline) {
                files.append(OutputFile(path: f.path, levels: f.levels.map { schedule($0) }))
            }
        }
        viewSchedules = spec.views.indices.map { i in
            var used = [Int]()
            for f in files where !used.contains(f.levels[i]) { used.append(f.levels[i]) }
            if isCandidate[i], !used.contains(0) { used.append(0) }
            return used
        }
    }

    /// The index of a level's schedule, added when new.
    private mutating func schedule(_ level: FreshnessLevel) -> Int {
        if let i = schedules.firstIndex(where: { $0.isSameSchedule(as: level) }) { return i }
        schedules.append(level)
        return schedules.count - 1
    }

    /// The plan as the job's `PLAN` literal.
    var literal: PythonLiteral {
        var header = [String]()
        for v in spec.views {
            header += v.outputColumns
            if withAge { header.append("\(v.name)__age_s") }
        }
        return .dict([
            ("spec_path", .string(spec.path)),
            ("spine", .dict([
                ("source", Self.source(spec.spine.source)),
                ("keys", .list(spec.spine.keys.map { .string($0) })),
                ("time", .string(spec.spine.time)),
                ("time_format", .string(spec.spine.timeFormat.rawValue)),
                ("label", spec.spine.label.map { .string($0) } ?? .none),
            ])),
            ("views", .list(spec.views.indices.map(view))),
            ("levels", .list(schedules.map(Self.level))),
            ("realtime", .int(0)),
            ("files", .list(files.map { f in
                .dict([("path", .string(f.path)), ("levels", .list(f.levels.map { .int(Int64($0)) }))])
            })),
            ("profile", .list(profile.map { p in
                .dict([("view", .int(Int64(p.view))), ("level", .int(Int64(p.schedule))), ("name", .string(p.name))])
            })),
            ("output_header", .list(header.map { .string($0) })),
            ("with_age", .bool(withAge)),
        ])
    }

    private func view(_ i: Int) -> PythonLiteral {
        let v = spec.views[i]
        var windows = [Window]()
        var slots = [PythonLiteral]()
        var columns = [(String, [String])]()
        for a in v.aggregations {
            if let c = a.column {
                if let k = columns.firstIndex(where: { $0.0 == c }) {
                    if !columns[k].1.contains(a.function.rawValue) { columns[k].1.append(a.function.rawValue) }
                } else {
                    columns.append((c, [a.function.rawValue]))
                }
            }
            for w in a.windows {
                if !windows.contains(w) { windows.append(w) }
                let wi = windows.firstIndex(of: w) ?? 0
                slots.append(.tuple([.string(a.function.rawValue), a.column.map { .string($0) } ?? .none, .int(Int64(wi))]))
            }
        }
        let ttl: PythonLiteral = v.ttl.flatMap { $0.isZero ? nil : Self.duration($0) } ?? .none
        return .dict([
            ("name", .string(v.name)),
            ("kind", .string(v.kind.rawValue)),
            ("source", Self.source(v.source)),
            ("keys", .list(v.keys.map { .string($0) })),
            ("spine_keys", .list(v.spineKeys.map { .string($0) })),
            ("time", .string(v.time)),
            ("time_format", .string(v.timeFormat.rawValue)),
            ("created", v.created.map { .string($0) } ?? .none),
            ("features", .list(v.features.map { .string($0) })),
            ("ttl", ttl),
            ("delay", Self.duration(v.delay)),
            ("levels", .list(viewSchedules[i].map { .int(Int64($0)) })),
            ("aggregations", .list(v.aggregations.map { a in
                .dict([("function", .string(a.function.rawValue)), ("column", a.column.map { .string($0) } ?? .none)])
            })),
            ("windows", .list(windows.map(Self.window))),
            ("slots", .list(slots)),
            ("columns", .dict(columns.map { ($0.0, .set($0.1)) })),
            ("output_columns", .list(v.outputColumns.map { .string($0) })),
            ("cells_per_row", .int(Int64(v.kind == .lookup ? 1 : slots.count))),
        ])
    }

    static func source(_ s: SourceLocation) -> PythonLiteral {
        switch s {
        case let .csv(path): return .dict([("path", .string(absolute(path))), ("format", .string("csv"))])
        case let .parquet(path): return .dict([("path", .string(absolute(path))), ("format", .string("parquet"))])
        case .sqliteTable, .sqliteQuery: return .none  // refused by SparkCompiler before planning
        }
    }

    /// A local relative path made absolute (the job may run from another folder); URIs
    /// (`s3://…`, `file:/…`) and absolute paths as written.
    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") || path.contains(":/") { return path }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    static func duration(_ d: Duration) -> PythonLiteral {
        switch d.length {
        case let .micros(v): return .tuple([.string("us"), .int(v)])
        case let .months(n): return .tuple([.string("mo"), .int(n)])
        }
    }

    static func window(_ w: Window) -> PythonLiteral {
        switch w {
        case .lifetime: return .tuple([.string("life"), .int(0)])
        case let .duration(d): return duration(d)
        }
    }

    static func level(_ l: FreshnessLevel) -> PythonLiteral {
        let offset: Int64
        if case let .micros(o) = l.offset.length { offset = o } else { offset = 0 }
        return .dict([
            ("name", .string(l.name)),
            ("mode", .string(l.mode.rawValue)),
            ("every", duration(l.every)),
            ("offset", .int(offset)),
        ])
    }
}
