/// Running structures of one numeric column, in the log's sorted order.
///
/// Why `@unchecked Sendable`: every buffer is filled in `init` and read-only after.
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
