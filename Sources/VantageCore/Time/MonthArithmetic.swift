/// Calendar-month arithmetic on microsecond instants.
public enum MonthArithmetic {
    /// `t` moved by `months` on the UTC wall clock, the day clamped to the target month's end.
    
    public static func addMonths(_ months: Int64, to t: Int64) -> Int64 {
        if months == 0 { return t }
        let days = Timestamp.floorDiv(t, Timestamp.microsPerDay)
        let timeOfDay = t - days * Timestamp.microsPerDay
        let (y, m, d) = Timestamp.civilFromDays(days)
        let index = y * 12 + (m - 1) + months
        let ny = Timestamp.floorDiv(index, 12)
        let nm = index - ny * 12 + 1
        let nd = min(d, Timestamp.daysInMonth(year: ny, month: nm))
        return Timestamp.daysFromCivil(year: ny, month: nm, day: nd) * Timestamp.microsPerDay + timeOfDay
    }

    /// Months since 1970-01 of the month holding `t`, and the first instant of a month index.
    
    public static func monthIndex(of t: Int64) -> Int64 {
        let (y, m, _) = Timestamp.civilFromDays(Timestamp.floorDiv(t, Timestamp.microsPerDay))
        return (y - 1970) * 12 + (m - 1)
    }

    
    public static func startOfMonth(index: Int64) -> Int64 {
        let y = 1970 + Timestamp.floorDiv(index, 12)
        let m = index - Timestamp.floorDiv(index, 12) * 12 + 1
        return Timestamp.daysFromCivil(year: y, month: m, day: 1) * Timestamp.microsPerDay
    }
}
