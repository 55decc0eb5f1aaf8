import Dispatch

/// Sliding-window aggregates over an event log as of each spine row's `a`: the window
/// `[a - W, a)` (half-open: an event at exactly `a` is out, so an event never counts
/// itself; `lifetime` is every event before `a`). docs/semantics.md, "Window aggregation".
///
/// Per key, spine rows come in `a` order, so the window's end only moves forward; so does
/// a fixed window's start, while a month window's start can move back and is searched.
/// All windows of a log share one pass; keys are split over all cores.
///
/// - Complexity: O(n + m) per level for count, sum, mean, last, time_since_last and
///   count_distinct with fixed windows; O(log n) per row for min/max.
enum WindowEngine {
    /// What one output column computes, resolved before the scan into plain pointers and
    /// integers, so the inner loop does no name lookups and no reference counting.
    ///
    /// Why `@unchecked Sendable`: its pointers point into storage that `Results` and the
    /// read-only `WindowIndex` keep alive for the whole scan, and each partition writes
    /// only the output positions of its own keys.
    struct Slot: @unchecked Sendable {
        enum Kind { case count, distinct, last, timeSinceLast, sum, mean, min, max, stddev }
        var kind: Kind
        var window: Int
        var distinctSlot = 0
        var out: UnsafeMutableRawPointer
        var stats: Unmanaged<ColumnStats>?
        var tree: UnsafeMutablePointer<Double>?
        var treeSize = 0
    }

    /// Keeps the storage that slots point into alive and hands results back.
    struct Results: Sendable {
        var reals: [SharedBuffer<Double>] = []
        var ints: [SharedBuffer<Int64>] = []
        var picks: [SharedBuffer<Int32>] = []
        var columns: [(kind: Int, index: Int, column: String)] = []
    }

