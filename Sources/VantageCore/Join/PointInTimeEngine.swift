import Foundation

/// Computes training sets from loaded inputs: each view at its own freshness level.
/// Sorting and indexing happen once per inputs; a level costs its as-of times and scans.
public final class PointInTimeEngine: Sendable {
    public let inputs: LoadedInputs
    private let orders: SpineOrders
    /// Window indexes by view, built on first use.
    private let windowIndexes = Locked([Int: WindowIndex]())

    public init(inputs: LoadedInputs) {
        self.inputs = inputs
        orders = inputs.spineOrders
    }

    /// The level of every view for a run at `level`: candidate views move to it, the
    /// others keep their own `freshness` (docs/semantics.md, "Which views a level moves").
    public func levels(varying level: FreshnessLevel?, views varied: [String]? = nil) -> [FreshnessLevel] {
        let candidates = Set(varied ?? inputs.spec.candidateViews)
        return inputs.views.map { v in
            if let level, candidates.contains(v.spec.name) { return level }
            return v.spec.freshness
        }
    }

    /// The output of one view at one level.
    public func compute(view i: Int, level: FreshnessLevel) -> ViewOutput {
        compute(view: i, level: level, delay: inputs.views[i].spec.delay)
    }

    /// The output of one view at one level with `delay` in place of the view's data delay:
    /// `vantage skew` replays a batch loaded late as its cadence plus one period of delay.
    public func compute(view i: Int, level: FreshnessLevel, delay: Duration) -> ViewOutput {
        let view = inputs.views[i]
        var spec = view.spec
        spec.delay = delay
        switch view {
        case let .lookup(v):
            let order = orders.keyOrder(space: v.space, level: level, delay: spec.delay)
            let picked = LookupEngine.pick(view: v, times: inputs.spineTimes, order: order, strict: level.isStrict)
            let covered = picked.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
            return ViewOutput(view: spec, level: level, columns: v.features.map { .text(source: $0, rows: picked) },
                              used: .picked(tau: v.tau, rows: picked), coveredCells: covered, totalCells: picked.count)
        case let .aggregate(log):
            let order = orders.keyOrder(space: log.space, level: level, delay: spec.delay)
            // Cadence reads data strictly before the boundary; windows are half-open at
            // `a` already, so the same scan serves every mode.
            let r = WindowEngine.compute(log: log, index: windowIndex(i, log), rows: inputs.spineRowCount, order: order)
            // A window's value reflects the data up to `a`: its age is `t - a`.
            return ViewOutput(view: spec, level: level, columns: r.columns, used: .asOf(times: inputs.spineTimes, level: level, delay: spec.delay),
                              coveredCells: r.nonEmpty.reduce(0, +), totalCells: r.nonEmpty.count * inputs.spineRowCount)
        }
    }

    private func windowIndex(_ i: Int, _ log: EventLog) -> WindowIndex {
        windowIndexes.withLock { cache in
            if let w = cache[i] { return w }
            let w = WindowIndex(log: log)
            cache[i] = w
            return w
        }
    }

    /// The training set with every view at the given level (one per view).
    public func trainingSet(levels: [FreshnessLevel]) -> TrainingSet {
        let outputs = (0..<inputs.views.count).map { compute(view: $0, level: levels[$0]) }
        return TrainingSet(spine: inputs.spine, views: outputs)
    }
}
