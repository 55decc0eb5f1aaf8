import Testing
@testable import VantageCore

@Suite("Time parsing and formatting")
struct TimeTests {
    @Test("ISO forms parse to the same instant", arguments: [
        "2024-03-01T12:00:00Z", "2024-03-01 12:00:00", "2024-03-01T12:00:00", "2024-03-01T14:00:00+02:00",
        "2024-03-01T07:30:00-04:30", "2024-03-01T12:00:00.000000Z", "2024-03-01T12:00Z", "2024-03-01T14:00:00+0200",
    ])
    func isoForms(_ text: String) {
        #expect(TimeParser.parse(text) == micros("2024-03-01T12:00:00Z"))
    }

    @Test func dateOnlyIsMidnightUTC() {
        #expect(TimeParser.parse("1970-01-01") == 0)
        #expect(TimeParser.parse("2024-03-01") == micros("2024-03-01T00:00:00Z"))
    }

    @Test func fractionsToTheMicrosecond() {
        #expect(TimeParser.parse("1970-01-01T00:00:00.5Z") == 500_000)
        #expect(TimeParser.parse("1970-01-01T00:00:00.000001Z") == 1)
        #expect(TimeParser.parse("1970-01-01T00:00:00.123456Z") == 123_456)
        // Finer digits only when zeros: rounding would move a row in time.
        #expect(TimeParser.parse("1970-01-01T00:00:00.1234560Z") == 123_456)
        #expect(TimeParser.parse("1970-01-01T00:00:00.1234567Z") == nil)
    }

    @Test func beforeTheEpoch() {
        #expect(TimeParser.parse("1969-12-31T23:59:59.999999Z") == -1)
        #expect(Timestamp.format(-1) == "1969-12-31T23:59:59.999999Z")
    }

    @Test func leapDays() {
        #expect(TimeParser.parse("2024-02-29") != nil)
        #expect(TimeParser.parse("2023-02-29") == nil)
        #expect(TimeParser.parse("2000-02-29") != nil)
        #expect(TimeParser.parse("1900-02-29") == nil)
    }

    @Test("rejects malformed times", arguments: [
        "", "2024-3-01", "2024-13-01", "2024-03-32", "2024-03-01T25:00:00", "2024-03-01T12:00:00Zjunk",
        "2024-03-01T12:00:00.", "20240301", "2024-03-01T12", "yesterday", "2024-03-01T12:00:00+2",
    ])
    func rejects(_ text: String) {
        #expect(TimeParser.parse(text) == nil)
    }

    @Test func epochColumns() {
        #expect(TimeParser.parse("1709294400", format: .epochSeconds) == 1_709_294_400_000_000)
        #expect(TimeParser.parse("1709294400.25", format: .epochSeconds) == 1_709_294_400_250_000)
        #expect(TimeParser.parse("1709294400123", format: .epochMillis) == 1_709_294_400_123_000)
        #expect(TimeParser.parse("-1", format: .epochMicros) == -1)
        #expect(TimeParser.parse("1.5", format: .epochMicros) == nil)
        #expect(TimeParser.parse("2024-03-01", format: .epochSeconds) == nil)
    }

    /// The column parsers remember the last date read (`TimeParser.DayCache`): on runs of
    /// times sharing a date, dates that differ in one byte, bad dates after good ones and
    /// the other way round, every result must be `parse`'s.
    @Test("parsing with the day cache gives exactly what parsing alone gives")
    func dayCacheMatchesParse() {
        var rng = PropertyTests.Rng(state: 12)
        let dates = ["2024-02-29", "2023-02-29", "2024-02-28", "2024-12-31", "2024-13-01", "0001-01-01", "9999-12-31", "2024-01-0x", "2024/01/01", "1969-12-31"]
        let rests = ["", "T00:00:00Z", "T23:59:59.999999Z", "T12:00", " 01:02:03+05:30", "T24:00:00Z", "T10:00:00-0130", "Z", "T", "t01:02:03z", "T01:02:03.1234567Z"]
        for format in TimeFormat.allCases {
            var cache = TimeParser.DayCache(format: format)
            for _ in 0..<5000 {
                var text = rng.pick(dates) + rng.pick(rests)
                if rng.int(10) == 0 { text = String(text.prefix(rng.int(text.count + 1))) }
                if rng.int(20) == 0 { text = String(rng.int(1 << 40)) }
                var copy = text
                let cached = copy.withUTF8 { cache.parse($0) }
                #expect(cached == TimeParser.parse(text, format: format), "\(text) as \(format)")
            }
        }
    }

