import VantageCore

/// Integer microseconds since 1970-01-01T00:00:00Z to and from civil UTC dates,
/// with Howard Hinnant's `days_from_civil` / `civil_from_days` algorithms
/// (proleptic Gregorian calendar): no `Date`, no formatter, no allocation per
/// call when appending to a buffer.
enum CivilTime {
    /// Microseconds in a second.
    static let second: Int64 = 1_000_000
    /// Microseconds in a minute.
    static let minute: Int64 = 60 * second
    /// Microseconds in an hour.
    static let hour: Int64 = 60 * minute
    /// Microseconds in a day.
    static let day: Int64 = 24 * hour

    /// Days since 1970-01-01 of a civil date (`month` 1–12, `day` 1–31); the engine's own
    /// calendar arithmetic, so generated times and parsed times agree by construction.
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        Timestamp.daysFromCivil(year: year, month: month, day: day)
    }

    /// Microseconds since the epoch of midnight UTC on a civil date.
    static func micros(year: Int64, month: Int64, day: Int64) -> Int64 {
        days(year: year, month: month, day: day) * Self.day
    }

    /// The civil date of a day count since 1970-01-01.
    static func civil(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        Timestamp.civilFromDays(days)
    }

    /// Day of the week of a day count since 1970-01-01: 0 = Monday … 6 = Sunday.
    static func weekday(days: Int64) -> Int {
        // 1970-01-01 was a Thursday (3).
        Int(((days % 7) + 7 + 3) % 7)
    }

    /// Appends `YYYY-MM-DDTHH:MM:SS[.ffffff]Z` (the fraction only when non-zero).
    /// - Precondition: the year is in 0 ... 9999.
    static func append(_ micros: Int64, to out: inout [UInt8]) {
        var days = micros / day
        var rest = micros % day
        if rest < 0 {
            rest += day
            days -= 1
        }
        let (y, m, d) = civil(days: days)
        let seconds = rest / second
        let fraction = rest % second
        _appendDigits(y, width: 4, to: &out)
        out.append(UInt8(ascii: "-"))
        _appendDigits(m, width: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        _appendDigits(d, width: 2, to: &out)
        out.append(UInt8(ascii: "T"))
        _appendDigits(seconds / 3600, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        _appendDigits(seconds / 60 % 60, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        _appendDigits(seconds % 60, width: 2, to: &out)
        if fraction != 0 {
            out.append(UInt8(ascii: "."))
            _appendDigits(fraction, width: 6, to: &out)
        }
        out.append(UInt8(ascii: "Z"))
    }

    /// The text `append` would write.
    static func string(_ micros: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(27)
        append(micros, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Appends a non-negative integer zero-padded to `width` digits (more if needed).
@inline(__always)
func _appendDigits(_ value: Int64, width: Int, to out: inout [UInt8]) {
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                 UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var v = UInt64(value)
    var n = 0
    withUnsafeMutableBytes(of: &digits) { buffer in
        repeat {
            buffer[n] = UInt8(truncatingIfNeeded: v % 10) &+ 48
            v /= 10
            n += 1
        } while v > 0
        var pad = width - n
        while pad > 0 {
            out.append(48)
            pad -= 1
        }
        while n > 0 {
            n -= 1
            out.append(buffer[n])
        }
    }
}
