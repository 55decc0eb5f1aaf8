/// A freshness level: `realtime`, `lag-<F>` or `cadence-<F>[@<O>]` (docs/semantics.md,
/// "Freshness levels and the as-of time"). A bare duration means `cadence-<F>`.
public struct FreshnessLevel: Hashable, Sendable, CustomStringConvertible {
    public enum Mode: String, Hashable, Sendable { case realtime, lag, cadence }

    public let mode: Mode
    /// `F`: zero for realtime.
    public let every: Duration
    /// `O`: the schedule offset of a cadence (zero otherwise).
    public let offset: Duration
    /// The level as written; also the output file's name (`<level>.csv`).
    public let name: String

    public static let realtime = FreshnessLevel(mode: .realtime, every: Duration(length: .micros(0), text: "0"),
                                                offset: Duration(length: .micros(0), text: "0"), name: "realtime")

    public init(mode: Mode, every: Duration, offset: Duration, name: String) {
        self.mode = mode
        self.every = every
        self.offset = offset
        self.name = name
    }

    public var description: String { name }

    /// Parses a level; the error names the bad text and says what is accepted.
    public init(parsing raw: String) throws(VantageError) {
        let text = raw.trimmingCharacters(in: .whitespaces)
        func bad(_ why: String) -> VantageError {
            .usage("freshness level \"\(raw)\": \(why); expected realtime, lag-<duration> or cadence-<duration>[@<offset>] (e.g. lag-12h, cadence-1d@2h)")
        }
        if text == "realtime" {
            self = .realtime
            return
        }
        let zero = Duration(length: .micros(0), text: "0")
        if text.hasPrefix("lag-") {
            guard let f = Duration(parsing: String(text.dropFirst(4))) else { throw bad("the lag is not a duration") }
            self.init(mode: .lag, every: f, offset: zero, name: text)
            return
        }
        let body = text.hasPrefix("cadence-") ? String(text.dropFirst(8)) : text
        let parts = body.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        guard let f = Duration(parsing: String(parts[0])) else {
            throw bad(text.hasPrefix("cadence-") ? "the cadence is not a duration" : "unknown level")
        }
        guard !f.isZero else { throw bad("a cadence must be longer than zero") }
        var o = zero
        if parts.count == 2 {
            guard let parsed = Duration(parsing: String(parts[1])), case let .micros(ov) = parsed.length else {
                throw bad("the offset must be a fixed duration such as 2h")
            }
            switch f.length {
            case let .micros(fv):
                guard ov < fv else { throw bad("the offset must be shorter than the cadence") }
            case .months:
                guard ov < 28 * Timestamp.microsPerDay else { throw bad("a monthly cadence's offset must be under 28 days") }
            }
            o = parsed
        }
        // The name stays as written: output files are `<level>.csv` with the level as the
        // user wrote it, also for a bare duration (`1h.csv`): docs/semantics.md, "Files of a
        // join and a sweep".
        self.init(mode: .cadence, every: f, offset: o, name: text)
    }

    /// Whether two levels give the same as-of times (`1h` and `cadence-1h`, but not `60m`
    /// and `1h`, which keep their own names and are compared by length).
    public func isSameSchedule(as other: FreshnessLevel) -> Bool {
        mode == other.mode && every.length == other.every.length && offset.length == other.offset.length
    }

    /// Whether visibility at the as-of time is strict (`<`, a batch at `m` holds data
    /// strictly before `m`) rather than inclusive (`≤`).
    public var isStrict: Bool { mode == .cadence }

    /// The as-of time `a` for an event at `t` in a view with data delay `delay`.
    
    public func asOf(_ t: Int64, delay: Duration) -> Int64 {
        switch mode {
        case .realtime:
            return delay.subtracted(from: t)
        case .lag:
            return delay.subtracted(from: every.subtracted(from: t))
        case .cadence:
            return latestBoundary(atOrBefore: delay.subtracted(from: t))
        }
    }

    /// The latest schedule boundary `m ≤ x`: `O + j·F` from the epoch, or for months
    /// the first instant of every N-th month from 1970-01, plus `O`. Floors before 1970.
    
    public func latestBoundary(atOrBefore x: Int64) -> Int64 {
        guard case let .micros(o) = offset.length else { return x }
        switch every.length {
        case let .micros(f):
            return Timestamp.floorDiv(x - o, f) * f + o
        case let .months(n):
            var k = Timestamp.floorDiv(MonthArithmetic.monthIndex(of: x), n) * n
            var m = MonthArithmetic.startOfMonth(index: k) + o
            while m > x {
                k -= n
                m = MonthArithmetic.startOfMonth(index: k) + o
            }
            return m
        }
    }

    /// Whether `a` is monotone non-decreasing in `t`, so spine rows sorted by `t` are
    /// already sorted by `a`. Month lags and month delays clamp days and break this.
    public func isMonotone(delay: Duration) -> Bool {
        if delay.isMonths { return false }
        return !(mode == .lag && every.isMonths)
    }
}

import Foundation
