import Foundation

/// A duration as the spec writes it: a fixed length (`Ns Nm Nh Nd Nw`) or N calendar
/// months (`Nmo`). The original text is kept because output names use it verbatim
/// (`60m` and `1h` are different columns).
public struct Duration: Hashable, Sendable, CustomStringConvertible {
    public enum Length: Hashable, Sendable {
        case micros(Int64)
        case months(Int64)
    }

    public let length: Length
    public let text: String

    public init(length: Length, text: String) {
        self.length = length
        self.text = text
    }

    public static func micros(_ v: Int64) -> Duration { Duration(length: .micros(v), text: "\(v)us") }

    public var description: String { text }

    /// The longest duration accepted: 10,000 years (120,000 months). With times held to
    /// years 0000–9999, `t - F - D` and `a - W` then stay far inside `Int64`.
    public static let maxMicros: Int64 = 10_000 * 366 * Timestamp.microsPerDay
    public static let maxMonths: Int64 = 120_000

    public var isZero: Bool {
        switch length {
        case let .micros(v): return v == 0
        case let .months(n): return n == 0
        }
    }

    public var isMonths: Bool {
        if case .months = length { return true }
        return false
    }

    /// Parses `N` + unit, or `0`. Returns nil for anything else (negative, fractional,
    /// unknown unit, overflow).
    public init?(parsing raw: String) {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let utf8 = Array(text.utf8)
        var i = 0
        var n: Int64 = 0
        while i < utf8.count, utf8[i] >= 48, utf8[i] <= 57 {
            let (m, o1) = n.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(utf8[i] - 48))
            if o1 || o2 { return nil }
            n = s
            i += 1
        }
        guard i > 0 else { return nil }
        let unit = String(decoding: utf8[i...], as: UTF8.self)
        let perUnit: Int64
        switch unit {
        case "" where n == 0: perUnit = 1
        case "us": perUnit = 1
        case "ms": perUnit = 1_000
        case "s": perUnit = 1_000_000
        case "m": perUnit = 60_000_000
        case "h": perUnit = 3_600_000_000
        case "d": perUnit = 86_400_000_000
        case "w": perUnit = 604_800_000_000
        case "mo":
            guard n <= Self.maxMonths else { return nil }
            self.init(length: .months(n), text: text)
            return
        default: return nil
        }
        let (v, o) = n.multipliedReportingOverflow(by: perUnit)
        if o || v > Self.maxMicros { return nil }
        self.init(length: .micros(v), text: text)
    }

    /// Seconds, for profiles and messages (months counted as 30 days there only).
    public var approximateSeconds: Double {
        switch length {
        case let .micros(v): return Double(v) / 1e6
        case let .months(n): return Double(n) * 30 * 86_400
        }
    }
}

extension Duration {
    /// `t - self`. Months step back on the UTC wall clock, the day clamped once to the end
    /// of a shorter month (docs/semantics.md, "Durations").
    
    public func subtracted(from t: Int64) -> Int64 {
        switch length {
        case let .micros(v): return t &- v
        case let .months(n): return MonthArithmetic.addMonths(-n, to: t)
        }
    }
}
