import Foundation

/// Computes training sets from loaded inputs: each view at its own freshness level.
/// Sorting and indexing happen once per inputs; a level costs its as-of times and scans.
///
/// Why `@unchecked Sendable`: its only mutable state, the cache of window indexes, is read
/// and written while holding `lock`; the rest is immutable.
public final class PointInTimeEngine: @unchecked Sendable {
    public let inputs: LoadedInputs
    private let orders: SpineOrders
    private let lock = NSLock()
    private var windowIndexes: [Int: WindowIndex] = [:]

    public init(inputs: LoadedInputs) {
        self.inputs = inputs
        orders = SpineOrders(times: inputs.spineTimes)
    }

    /// The level of every view for a run at `level`: candidate views move to it, the
    /// others keep their own `freshness` (SEMANTICS.md; spec `freshness.views`).
    public func levels(varying level: FreshnessLevel?, views varied: [String]? = nil) -> [FreshnessLevel] {
        let candidates = Set(varied ?? inputs.spec.candidateViews)
        return inputs.views.map { v in
            if let level, candidates.contains(v.spec.name) { return level }
            return v.spec.freshness
        }
    }

    /// The output of one view at one level.
    public func compute(view i: Int, level: FreshnessLevel) -> ViewOutput {
        let view = inputs.views[i]
        let spec = view.spec
        switch view {
        case let .lookup(v):
            let order = orders.keyOrder(space: v.space, level: level, delay: spec.delay)
            let picked = LookupEngine.pick(view: v, times: inputs.spineTimes, order: order, strict: level.isStrict)
            var used = [Int64](repeating: .min, count: picked.count)
            for (r, row) in picked.enumerated() where row >= 0 { used[r] = v.tau[Int(row)] }
            let covered = picked.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
            return ViewOutput(view: spec, level: level, columns: v.features.map { .text(source: $0, rows: picked) },
                              usedTau: used, coveredCells: covered, totalCells: picked.count,
                              fragments: v.fragments, picked: picked)
        case let .aggregate(log):
            let order = orders.keyOrder(space: log.space, level: level, delay: spec.delay)
            // Cadence reads data strictly before the boundary; windows are half-open at
            // `a` already, so the same scan serves every mode.
            let r = WindowEngine.compute(log: log, index: windowIndex(i, log), rows: inputs.spineRowCount, order: order)
            // A window's value reflects the data up to `a`: its age is `t - a`.
            return ViewOutput(view: spec, level: level, columns: r.columns, usedTau: level.asOfTimes(inputs.spineTimes, delay: spec.delay),
                              coveredCells: r.nonEmpty.reduce(0, +), totalCells: r.nonEmpty.count * inputs.spineRowCount,
                              fragments: nil, picked: nil)
        }
    }

    private func windowIndex(_ i: Int, _ log: EventLog) -> WindowIndex {
        lock.lock()
        defer { lock.unlock() }
        if let w = windowIndexes[i] { return w }
        let w = WindowIndex(log: log)
        windowIndexes[i] = w
        return w
    }

    /// The training set with every view at the given level (one per view).
    public func trainingSet(levels: [FreshnessLevel]) -> TrainingSet {
        let outputs = (0..<inputs.views.count).map { compute(view: $0, level: levels[$0]) }
        return TrainingSet(spine: inputs.spine, views: outputs)
    }
}

/// One view's output columns at one level, plus what the freshness profile needs.
public struct ViewOutput: Sendable {
    public let view: ViewSpec
    public let level: FreshnessLevel
    public let columns: [FeatureColumn]
    /// Per spine row, the time of the value used: `τ` of the picked row of a lookup
    /// (`Int64.min` when none), the as-of time `a` of a window aggregate.
    public let usedTau: [Int64]
    /// Coverage: spine rows with a picked row (lookups), non-empty (row, window) cells
    /// (aggregates), out of `totalCells`.
    public let coveredCells: Int
    public let totalCells: Int
    /// Lookups: pre-formatted CSV fragments of the view's rows and the row picked per
    /// spine row, for the writer's fast path.
    let fragments: TextColumn?
    let picked: [Int32]?

    /// `<view>__age_s`: `t - τ` of the value used, in seconds (null where none).
    public func ageColumn(times: [Int64]) -> FeatureColumn {
        var out = [Double](repeating: .nan, count: times.count)
        for r in 0..<times.count where usedTau[r] != .min { out[r] = Double(times[r] &- usedTau[r]) / 1e6 }
        return .reals(out)
    }
}

/// A point-in-time training set: the spine's columns as read, then every view's columns
/// (with `withAge`, each view followed by its `<view>__age_s`).
public struct TrainingSet: Sendable {
    public let spine: CSVTable
    public let views: [ViewOutput]
    public var ages: [FeatureColumn]?

    public init(spine: CSVTable, views: [ViewOutput], ages: [FeatureColumn]? = nil) {
        self.spine = spine
        self.views = views
        self.ages = ages
    }

    public var header: [String] {
        var h = spine.header
        for (i, v) in views.enumerated() {
            h += v.view.outputColumns
            if ages != nil, i >= 0 { h.append("\(v.view.name)__age_s") }
        }
        return h
    }

    /// What the writer emits after the spine columns: whole-view fragments where a view
    /// has them, single columns otherwise, in header order.
    var writerParts: [(fragment: (TextColumn, [Int32], Int)?, column: FeatureColumn?)] {
        var out = [(fragment: (TextColumn, [Int32], Int)?, column: FeatureColumn?)]()
        for (i, v) in views.enumerated() {
            if let f = v.fragments, let p = v.picked {
                out.append(((f, p, v.columns.count), nil))
            } else {
                for c in v.columns { out.append((nil, c)) }
            }
            if let ages { out.append((nil, ages[i])) }
        }
        return out
    }

    public var featureColumns: [FeatureColumn] {
        var out = [FeatureColumn]()
        for (i, v) in views.enumerated() {
            out += v.columns
            if let ages { out.append(ages[i]) }
        }
        return out
    }

    public var rowCount: Int { spine.rowCount }
}
