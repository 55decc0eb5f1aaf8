import VantageCore

/// Where a freshness level sits on a time axis, and how ages read in words.
enum TimeText {
    static let minute = 60.0, hour = 3_600.0, day = 86_400.0, week = 604_800.0
    /// A calendar month on an axis: 30 days (axes need one length; the exact month
    /// does not change where a point falls on a log scale).
    static let month = 2_592_000.0
    static let year = 31_536_000.0

    /// Seconds between refreshes: `realtime` → 0, `lag-F` and `cadence-F` → F (months
    /// as 30 days); nil for a name that is not a level.
    static func seconds(ofLevel name: String) -> Double? {
        guard let level = try? FreshnessLevel(parsing: name) else { return nil }
        switch level.mode {
        case .realtime: return 0
        case .lag, .cadence:
            switch level.every.length {
            case let .micros(us): return Double(us) / 1e6
            case let .months(n): return Double(n) * month
            }
        }
    }

    /// An age or interval in the largest unit that keeps it readable, at most one
    /// decimal: "0 s", "45 s", "12.5 min", "3 h", "2.1 d".
    static func age(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "n/a" }
        let s = abs(seconds)
        let (value, unit): (Double, String)
        if s < minute { (value, unit) = (s, "s") }
        else if s < hour { (value, unit) = (s / minute, "min") }
        else if s < day { (value, unit) = (s / hour, "h") }
        else { (value, unit) = (s / day, "d") }
        let text = NumberText.trimmed(NumberText.fixed(value, value >= 100 ? 0 : 1))
        return (seconds < 0 ? "-" : "") + text + " " + unit
    }

    /// Tick positions for a log time axis, with labels, within `lo...hi`.
    static func ticks(from lo: Double, to hi: Double) -> [(Double, String)] {
        let all: [(Double, String)] = [(1, "1 s"), (minute, "1 min"), (hour, "1 h"), (day, "1 d"), (week, "1 w"),
                                       (month, "1 mo"), (year, "1 y"), (10 * year, "10 y")]
        return all.filter { $0.0 >= lo * 0.999 && $0.0 <= hi * 1.001 }
    }

    /// The smallest tick value at or above `x` (the right end of a log time axis).
    static func ceilingTick(_ x: Double) -> Double {
        for t in [month, year, 10 * year, 100 * year] where t >= x { return t }
        return x
    }
}
