import Foundation
@testable import VantageCore

/// A deliberately naive reading of docs/semantics.md, written apart from the engine: for each
/// spine row and view, look at every view row. Month arithmetic goes through Foundation's
/// Gregorian calendar, fixed durations through plain arithmetic, so the two share nothing
/// but the parsed inputs.
enum NaiveReference {
    static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()

    static func minus(_ t: Int64, _ d: Duration) -> Int64 {
        switch d.length {
        case let .micros(v): return t - v
        case let .months(n):
            if n == 0 { return t }
            let whole = Timestamp.floorDiv(t, 1_000_000)
            let frac = t - whole * 1_000_000
            let date = Date(timeIntervalSince1970: TimeInterval(whole))
            let moved = calendar.date(byAdding: .month, value: Int(-n), to: date)!
            return Int64(moved.timeIntervalSince1970.rounded()) * 1_000_000 + frac
        }
    }

    static func asOf(_ t: Int64, level: FreshnessLevel, delay: Duration) -> Int64 {
        switch level.mode {
        case .realtime: return minus(t, delay)
        case .lag: return minus(minus(t, level.every), delay)
        case .cadence:
            let x = minus(t, delay)
            guard case let .micros(o) = level.offset.length else { return x }
            switch level.every.length {
            case let .micros(f):
                var m = (x - o) / f * f + o
                while m > x { m -= f }
                while m + f <= x { m += f }
                return m
            case let .months(n):
                // Walk month starts from 1970-01 in steps of n.
                var comps = DateComponents()
                comps.year = 1970
                comps.month = 1
                comps.day = 1
                var start = calendar.date(from: comps)!
                func micros(_ d: Date) -> Int64 { Int64(d.timeIntervalSince1970.rounded()) * 1_000_000 }
                while micros(start) + o > x { start = calendar.date(byAdding: .month, value: Int(-n), to: start)! }
                while true {
                    let next = calendar.date(byAdding: .month, value: Int(n), to: start)!
                    if micros(next) + o <= x { start = next } else { break }
                }
                return micros(start) + o
            }
        }
    }

    struct LookupRow { var key: String?; var tau: Int64; var created: Int64?; var x: String? }
    struct Event { var key: String?; var tau: Int64; var v: Double?; var text: String? }

    static func lookup(t: Int64, key: String?, rows: [LookupRow], level: FreshnessLevel, delay: Duration, ttl: Duration?) -> String? {
        guard let key, !key.isEmpty else { return nil }
        let a = asOf(t, level: level, delay: delay)
        var best: (Int, LookupRow)?
        for (i, r) in rows.enumerated() where r.key == key {
            let c = r.created ?? r.tau
            let visible = level.mode == .cadence ? (r.tau < a && c < a) : (r.tau <= a && c <= a)
            guard visible else { continue }
            if let (bi, b) = best {
                let bc = b.created ?? b.tau
                if r.tau > b.tau || (r.tau == b.tau && (c > bc || (c == bc && i > bi))) { best = (i, r) }
            } else {
                best = (i, r)
            }
        }
        guard let (_, row) = best else { return nil }
        if let ttl, !ttl.isZero {
            switch ttl.length {
            case let .micros(v): if t - row.tau > v { return nil }
            case .months: if row.tau < minus(t, ttl) { return nil }
            }
        }
        return row.x
    }

    /// One aggregate cell as output text.
    static func window(t: Int64, key: String?, events: [Event], function: AggregateFunction, window: Window,
                       level: FreshnessLevel, delay: Duration) -> String? {
        let a = asOf(t, level: level, delay: delay)
        var inside = [(Int, Event)]()
        if let key, !key.isEmpty {
            for (i, e) in events.enumerated() where e.key == key && e.tau < a {
                if case let .duration(d) = window, e.tau < minus(a, d) { continue }
                inside.append((i, e))
            }
        }
        let values = inside.compactMap { $0.1.v }
        func real(_ x: Double) -> String {
            var b = CSVBuffer()
            b.real(x)
            return String(decoding: b.bytes, as: UTF8.self)
        }
        let newest = inside.max { l, r in l.1.tau < r.1.tau || (l.1.tau == r.1.tau && l.0 < r.0) }
        switch function {
        case .count: return String(inside.count)
        case .countDistinct: return String(Set(inside.compactMap { $0.1.text }).count)
        case .sum: return values.isEmpty ? nil : real(values.reduce(0, +))
        case .mean: return values.isEmpty ? nil : real(values.reduce(0, +) / Double(values.count))
        case .min: return values.min().map(real)
        case .max: return values.max().map(real)
        case .stddev:
            guard values.count >= 2 else { return nil }
            let m = values.reduce(0, +) / Double(values.count)
            return real((values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(values.count - 1)).squareRoot())
        case .last: return newest?.1.text
        case .timeSinceLast: return newest.map { real(Double(t - $0.1.tau) / 1e6) }
        }
    }
}