    @Test func formatRoundTrips() {
        let samples: [Int64] = [0, 1, -1, 1_709_294_400_123_456, -3_153_600_000_000_000, 253_402_300_799_999_999]
        for t in samples {
            let back: Int64? = TimeParser.parse(Timestamp.format(t))
            #expect(back == t)
        }
        #expect(Timestamp.format(micros("2024-03-01T12:00:00Z")) == "2024-03-01T12:00:00Z")
        #expect(Timestamp.format(micros("2024-03-01T12:00:00.5Z")) == "2024-03-01T12:00:00.5Z")
    }
}

@Suite("Durations and month arithmetic")
struct DurationTests {
    @Test func parsesUnits() {
        #expect(Duration(parsing: "30s")?.length == .micros(30_000_000))
        #expect(Duration(parsing: "5m")?.length == .micros(300_000_000))
        #expect(Duration(parsing: "2h")?.length == .micros(7_200_000_000))
        #expect(Duration(parsing: "1d")?.length == .micros(86_400_000_000))
        #expect(Duration(parsing: "1w")?.length == .micros(604_800_000_000))
        #expect(Duration(parsing: "3mo")?.length == .months(3))
        #expect(Duration(parsing: "0")?.isZero == true)
        #expect(Duration(parsing: "0mo")?.isZero == true)
        #expect(Duration(parsing: "60m")?.text == "60m")
        for bad in ["", "h", "1.5h", "-1h", "3 days", "1y", "1H"] { #expect(Duration(parsing: bad) == nil, "\(bad)") }
    }

    @Test func monthsClampOnce() {
        let d = Duration(parsing: "1mo")!, q = Duration(parsing: "3mo")!
        #expect(d.subtracted(from: micros("2024-03-31T10:00:00Z")) == micros("2024-02-29T10:00:00Z"))
        #expect(q.subtracted(from: micros("2024-05-31T00:00:00Z")) == micros("2024-02-29T00:00:00Z"))
        #expect(d.subtracted(from: micros("2023-03-31T00:00:00Z")) == micros("2023-02-28T00:00:00Z"))
        #expect(d.subtracted(from: micros("2024-01-15T00:00:00Z")) == micros("2023-12-15T00:00:00Z"))
        // Separate steps apply one after another: 03-31 → 02-29 → 01-29.
        #expect(d.subtracted(from: d.subtracted(from: micros("2024-03-31T00:00:00Z"))) == micros("2024-01-29T00:00:00Z"))
    }
}

@Suite("Freshness levels and as-of times")
struct FreshnessLevelTests {
    let zero = Duration(parsing: "0")!

    @Test func parsesLevels() throws {
        #expect(try FreshnessLevel(parsing: "realtime") == .realtime)
        #expect(try FreshnessLevel(parsing: "lag-12h").mode == .lag)
        let bare = try FreshnessLevel(parsing: "1h")
        #expect(bare.name == "1h" && bare.mode == .cadence)
        #expect(bare.isSameSchedule(as: try FreshnessLevel(parsing: "cadence-1h")))
        #expect(!bare.isSameSchedule(as: try FreshnessLevel(parsing: "lag-1h")))
        let off = try FreshnessLevel(parsing: "cadence-1d@2h")
        #expect(off.offset.length == .micros(7_200_000_000))
        #expect(off.name == "cadence-1d@2h")
    }

    @Test("rejects bad levels", arguments: ["cadence-0", "cadence-0h", "lag--1h", "cadence-1d@1d", "cadence-1h@2h",
                                            "cadence-1mo@28d", "cadence-1d@1mo", "fast", "lag-", "cadence-1x"])
    func rejects(_ text: String) {
        #expect(throws: VantageError.self) { try FreshnessLevel(parsing: text) }
    }

    @Test func realtimeAndLag() throws {
        let t = micros("2024-03-10T12:00:00Z")
        #expect(FreshnessLevel.realtime.asOf(t, delay: zero) == t)
        #expect(FreshnessLevel.realtime.asOf(t, delay: Duration(parsing: "30m")!) == micros("2024-03-10T11:30:00Z"))
        #expect(try FreshnessLevel(parsing: "lag-1h").asOf(t, delay: Duration(parsing: "30m")!) == micros("2024-03-10T10:30:00Z"))
        // Month lag then delay: (t - F) - D.
        let m = try FreshnessLevel(parsing: "lag-1mo")
        #expect(m.asOf(micros("2024-03-31T00:10:00Z"), delay: Duration(parsing: "1h")!) == micros("2024-02-28T23:10:00Z"))
    }

