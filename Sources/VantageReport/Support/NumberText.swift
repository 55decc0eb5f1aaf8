/// Numbers as report text, formatted by hand rather than with `String(format:)` or a
/// `NumberFormatter`, so the output never depends on a locale and two runs on two
/// machines write the same bytes.
enum NumberText {
    /// `x` with exactly `decimals` digits after the point, rounded half away from zero;
    /// "-" for negatives, never "-0.000"; "n/a" for NaN, "inf"/"-inf" for infinities.
    static func fixed(_ x: Double, _ decimals: Int, grouped: Bool = false) -> String {
        guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "inf" : "-inf") }
        let d = max(0, min(decimals, 9))
        var scale: Double = 1
        for _ in 0..<d { scale *= 10 }
        let r = (abs(x) * scale).rounded(.toNearestOrAwayFromZero)
        guard r < 9e15 else { return x < 0 ? "-" + String(abs(x)) : String(x) }
        let n = UInt64(r), s = UInt64(scale)
        var whole = String(n / s)
        if grouped { whole = group(whole) }
        var text = whole
        if d > 0 {
            let frac = String(n % s)
            text += "." + String(repeating: "0", count: d - frac.count) + frac
        }
        return (x < 0 && n != 0) ? "-" + text : text
    }

    /// `fixed` with an explicit "+" on positives (uplifts read as gains or losses).
    static func signed(_ x: Double, _ decimals: Int, grouped: Bool = false) -> String {
        let text = fixed(x, decimals, grouped: grouped)
        if text.hasPrefix("-") || text == "n/a" || !x.isFinite { return text }
        return isZero(text) ? text : "+" + text
    }

    /// A share as a percentage: 0.987 → "98.7%".
    static func percent(_ share: Double, _ decimals: Int = 1) -> String {
        fixed(share * 100, decimals) + "%"
    }

    /// An integer with thousands separators: 300000 → "300,000".
    static func count(_ n: Int) -> String {
        n < 0 ? "-" + group(String(-n)) : group(String(n))
    }

    /// A 95% interval as "[lo, hi]", signed when the values are differences.
    static func interval(_ ci: [Double], _ decimals: Int, signed: Bool, grouped: Bool = false) -> String {
        guard ci.count == 2 else { return "" }
        let f = { (v: Double) in signed ? Self.signed(v, decimals, grouped: grouped) : fixed(v, decimals, grouped: grouped) }
        return "[" + f(ci[0]) + ", " + f(ci[1]) + "]"
    }

    /// Number for SVG coordinates: one decimal, trailing ".0" dropped.
    static func coordinate(_ x: Double) -> String {
        trimmed(fixed(x, 1))
    }

    /// Drops a trailing ".0…0" ("12.0" → "12", "12.50" stays).
    static func trimmed(_ text: String) -> String {
        guard let dot = text.firstIndex(of: ".") else { return text }
        if text[text.index(after: dot)...].allSatisfy({ $0 == "0" }) { return String(text[..<dot]) }
        return text
    }

    private static func isZero(_ text: String) -> Bool {
        text.allSatisfy { $0 == "0" || $0 == "." || $0 == "," }
    }

    private static func group(_ digits: String) -> String {
        let chars = Array(digits)
        var out = ""
        out.reserveCapacity(chars.count + chars.count / 3)
        for (i, c) in chars.enumerated() {
            if i > 0 && (chars.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
