import Dispatch

/// Sliding-window aggregates over an event log as of each spine row's `a`: the window
/// `[a - W, a)` (half-open: an event at exactly `a` is out, so an event never counts
/// itself; `lifetime` is every event before `a`). SEMANTICS.md, "Window aggregation".
///
/// Per key, spine rows come in `a` order, so the window's end only moves forward; so does
/// a fixed window's start, while a month window's start can move back and is searched.
/// All windows of a log share one pass; keys are split over both cores.
///
/// - Complexity: O(n + m) per level for count, sum, mean, last, time_since_last and
///   count_distinct with fixed windows; O(log n) per row for min/max.
enum WindowEngine {
    /// What one output column computes, resolved before the scan so the inner loop does
    /// no name lookups.
    enum Kernel {
        case count, last, timeSinceLast
        case distinct(DistinctIDs, slot: Int)
        case sum(ColumnStats), mean(ColumnStats), min(ColumnStats), max(ColumnStats), stddev(ColumnStats)
    }

    struct Output: @unchecked Sendable {
        let kernel: Kernel
        let window: Int
        let reals: SharedBuffer<Double>?
        let ints: SharedBuffer<Int64>?
        let picks: SharedBuffer<Int32>?
        let column: String
    }

    /// The columns of every aggregation and window, plus per spine row the `τ` of the
    /// newest event before `a` (`Int64.min` when none), which the freshness profile uses.
    static func compute(log: EventLog, index: WindowIndex, times: [Int64], asOf: [Int64], spine: Grouping)
        -> (columns: [FeatureColumn], newestTau: [Int64], nonEmpty: [Int])
    {
        let rows = times.count
        let newest = SharedBuffer<Int64>(count: rows, value: .min)
        var windows = [Window]()
        for a in log.spec.aggregations { for w in a.windows where !windows.contains(w) { windows.append(w) } }
        var outputs = [Output]()
        var distinctSlots = [DistinctIDs]()
        for a in log.spec.aggregations {
            let column = a.column ?? ""
            for w in a.windows {
                let wi = windows.firstIndex(of: w) ?? 0
                let stats = index.columns[column]
                let kernel: Kernel
                switch a.function {
                case .count: kernel = .count
                case .last: kernel = .last
                case .timeSinceLast: kernel = .timeSinceLast
                case .countDistinct:
                    guard let ids = index.distinct[column] else { continue }
                    kernel = .distinct(ids, slot: distinctSlots.count)
                    distinctSlots.append(ids)
                case .sum, .mean, .min, .max, .stddev:
                    guard let stats else { continue }
                    switch a.function {
                    case .sum: kernel = .sum(stats)
                    case .mean: kernel = .mean(stats)
                    case .min: kernel = .min(stats)
                    case .max: kernel = .max(stats)
                    default: kernel = .stddev(stats)
                    }
                }
                switch a.function {
                case .count, .countDistinct:
                    outputs.append(Output(kernel: kernel, window: wi, reals: nil, ints: SharedBuffer(count: rows, value: 0), picks: nil, column: column))
                case .last:
                    outputs.append(Output(kernel: kernel, window: wi, reals: nil, ints: nil, picks: SharedBuffer(count: rows, value: -1), column: column))
                default:
                    outputs.append(Output(kernel: kernel, window: wi, reals: SharedBuffer(count: rows, value: .nan), ints: nil, picks: nil, column: column))
                }
            }
        }
        let parts = spine.partitions(ProcessInfoCores.count)
        let nonEmptyPerPart = SharedBuffer<Int>(count: parts.count * max(1, outputs.count), value: 0)
        DispatchQueue.concurrentPerform(iterations: parts.count) { p in
            var scan = _WindowScan(log: log, windows: windows)
            var sliders = distinctSlots.map { _DistinctSlider(ids: $0) }
            log.sortedTau.withUnsafeBufferPointer { tau in
            log.sortedRow.withUnsafeBufferPointer { srcRow in
                for g in parts[p] {
                    let g0 = log.starts[g]
                    scan.beginGroup(g)
                    for k in spine.starts[g]..<spine.starts[g + 1] {
                        let r = Int(spine.order[k])
                        scan.move(to: asOf[r], tau: tau)
                        if scan.end > g0 { newest.pointer[r] = tau[scan.end - 1] }
                        for (oi, o) in outputs.enumerated() {
                            let (s, e) = scan.bounds[o.window]
                            if e > s { nonEmptyPerPart.pointer[p * outputs.count + oi] += 1 }
                            switch o.kernel {
                            case .count: o.ints?.pointer[r] = Int64(e - s)
                            case let .distinct(_, slot):
                                o.ints?.pointer[r] = Int64(sliders[slot].count(s, e))
                            case .last:
                                if e > s { o.picks?.pointer[r] = srcRow[e - 1] }
                            case .timeSinceLast:
                                if e > s { o.reals?.pointer[r] = Double(times[r] &- tau[e - 1]) / 1e6 }
                            case let .sum(c):
                                if c.count(s, e, groupStart: g0) > 0 { o.reals?.pointer[r] = c.sum(s, e, groupStart: g0).value }
                            case let .mean(c):
                                let n = c.count(s, e, groupStart: g0)
                                if n > 0 { o.reals?.pointer[r] = (c.sum(s, e, groupStart: g0) / Double(n)).value }
                            case let .min(c):
                                if c.count(s, e, groupStart: g0) > 0, let t = c.minTree { o.reals?.pointer[r] = t.query(s, e) }
                            case let .max(c):
                                if c.count(s, e, groupStart: g0) > 0, let t = c.maxTree { o.reals?.pointer[r] = t.query(s, e) }
                            case let .stddev(c):
                                o.reals?.pointer[r] = c.stddev(s, e, groupStart: g0)
                            }
                        }
                    }
                    for i in sliders.indices { sliders[i].reset() }
                }
            }}
        }
        let columns: [FeatureColumn] = outputs.map { o in
            if let ints = o.ints { return .integers(ints.array()) }
            if let picks = o.picks { return .text(source: log.text[o.column] ?? TextColumn(), rows: picks.array()) }
            return .reals(o.reals?.array() ?? [])
        }
        var nonEmpty = [Int](repeating: 0, count: outputs.count)
        for p in 0..<parts.count { for o in 0..<outputs.count { nonEmpty[o] += nonEmptyPerPart.pointer[p * outputs.count + o] } }
        return (columns, newest.array(), nonEmpty)
    }
}

