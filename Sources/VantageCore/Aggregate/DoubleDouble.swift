/// A double-double number (`hi + lo`, about 106 bits) so window sums taken as the
/// difference of two running sums keep full double precision, and variances of large,
/// close values (around 1e9, differing by 1e-3) do not cancel catastrophically.
struct DoubleDouble {
    var hi: Double
    var lo: Double

    static let zero = DoubleDouble(hi: 0, lo: 0)

    init(hi: Double, lo: Double) {
        self.hi = hi
        self.lo = lo
    }

    init(_ v: Double) {
        hi = v
        lo = 0
    }

    /// Knuth's TwoSum: `a + b` exactly as `s + err`.
    @inline(__always)
    static func twoSum(_ a: Double, _ b: Double) -> (Double, Double) {
        let s = a + b
        let bb = s - a
        return (s, (a - (s - bb)) + (b - bb))
    }

    @inline(__always)
    static func + (x: DoubleDouble, y: Double) -> DoubleDouble {
        let (s, e) = twoSum(x.hi, y)
        let (h, l) = twoSum(s, e + x.lo)
        return DoubleDouble(hi: h, lo: l)
    }

    @inline(__always)
    static func + (x: DoubleDouble, y: DoubleDouble) -> DoubleDouble {
        let (s, e) = twoSum(x.hi, y.hi)
        let (h, l) = twoSum(s, e + x.lo + y.lo)
        return DoubleDouble(hi: h, lo: l)
    }

    @inline(__always)
    static prefix func - (x: DoubleDouble) -> DoubleDouble { DoubleDouble(hi: -x.hi, lo: -x.lo) }

    @inline(__always)
    static func - (x: DoubleDouble, y: DoubleDouble) -> DoubleDouble { x + (-y) }

    /// `a * b` exactly, via a fused multiply-add for the rounding error.
    @inline(__always)
    static func product(_ a: Double, _ b: Double) -> DoubleDouble {
        let p = a * b
        return DoubleDouble(hi: p, lo: fmaError(a, b, p))
    }

    @inline(__always)
    static func fmaError(_ a: Double, _ b: Double, _ p: Double) -> Double {
        (-p).addingProduct(a, b)
    }

    static func * (x: DoubleDouble, y: DoubleDouble) -> DoubleDouble {
        let p = product(x.hi, y.hi)
        let (h, l) = twoSum(p.hi, p.lo + x.hi * y.lo + x.lo * y.hi)
        return DoubleDouble(hi: h, lo: l)
    }

    /// `x / d` to double-double accuracy (one correction step).
    static func / (x: DoubleDouble, d: Double) -> DoubleDouble {
        let q1 = x.hi / d
        let r = x - product(q1, d)
        let q2 = r.hi / d
        let (h, l) = twoSum(q1, q2)
        return DoubleDouble(hi: h, lo: l)
    }

    var value: Double { hi + lo }
}
