// Edge cases: the epoch, instants before 1970 (floor, not truncation), leap days,
// the last microsecond of a day and of a year, fractions (written with six digits
// when non-zero, omitted when zero), and thousands of seeded instants checked
// against an independent parser backed by Foundation's calendar.
import Foundation
import Testing

@testable import VantageDatasets

@Suite("Timestamps as integer microseconds")
struct CivilTimeTests {
    static let cases: [(micros: Int64, text: String)] = [
        (0, "1970-01-01T00:00:00Z"),
        (1, "1970-01-01T00:00:00.000001Z"),
        (-1, "1969-12-31T23:59:59.999999Z"),
        (-500_000, "1969-12-31T23:59:59.500000Z"),
        (951_782_400_000_000, "2000-02-29T00:00:00Z"),
        (1_709_210_096_000_001, "2024-02-29T12:34:56.000001Z"),
        (1_704_067_199_999_999, "2023-12-31T23:59:59.999999Z"),
        (4_102_444_800_000_000, "2100-01-01T00:00:00Z"),
        (-2_208_988_800_000_000, "1900-01-01T00:00:00Z"),
    ]

    @Test(arguments: cases)
    func formats(micros: Int64, text: String) {
        #expect(CivilTime.string(micros) == text)
        #expect(instant(text) == micros)
    }

    @Test func civilDateRoundTrip() {
        for days in Int64(-80_000)...Int64(80_000) {
            let (y, m, d) = CivilTime.civil(days: days)
            #expect(CivilTime.days(year: y, month: m, day: d) == days)
        }
    }

    @Test func weekday() {
        #expect(CivilTime.weekday(days: 0) == 3)  // 1970-01-01, a Thursday
        #expect(CivilTime.weekday(days: CivilTime.days(year: 2024, month: 1, day: 1)) == 0)  // Monday
        #expect(CivilTime.weekday(days: -1) == 2)
    }

    @Test func seededInstantsMatchAnIndependentParser() {
        var rng = RandomStream(seed: 99)
        let low = instant("1901-01-01T00:00:00Z")
        let high = instant("2198-12-31T23:59:59Z")
        for i in 0..<20_000 {
            var micros = rng.int(low, high)
            if i % 3 == 0 { micros = _wholeSecond(micros) }
            let text = CivilTime.string(micros)
            #expect(instant(text) == micros, "seed 99, case \(i): \(micros) → \(text)")
        }
    }

    @Test func roundingToWholeUnitsFloors() {
        #expect(_wholeSecond(-1) == -1_000_000)
        #expect(_wholeSecond(1_999_999) == 1_000_000)
        #expect(_wholeMinute(-1) == -60_000_000)
        #expect(_wholeMinute(119_000_000) == 60_000_000)
    }
}
