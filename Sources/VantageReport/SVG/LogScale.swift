import Foundation

/// A base-10 logarithmic map from positive values (seconds) to pixels.
struct LogScale {
    let lo: Double, hi: Double
    let from: Double, to: Double

    /// Values at or below `lo` (including realtime's 0) map to the left end.
    func callAsFunction(_ x: Double) -> Double {
        let v = min(max(x, lo), hi)
        return from + (to - from) * (log10(v) - log10(lo)) / (log10(hi) - log10(lo))
    }
}
