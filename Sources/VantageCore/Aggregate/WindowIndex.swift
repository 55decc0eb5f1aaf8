/// Per-column structures that answer a window `[s, e)` over an event log in O(1) or
/// O(log n), built once per log and shared by every level and window: running sums
/// (double-double, restarting at each key so magnitudes stay local), running non-null
/// counts, and min/max segment trees. Storage is allocated once so scans can hold raw
/// pointers across threads.
final class WindowIndex: @unchecked Sendable {
    let columns: [String: ColumnStats]
    /// Distinct-value ids (sorted order, -1 = null) per column, for count_distinct.
    let distinct: [String: DistinctIDs]

    init(log: EventLog) {
        var functions = [String: Set<AggregateFunction>]()
        for a in log.spec.aggregations { if let c = a.column { functions[c, default: []].insert(a.function) } }
        var cols = [String: ColumnStats]()
        for (column, fs) in functions {
            guard let values = log.numeric[column] else { continue }
            cols[column] = ColumnStats(values: values, starts: log.starts, functions: fs)
        }
        columns = cols
        var d = [String: DistinctIDs]()
        for (k, v) in log.distinct { d[k] = DistinctIDs(ids: v.ids, count: v.count) }
        distinct = d
    }
}

final class DistinctIDs: @unchecked Sendable {
    let ids: UnsafeMutablePointer<Int32>
    let n: Int
    let count: Int

    init(ids: [Int32], count: Int) {
        n = ids.count
        self.count = count
        self.ids = .allocate(capacity: max(1, n))
        self.ids.initialize(from: ids, count: n)
    }

    deinit { ids.deallocate() }
}

/// Running structures of one numeric column, in the log's sorted order.
final class ColumnStats: @unchecked Sendable {
    let n: Int
    let values: UnsafeMutablePointer<Double>
    let sumHi: UnsafeMutablePointer<Double>
    let sumLo: UnsafeMutablePointer<Double>
    let nonNull: UnsafeMutablePointer<Int32>
    /// Running sums of squares, only when a stddev needs them (large windows).
    let squareHi: UnsafeMutablePointer<Double>?
    let squareLo: UnsafeMutablePointer<Double>?
    let minTree: SegmentTree?
    let maxTree: SegmentTree?

    init(values v: [Double], starts: [Int], functions: Set<AggregateFunction>) {
        n = v.count
        let size = max(1, n)
        values = .allocate(capacity: size)
        values.initialize(from: v, count: n)
        sumHi = .allocate(capacity: size)
        sumLo = .allocate(capacity: size)
        nonNull = .allocate(capacity: size)
        let squares = functions.contains(.stddev)
        squareHi = squares ? .allocate(capacity: size) : nil
        squareLo = squares ? .allocate(capacity: size) : nil
        if let squareHi, let squareLo {
            for g in 0..<(starts.count - 1) {
                var acc = DoubleDouble.zero
                for i in starts[g]..<starts[g + 1] {
                    if !v[i].isNaN { acc = acc + DoubleDouble.product(v[i], v[i]) }
                    squareHi[i] = acc.hi
                    squareLo[i] = acc.lo
                }
            }
        }
        for g in 0..<(starts.count - 1) {
            var acc = DoubleDouble.zero
            var c: Int32 = 0
            for i in starts[g]..<starts[g + 1] {
                if !v[i].isNaN {
                    acc = acc + v[i]
                    c += 1
                }
                sumHi[i] = acc.hi
                sumLo[i] = acc.lo
                nonNull[i] = c
            }
        }
        minTree = functions.contains(.min) ? SegmentTree(v, min: true) : nil
        maxTree = functions.contains(.max) ? SegmentTree(v, min: false) : nil
    }

    deinit {
        values.deallocate()
        sumHi.deallocate()
        sumLo.deallocate()
        nonNull.deallocate()
        squareHi?.deallocate()
        squareLo?.deallocate()
    }

