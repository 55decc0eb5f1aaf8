import Foundation

/// A linear map from data to pixels, with "nice" round ticks (1, 2, 2.5, 5 × 10ⁿ).
struct LinearScale {
    let lo: Double, hi: Double
    let from: Double, to: Double
    let ticks: [Double]
    /// Decimals that show the tick step exactly.
    let decimals: Int

    /// Covers `values` (and `include`), extended to round ticks, mapped to `from…to`.
    init(covering values: [Double], include: [Double] = [], from: Double, to: Double, tickCount: Int = 5) {
        let all = (values + include).filter(\.isFinite)
        var a = all.min() ?? 0, b = all.max() ?? 1
        if a == b {
            let pad = a == 0 ? 1 : abs(a) * 0.05
            a -= pad
            b += pad
        }
        let step = Self.niceStep((b - a) / Double(max(1, tickCount)))
        // Ticks are integer multiples of the step, so the ends are ticks exactly.
        let kLo = Int((a / step).rounded(.down)), kHi = max(Int((b / step).rounded(.up)), kLo + 1)
        let ts = (kLo...min(kHi, kLo + 50)).map { Double($0) * step }
        let lo = ts[0], hi = ts[ts.count - 1]
        self.lo = lo
        self.hi = hi
        self.from = from
        self.to = to
        ticks = ts
        decimals = max(0, Int((-log10(step)).rounded(.up) + (Self.isHalfStep(step) ? 1 : 0)))
    }

    func callAsFunction(_ x: Double) -> Double {
        from + (to - from) * (x - lo) / (hi - lo)
    }

    private static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let p = pow(10, (log10(raw)).rounded(.down))
        let f = raw / p
        let nice: Double = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10
        return nice * p
    }

    /// 2.5 × 10ⁿ needs one decimal more than 10ⁿ.
    private static func isHalfStep(_ step: Double) -> Bool {
        let p = pow(10, (log10(step)).rounded(.down))
        return abs(step / p - 2.5) < 1e-9
    }
}