/// The moving bounds of every window of one log, within one key's events.
struct _WindowScan {
    let log: EventLog
    let windows: [Window]
    var bounds: [(Int, Int)]
    private var g0 = 0, g1 = 0
    private(set) var end = 0
    private var lastA = Int64.min
    private var startTargets: [Int64]

    init(log: EventLog, windows: [Window]) {
        self.log = log
        self.windows = windows
        bounds = Array(repeating: (0, 0), count: windows.count)
        startTargets = Array(repeating: .min, count: windows.count)
    }

    mutating func beginGroup(_ g: Int) {
        g0 = log.starts[g]
        g1 = log.starts[g + 1]
        end = g0
        lastA = .min
        for i in bounds.indices {
            bounds[i] = (g0, g0)
            startTargets[i] = .min
        }
    }

    /// First index in `[from, g1)` with `tau ≥ target`, scanning forward from `from`
    /// when the target did not move back, else by binary search over the whole group.
    @inline(__always)
    private func firstAtOrAfter(_ target: Int64, from: Int, movedBack: Bool, tau: UnsafeBufferPointer<Int64>) -> Int {
        if movedBack {
            var lo = g0, hi = g1
            while lo < hi {
                let mid = (lo + hi) >> 1
                if tau[mid] < target { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        var i = from
        while i < g1 && tau[i] < target { i += 1 }
        return i
    }

    mutating func move(to a: Int64, tau: UnsafeBufferPointer<Int64>) {
        end = firstAtOrAfter(a, from: end, movedBack: a < lastA, tau: tau)
        lastA = a
        for (w, window) in windows.enumerated() {
            switch window {
            case .lifetime:
                bounds[w] = (g0, end)
            case let .duration(d):
                let target = d.subtracted(from: a)
                let s = firstAtOrAfter(target, from: bounds[w].0, movedBack: target < startTargets[w], tau: tau)
                startTargets[w] = target
                bounds[w] = (min(s, end), end)
            }
        }
    }
}

/// Distinct non-null values in a moving window `[s, e)`: a count per value id, updated by
/// the events that enter and leave, so each step costs what moved.
struct _DistinctSlider {
    let ids: UnsafeMutablePointer<Int32>
    var counts: [Int32]
    var ws = 0, we = 0
    var distinct = 0

    init(ids: DistinctIDs) {
        self.ids = ids.ids
        counts = [Int32](repeating: 0, count: max(1, ids.count))
    }

    @inline(__always)
    private mutating func add(_ i: Int) {
        let v = Int(ids[i])
        if v < 0 { return }
        if counts[v] == 0 { distinct += 1 }
        counts[v] += 1
    }

    @inline(__always)
    private mutating func remove(_ i: Int) {
        let v = Int(ids[i])
        if v < 0 { return }
        counts[v] -= 1
        if counts[v] == 0 { distinct -= 1 }
    }

    mutating func count(_ s: Int, _ e: Int) -> Int {
        if s >= we || e <= ws {
            while ws < we { remove(ws); ws += 1 }
            ws = s
            we = s
        }
        while we < e { add(we); we += 1 }
        while we > e { we -= 1; remove(we) }
        while ws > s { ws -= 1; add(ws) }
        while ws < s { remove(ws); ws += 1 }
        return distinct
    }

    mutating func reset() {
        while ws < we { remove(ws); ws += 1 }
        ws = 0
        we = 0
    }
}
