/// Instants are `Int64` microseconds since 1970-01-01T00:00:00Z (UTC). This file holds the
/// civil-calendar conversions that every parser and formatter shares; they are pure integer
/// arithmetic so they can run per row without Foundation.
public enum Timestamp {
    public static let microsPerSecond: Int64 = 1_000_000
    public static let microsPerDay: Int64 = 86_400_000_000

    /// The instants a time column may hold: years 0000 to 9999, the ISO-8601 range.
    /// Epoch columns are held to it too, so time arithmetic (lags, delays, windows of up
    /// to `Duration.maxMicros`) always has headroom in `Int64` and can never wrap around
    /// into the future.
    public static let earliest: Int64 = daysFromCivil(year: 0, month: 1, day: 1) * microsPerDay
    public static let latest: Int64 = daysFromCivil(year: 10_000, month: 1, day: 1) * microsPerDay - 1

    /// Days since 1970-01-01 for a proleptic Gregorian date.
    /// Howard Hinnant's `days_from_civil`; valid for any year representable here.
    
    public static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day number (inverse of `daysFromCivil`).
    
    public static func civilFromDays(_ z0: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    
    public static func isLeapYear(_ y: Int64) -> Bool {
        (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
    }

    
    public static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Floor division, so boundaries before 1970 round toward the past.
    
    public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// `YYYY-MM-DDTHH:MM:SS[.ffffff]Z`, the fraction only when non-zero
    /// (docs/semantics.md, "Times the tool writes").
    public static func format(_ micros: Int64) -> String {
        let days = floorDiv(micros, microsPerDay)
        var rest = micros - days * microsPerDay
        let (y, m, d) = civilFromDays(days)
        let frac = rest % microsPerSecond
        rest /= microsPerSecond
        let hh = rest / 3600, mm = (rest / 60) % 60, ss = rest % 60
        func pad(_ v: Int64, _ w: Int) -> String {
            let s = String(v)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
        let yearText = y < 0 ? "-" + pad(-y, 4) : pad(y, 4)
        var out = "\(yearText)-\(pad(m, 2))-\(pad(d, 2))T\(pad(hh, 2)):\(pad(mm, 2)):\(pad(ss, 2))"
        if frac != 0 {
            var f = pad(frac, 6)
            while f.hasSuffix("0") { f.removeLast() }
            out += "." + f
        }
        return out + "Z"
    }
}