    /// Non-null values in `[s, e)` of a group starting at `g0`.
    @inline(__always)
    func count(_ s: Int, _ e: Int, groupStart g0: Int) -> Int32 {
        guard e > s else { return 0 }
        return nonNull[e - 1] - (s > g0 ? nonNull[s - 1] : 0)
    }

    /// Sum of non-null values in `[s, e)`, to double-double accuracy.
    @inline(__always)
    func sum(_ s: Int, _ e: Int, groupStart g0: Int) -> DoubleDouble {
        guard e > s else { return .zero }
        let hiEnd = DoubleDouble(hi: sumHi[e - 1], lo: sumLo[e - 1])
        guard s > g0 else { return hiEnd }
        return hiEnd - DoubleDouble(hi: sumHi[s - 1], lo: sumLo[s - 1])
    }

    /// Windows up to this many events get the exact two-pass formula; longer ones the
    /// running-sum formula, still in double-double.
    static let twoPassLimit = 512

    /// Sample standard deviation. Short windows: two passes over the window in
    /// double-double (the reference formula), so large values with a tiny spread keep their
    /// digits. Long windows: `(Σx² − (Σx)²/n) / (n − 1)` from running double-double sums.
    func stddev(_ s: Int, _ e: Int, groupStart g0: Int) -> Double {
        let c = count(s, e, groupStart: g0)
        guard c >= 2 else { return .nan }
        let total = sum(s, e, groupStart: g0)
        if e - s > Self.twoPassLimit, let squareHi, let squareLo {
            var sq = DoubleDouble(hi: squareHi[e - 1], lo: squareLo[e - 1])
            if s > g0 { sq = sq - DoubleDouble(hi: squareHi[s - 1], lo: squareLo[s - 1]) }
            let variance = (sq - total * total / Double(c)) / Double(c - 1)
            return max(0, variance.value).squareRoot()
        }
        let mean = total / Double(c)
        var acc = DoubleDouble.zero
        for i in s..<e where !values[i].isNaN {
            let d = DoubleDouble(values[i]) - mean
            acc = acc + d * d
        }
        return (acc / Double(c - 1)).value.squareRoot()
    }
}

/// Range minimum or maximum over doubles, nulls (NaN) ignored. Storage is raw so a
/// query from the scan's inner loop touches no reference counts.
///
/// - Complexity: O(n) to build, O(log n) per query.
final class SegmentTree: @unchecked Sendable {
    let tree: UnsafeMutablePointer<Double>
    let n: Int
    let isMin: Bool

    init(_ values: [Double], min: Bool) {
        n = values.count
        isMin = min
        let identity = min ? Double.infinity : -Double.infinity
        let size = 2 * Swift.max(1, n)
        tree = .allocate(capacity: size)
        tree.initialize(repeating: identity, count: size)
        for i in 0..<n where !values[i].isNaN { tree[n + i] = values[i] }
        if n > 1 {
            for i in stride(from: n - 1, through: 1, by: -1) {
                tree[i] = min ? Swift.min(tree[2 * i], tree[2 * i + 1]) : Swift.max(tree[2 * i], tree[2 * i + 1])
            }
        }
    }

    deinit { tree.deallocate() }

    /// Min or max of `[s, e)` over the tree at `tree` with `n` leaves; the identity
    /// (±inf) when the range holds no value.
    @inline(__always)
    static func query(_ tree: UnsafeMutablePointer<Double>, n: Int, isMin: Bool, _ s: Int, _ e: Int) -> Double {
        var l = s + n, r = e + n
        var acc = isMin ? Double.infinity : -Double.infinity
        while l < r {
            if l & 1 == 1 {
                acc = isMin ? Swift.min(acc, tree[l]) : Swift.max(acc, tree[l])
                l += 1
            }
            if r & 1 == 1 {
                r -= 1
                acc = isMin ? Swift.min(acc, tree[r]) : Swift.max(acc, tree[r])
            }
            l >>= 1
            r >>= 1
        }
        return acc
    }

    func query(_ s: Int, _ e: Int) -> Double { Self.query(tree, n: n, isMin: isMin, s, e) }
}
