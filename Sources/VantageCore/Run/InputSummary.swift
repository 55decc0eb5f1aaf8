import Foundation

/// What `vantage validate` reports about a spec's inputs: row counts, time ranges and
/// key matches. Inputs that do not fit the memory budget are read through spill files
/// (`SpilledJoin` with no output), partition by partition; every figure is a sum, a
/// smallest or a largest over partitions, so both paths report the same.
public struct InputSummary: Sendable {
    public struct View: Sendable {
        public var spec: ViewSpec
        public var rows: Int
        /// Rows whose key occurs on the spine.
        public var matchedRows: Int
        public var timeRange: ClosedRange<Int64>?
    }

    public var spineRows: Int
    public var spineColumns: Int
    public var spineTimeRange: ClosedRange<Int64>?
    public var views: [View]
    /// Spine rows whose key has an empty part, per view.
    public var emptyKeyRows: [String: Int]
    public var inputs: [InputRecord]
    /// Columns of a training set: the spine's, then every view's.
    public var outputColumns: Int
    /// Spill partitions used, nil when the inputs were held in memory.
    public var partitions: Int?

    public static func gather(spec: Spec, memory: MemoryBudget = MemoryBudget(), dropBadTimes: Bool = false,
                              progress: (@Sendable (String) -> Void)? = nil) throws(VantageError) -> InputSummary {
        guard let partitions = SpilledJoin.plan(spec, budget: memory, dropBadTimes: dropBadTimes) else {
            let inputs = try Loader.load(spec, options: .init(progress: progress, dropBadTimes: dropBadTimes, spineColumns: []))
            return InputSummary(spineRows: inputs.spineRowCount, spineColumns: inputs.spine.header.count,
                                spineTimeRange: timeRange(inputs.spineTimes),
                                views: inputs.views.map { View(spec: $0.spec, rows: $0.rowCount, matchedRows: $0.matchedRows, timeRange: $0.timeRange) },
                                emptyKeyRows: inputs.emptyKeyRows, inputs: inputs.inputs, outputColumns: inputs.outputHeader.count,
                                partitions: nil)
        }
        let gathered = Locked((views: spec.views.map { View(spec: $0, rows: 0, matchedRows: 0, timeRange: nil) },
                               spine: ClosedRange<Int64>?.none, columns: 0))
        let outcome = try SpilledJoin.write(spec: spec, outputs: [], partitions: partitions, budget: memory,
                                            progress: progress) { inputs, mine, _ throws(VantageError) in
            gathered.withLock { g in
                // Each key space's partitions hold every spine row once: the union is the same.
                g.spine = union(g.spine, timeRange(inputs.spineTimes))
                g.columns = inputs.outputHeader.count
                for i in mine {
                    let v = inputs.views[i]
                    g.views[i].rows += v.rowCount
                    g.views[i].matchedRows += v.matchedRows
                    g.views[i].timeRange = union(g.views[i].timeRange, v.timeRange)
                }
            }
        }
        let g = gathered.withLock { $0 }
        return InputSummary(spineRows: outcome.inputs.first?.rows ?? 0, spineColumns: g.columns - spec.views.reduce(0) { $0 + $1.outputColumns.count },
                            spineTimeRange: g.spine, views: g.views, emptyKeyRows: outcome.emptyKeyRows, inputs: outcome.inputs,
                            outputColumns: g.columns, partitions: outcome.partitions)
    }

    static func union(_ a: ClosedRange<Int64>?, _ b: ClosedRange<Int64>?) -> ClosedRange<Int64>? {
        guard let a else { return b }
        guard let b else { return a }
        return min(a.lowerBound, b.lowerBound)...max(a.upperBound, b.upperBound)
    }
}