    /// The columns of every aggregation and window, and per column how many spine rows
    /// had a non-empty window (the freshness profile's coverage).
    static func compute(log: EventLog, index: WindowIndex, rows: Int, order: SpineOrders.KeyOrder)
        -> (columns: [FeatureColumn], nonEmpty: [Int])
    {
        // Work in key order: spine rows grouped by key are scattered in spine order, so
        // reading `a` and writing results at spine positions inside the scan would miss
        // the cache on every row. Scan in key order, scatter once at the end.
        let spine = order.grouping
        let m = spine.order.count
        let sortedA = order.asOf
        let sortedT = order.times
        var windows = [Window]()
        for a in log.spec.aggregations { for w in a.windows where !windows.contains(w) { windows.append(w) } }
        var results = Results()
        var slots = [Slot]()
        var distinctIDs = [DistinctIDs]()
        for a in log.spec.aggregations {
            let column = a.column ?? ""
            for w in a.windows {
                let wi = windows.firstIndex(of: w) ?? 0
                let stats = index.columns[column]
                var slot: Slot
                switch a.function {
                case .count, .countDistinct:
                    let b = SharedBuffer<Int64>(count: m, value: 0)
                    results.columns.append((1, results.ints.count, column))
                    results.ints.append(b)
                    slot = Slot(kind: a.function == .count ? .count : .distinct, window: wi, out: UnsafeMutableRawPointer(b.pointer))
                    if a.function == .countDistinct, let ids = index.distinct[column] {
                        slot.distinctSlot = distinctIDs.count
                        distinctIDs.append(ids)
                    }
                case .last:
                    let b = SharedBuffer<Int32>(count: m, value: -1)
                    results.columns.append((2, results.picks.count, column))
                    results.picks.append(b)
                    slot = Slot(kind: .last, window: wi, out: UnsafeMutableRawPointer(b.pointer))
                default:
                    let b = SharedBuffer<Double>(count: m, value: .nan)
                    results.columns.append((0, results.reals.count, column))
                    results.reals.append(b)
                    let kind: Slot.Kind
                    switch a.function {
                    case .sum: kind = .sum
                    case .mean: kind = .mean
                    case .min: kind = .min
                    case .max: kind = .max
                    case .stddev: kind = .stddev
                    default: kind = .timeSinceLast
                    }
                    slot = Slot(kind: kind, window: wi, out: UnsafeMutableRawPointer(b.pointer))
                    if let stats {
                        slot.stats = Unmanaged.passUnretained(stats)
                        let tree = kind == .min ? stats.minTree : kind == .max ? stats.maxTree : nil
                        slot.tree = tree?.tree
                        slot.treeSize = tree?.n ?? 0
                    }
                }
                slots.append(slot)
            }
        }
        let parts = spine.partitions(ProcessInfoCores.count)
        let nonEmptyPerPart = SharedBuffer<Int>(count: parts.count * max(1, slots.count), value: 0)
        let bounds = windows.map(WindowBound.init)
        withExtendedLifetime((index, distinctIDs, results)) {
            DispatchQueue.concurrentPerform(iterations: parts.count) { [slots, distinctIDs] p in
                var sliders = distinctIDs.map { DistinctSlider(ids: $0) }
                defer { for s in sliders { s.free() } }
                let nonEmpty = nonEmptyPerPart.pointer + p * slots.count
                log.sortedTau.withUnsafeBufferPointer { tau in
                log.sortedRow.withUnsafeBufferPointer { srcRow in
                log.starts.withUnsafeBufferPointer { starts in
                slots.withUnsafeBufferPointer { slots in
                sortedA.withUnsafeBufferPointer { asOf in
                sortedT.withUnsafeBufferPointer { times in
                    var scan = WindowScan(bounds: bounds)
                    for g in parts[p] {
                        let g0 = starts[g]
                        scan.beginGroup(g0, starts[g + 1])
                        for k in spine.starts[g]..<spine.starts[g + 1] {
                            let r = k  // outputs are written at key-order positions, scattered at the end
                            scan.move(to: asOf[r], tau: tau)
                            for (oi, o) in slots.enumerated() {
                                let s = scan.starts[o.window], e = scan.end
                                if e > s { nonEmpty[oi] += 1 }
                                let reals = o.out.assumingMemoryBound(to: Double.self)
                                switch o.kind {
                                case .count:
                                    o.out.assumingMemoryBound(to: Int64.self)[r] = Int64(e - s)
                                case .distinct:
                                    o.out.assumingMemoryBound(to: Int64.self)[r] = Int64(sliders[o.distinctSlot].count(s, e))
                                case .last:
                                    if e > s { o.out.assumingMemoryBound(to: Int32.self)[r] = srcRow[e - 1] }
                                case .timeSinceLast:
                                    if e > s { reals[r] = Double(times[r] &- tau[e - 1]) / 1e6 }
                                case .sum, .mean, .min, .max, .stddev:
                                    guard let stats = o.stats else { break }
                                    reals[r] = stats._withUnsafeGuaranteedRef { c -> Double in
                                        let n = c.count(s, e, groupStart: g0)
                                        switch o.kind {
                                        case .sum: return n > 0 ? c.sum(s, e, groupStart: g0).value : .nan
                                        case .mean: return n > 0 ? (c.sum(s, e, groupStart: g0) / Double(n)).value : .nan
                                        case .min, .max:
                                            guard n > 0, let tree = o.tree else { return .nan }
                                            return SegmentTree.query(tree, n: o.treeSize, isMin: o.kind == .min, s, e)
                                        default: return c.stddev(s, e, groupStart: g0)
                                        }
                                    }
                                }
                            }
                        }
                        for i in sliders.indices { sliders[i].reset() }
                    }
                }}}}}}
            }
        }
        let columns: [FeatureColumn] = results.columns.map { c in
            switch c.kind {
            case 1: return .integers(Gather.scatter(results.ints[c.index], to: spine.order, rows: rows, fill: 0))
            case 2: return .text(source: log.text[c.column] ?? TextColumn(), rows: Gather.scatter(results.picks[c.index], to: spine.order, rows: rows, fill: -1))
            default: return .reals(Gather.scatter(results.reals[c.index], to: spine.order, rows: rows, fill: .nan))
            }
        }
        var nonEmpty = [Int](repeating: 0, count: slots.count)
        for p in 0..<parts.count { for o in 0..<slots.count { nonEmpty[o] += nonEmptyPerPart.pointer[p * slots.count + o] } }
        return (columns, nonEmpty)
    }
}
