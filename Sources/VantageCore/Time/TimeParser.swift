/// Byte-level timestamp parsing into `Int64` microseconds (UTC). No Foundation: this runs
/// once per row of every input, so it reads ASCII digits straight from the buffer.
public enum TimeParser {
    /// Parses one field. Returns nil when the text is not a time of `format`.
    
    public static func parse(_ p: UnsafeBufferPointer<UInt8>, format: TimeFormat) -> Int64? {
        let t: Int64?
        switch format {
        case .iso8601: t = parseISO(p)
        default: t = parseEpoch(p, unit: format.microsPerUnit)
        }
        guard let t, t >= Timestamp.earliest, t <= Timestamp.latest else { return nil }
        return t
    }

    public static func parse(_ text: String, format: TimeFormat = .iso8601) -> Int64? {
        var copy = text
        return copy.withUTF8 { parse($0, format: format) }
    }

    /// `count` ASCII digits at `at` as a number, nil if the text is short or a byte is not
    /// a digit. Callers read at most four digits, so the wrapping arithmetic cannot wrap
    /// (it keeps this per-row loop free of overflow branches, and inlined).
    @inline(__always)
    static func digits(_ p: UnsafeBufferPointer<UInt8>, _ at: Int, _ count: Int) -> Int64? {
        guard count <= 4, at >= 0, at <= p.count - count else { return nil }
        var v: Int64 = 0
        var i = at
        let end = at &+ count
        while i < end {
            let d = p[i] &- 48
            guard d < 10 else { return nil }
            v = v &* 10 &+ Int64(d)
            i &+= 1
        }
        return v
    }

    /// `YYYY-MM-DD`, then optionally `T` or space, `HH:MM[:SS[.f{1,6}]]`, then optionally
    /// `Z` or `±HH[:MM]`. A naive time is UTC. More than six fraction digits are accepted
    /// only when the extra digits are zeros: rounding would move a row in time.
    
    static func parseISO(_ p: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let day = isoDay(p) else { return nil }
        return isoTime(p, day: day)
    }

    /// The `YYYY-MM-DD` that starts `p`, as the microseconds of its midnight (UTC).
    @inline(__always)
    static func isoDay(_ p: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard p.count >= 10, p[4] == 45, p[7] == 45,
              let y = digits(p, 0, 4), let mo = digits(p, 5, 2), let d = digits(p, 8, 2),
              mo >= 1, mo <= 12, d >= 1, d <= Timestamp.daysInMonth(year: y, month: mo)
        else { return nil }
        return Timestamp.daysFromCivil(year: y, month: mo, day: d) &* Timestamp.microsPerDay
    }

    /// The rest of an ISO time after its date (`isoDay`, `day`): `p` from its eleventh byte.
    @inline(__always)
    static func isoTime(_ p: UnsafeBufferPointer<UInt8>, day: Int64) -> Int64? {
        let n = p.count
        // From here every value is bounded (year ≤ 9999, fields ≤ 59, `i` ≤ `n`), so the
        // arithmetic cannot wrap; wrapping operators keep this per-row path branch-free.
        var micros = day
        var i = 10
        if i == n { return micros }
        guard p[i] == 84 || p[i] == 32 || p[i] == 116 else { return nil }  // T, space, t
        i &+= 1
        guard let hh = digits(p, i, 2), i &+ 2 < n, p[i &+ 2] == 58, let mm = digits(p, i &+ 3, 2),
              hh <= 23, mm <= 59 else { return nil }
        i &+= 5
        var ss: Int64 = 0
        if i < n, p[i] == 58 {
            guard let s = digits(p, i &+ 1, 2), s <= 59 else { return nil }
            ss = s
            i &+= 3
            if i < n, p[i] == 46 || p[i] == 44 {
                i += 1
                var frac: Int64 = 0, count = 0
                while i < n, p[i] &- 48 < 10 {
                    if count < 6 {
                        frac = frac * 10 + Int64(p[i] &- 48)
                    } else if p[i] != 48 {
                        return nil
                    }
                    count += 1
                    i += 1
                }
                guard count > 0 else { return nil }
                for _ in min(count, 6)..<6 { frac *= 10 }
                micros += frac
            }
        }
        micros &+= ((hh &* 60 &+ mm) &* 60 &+ ss) &* Timestamp.microsPerSecond
        if i == n { return micros }
        if (p[i] == 90 || p[i] == 122) && i &+ 1 == n { return micros }  // Z, z
        guard p[i] == 43 || p[i] == 45 else { return nil }  // + -
        let sign: Int64 = p[i] == 43 ? 1 : -1
        i += 1
        guard let oh = digits(p, i, 2), oh <= 23 else { return nil }
        i += 2
        var om: Int64 = 0
        if i < n {
            if p[i] == 58 { i += 1 }
            guard let m = digits(p, i, 2), m <= 59, i + 2 == n else { return nil }
            om = m
        }
        return micros - sign * (oh * 60 + om) * 60 * Timestamp.microsPerSecond
    }

    /// An optionally signed integer with an optional fraction, scaled to microseconds
    /// exactly; digits finer than a microsecond must be zeros.
    
    static func parseEpoch(_ p: UnsafeBufferPointer<UInt8>, unit: Int64) -> Int64? {
        var i = 0
        let n = p.count
        var negative = false
        if i < n, p[i] == 45 || p[i] == 43 { negative = p[i] == 45; i += 1 }
        var whole: Int64 = 0, wholeDigits = 0
        while i < n, p[i] &- 48 < 10 {
            let (m, o1) = whole.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(p[i] &- 48))
            guard !o1, !o2 else { return nil }
            whole = s
            wholeDigits += 1
            i += 1
        }
        guard wholeDigits > 0 else { return nil }
        var fracMicros: Int64 = 0
        if i < n, p[i] == 46 {
            i += 1
            var scale = unit
            while i < n, p[i] &- 48 < 10 {
                let d = Int64(p[i] &- 48)
                if scale >= 10 {
                    scale /= 10
                    fracMicros += d * scale
                } else if d != 0 {
                    return nil
                }
                i += 1
            }
        }
        guard i == n else { return nil }
        let (scaled, o) = whole.multipliedReportingOverflow(by: unit)
        let (total, o2) = scaled.addingReportingOverflow(fracMicros)
        guard !o, !o2 else { return nil }
        return negative ? -total : total
    }

    /// Parses the times of a column, remembering the last ISO date it read: the rows of a
    /// time column mostly share their date with the row before, so its ten bytes are
    /// compared with the last ones instead of read as digits and checked again. Equal
    /// bytes give an equal date, so every result is exactly `parse`'s.
    struct DayCache {
        private var head: UInt64 = 0, tail: UInt16 = 0
        private var day: Int64 = 0
        private var held = false
        let format: TimeFormat

        init(format: TimeFormat) { self.format = format }

        @inline(__always)
        mutating func parse(_ p: UnsafeBufferPointer<UInt8>) -> Int64? {
            guard case .iso8601 = format, p.count >= 10, let base = p.baseAddress else { return TimeParser.parse(p, format: format) }
            let raw = UnsafeRawPointer(base)
            let h = raw.loadUnaligned(as: UInt64.self), t = raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self)
            if !(held && h == head && t == tail) {
                guard let d = TimeParser.isoDay(p) else { return nil }
                head = h
                tail = t
                day = d
                held = true
            }
            guard let v = TimeParser.isoTime(p, day: day), v >= Timestamp.earliest, v <= Timestamp.latest else { return nil }
            return v
        }
    }
}