    @Test func cadenceBoundaryExactlyAtTMinusD() throws {
        let h = try FreshnessLevel(parsing: "cadence-1h")
        #expect(h.asOf(micros("2024-03-10T12:00:00Z"), delay: zero) == micros("2024-03-10T12:00:00Z"))
        #expect(h.asOf(micros("2024-03-10T11:59:59.999999Z"), delay: zero) == micros("2024-03-10T11:00:00Z"))
        #expect(h.asOf(micros("2024-03-10T12:30:00Z"), delay: Duration(parsing: "30m")!) == micros("2024-03-10T12:00:00Z"))
        #expect(h.asOf(micros("2024-03-10T12:29:59Z"), delay: Duration(parsing: "30m")!) == micros("2024-03-10T11:00:00Z"))
    }

    @Test func cadenceOffsetsAndPreEpoch() throws {
        let daily2 = try FreshnessLevel(parsing: "cadence-1d@2h")
        #expect(daily2.asOf(micros("2024-03-10T01:59:59Z"), delay: zero) == micros("2024-03-09T02:00:00Z"))
        #expect(daily2.asOf(micros("2024-03-10T02:00:00Z"), delay: zero) == micros("2024-03-10T02:00:00Z"))
        let d = try FreshnessLevel(parsing: "cadence-1d")
        #expect(d.asOf(micros("1969-12-31T12:00:00Z"), delay: zero) == micros("1969-12-31T00:00:00Z"))
        let w = try FreshnessLevel(parsing: "cadence-7d")
        // Boundaries count from 1970-01-01 (a Thursday), not from a week start.
        #expect(w.asOf(micros("1970-01-08T00:00:00Z"), delay: zero) == micros("1970-01-08T00:00:00Z"))
    }

    @Test func monthlyCadence() throws {
        let mo = try FreshnessLevel(parsing: "cadence-1mo")
        #expect(mo.asOf(micros("2024-03-31T23:00:00Z"), delay: zero) == micros("2024-03-01T00:00:00Z"))
        #expect(mo.asOf(micros("2024-03-01T00:00:00Z"), delay: zero) == micros("2024-03-01T00:00:00Z"))
        let q = try FreshnessLevel(parsing: "cadence-3mo")
        #expect(q.asOf(micros("2024-03-15T00:00:00Z"), delay: zero) == micros("2024-01-01T00:00:00Z"))
        #expect(q.asOf(micros("1969-12-15T00:00:00Z"), delay: zero) == micros("1969-10-01T00:00:00Z"))
        let off = try FreshnessLevel(parsing: "cadence-1mo@4d")
        #expect(off.asOf(micros("2024-03-03T00:00:00Z"), delay: zero) == micros("2024-02-05T00:00:00Z"))
        #expect(off.asOf(micros("2024-03-05T00:00:00Z"), delay: zero) == micros("2024-03-05T00:00:00Z"))
    }

    @Test func monotonicity() throws {
        #expect(try FreshnessLevel(parsing: "cadence-1mo").isMonotone(delay: zero))
        #expect(try !FreshnessLevel(parsing: "lag-1mo").isMonotone(delay: zero))
        #expect(!FreshnessLevel.realtime.isMonotone(delay: Duration(parsing: "1mo")!))
    }
}

@Suite("Time range and overflow")
struct TimeRangeTests {
    @Test func timesOutsideYears0000To9999AreUnparseable() {
        #expect(TimeParser.parse("0000-01-01") == Timestamp.earliest)
        #expect(TimeParser.parse("9999-12-31T23:59:59.999999Z") == Timestamp.latest)
        #expect(TimeParser.parse("-9223372036854775807", format: .epochMicros) == nil)
        #expect(TimeParser.parse("9223372036854.775808", format: .epochSeconds) == nil)
        #expect(TimeParser.parse("-9223372036854.775808", format: .epochSeconds) == nil)
        #expect(TimeParser.parse("253402300800", format: .epochSeconds) == nil)  // 10000-01-01
        #expect(TimeParser.parse("253402300799", format: .epochSeconds) != nil)
    }

    @Test func durationsAreBoundedSoArithmeticCannotWrap() {
        #expect(Duration(parsing: "15250000w") == nil)
        #expect(Duration(parsing: "9223372036854s") == nil)
        #expect(Duration(parsing: "120001mo") == nil)
        #expect(Duration(parsing: "520000w") != nil)
        // The extremes of both never overflow: the earliest time minus the longest lag and delay.
        let longest = Duration(length: .micros(Duration.maxMicros), text: "max")
        let a = longest.subtracted(from: longest.subtracted(from: Timestamp.earliest))
        #expect(a < Timestamp.earliest)
        let months = Duration(length: .months(Duration.maxMonths), text: "max")
        #expect(months.subtracted(from: Timestamp.earliest) < Timestamp.earliest)
        #expect(FreshnessLevel.realtime.asOf(Timestamp.earliest, delay: longest) < Timestamp.earliest)
    }
}
