import Testing
@testable import VantageCore

/// Window rules of docs/semantics.md ("Window aggregation") at their boundaries:
/// `[a - W, a)`, lifetime, months, nulls, empty windows, numeric stability.
@Suite("Window boundaries")
struct WindowBoundaryTests {
    let events = """
        k,ts,v,m
        a,2024-01-01T11:00:00Z,1,x
        a,2024-01-01T11:30:00Z,2,y
        a,2024-01-01T12:00:00Z,4,x
        a,2024-01-01T12:00:00Z,8,z

        """

    @Test func halfOpenWindow() throws {
        let c = try TempCase(files: ["spine.csv": "k,t\na,2024-01-01T12:00:00Z\n", "e.csv": events])
        let out = try c.run(windowSpec(["{function: count, windows: [1h, 30m, 29m, lifetime]}",
                                        "{function: sum, column: v, windows: [1h]}"]))
        // Events at exactly a are out; at exactly a - 1h is in.
        #expect(out["e__count_1h"] == ["2"])
        #expect(out["e__count_30m"] == ["1"])
        #expect(out["e__count_29m"] == ["0"])
        #expect(out["e__count_lifetime"] == ["2"])
        #expect(out["e__sum_v_1h"] == ["3"])
    }

    @Test func lastAndTimeSinceLastAndTies() throws {
        let c = try TempCase(files: ["spine.csv": "k,t\na,2024-01-01T12:00:00.5Z\n", "e.csv": events])
        let out = try c.run(windowSpec(["{function: last, column: m, windows: [lifetime]}",
                                        "{function: time_since_last, windows: [1d]}",
                                        "{function: count_distinct, column: m, windows: [1d]}"]))
        // Two events tie at 12:00; the last in source wins.
        #expect(out["e__last_m_lifetime"] == ["z"])
        #expect(out["e__time_since_last_1d"] == ["0.5"])
        #expect(out["e__count_distinct_m_1d"] == ["3"])
    }

    @Test func emptyWindows() throws {
        let c = try TempCase(files: ["spine.csv": "k,t\na,2024-01-01T10:00:00Z\nq,2024-01-01T13:00:00Z\n,2024-01-01T13:00:00Z\n", "e.csv": events])
        let out = try c.run(windowSpec(["{function: count, windows: [1h]}", "{function: count_distinct, column: m, windows: [1h]}",
                                        "{function: sum, column: v, windows: [1h]}", "{function: mean, column: v, windows: [1h]}",
                                        "{function: min, column: v, windows: [1h]}", "{function: stddev, column: v, windows: [1h]}",
                                        "{function: last, column: m, windows: [1h]}", "{function: time_since_last, windows: [1h]}"]))
        for col in ["e__count_1h", "e__count_distinct_m_1h"] { #expect(out[col] == ["0", "0", "0"]) }
        for col in ["e__sum_v_1h", "e__mean_v_1h", "e__min_v_1h", "e__stddev_v_1h", "e__last_m_1h", "e__time_since_last_1h"] {
            #expect(out[col] == [nil, nil, nil], "\(col)")
        }
    }

    @Test func nullsAreIgnoredByNumbersButCounted() throws {
        let c = try TempCase(files: [
            "spine.csv": "k,t\na,2024-01-02T00:00:00Z\nb,2024-01-02T00:00:00Z\n",
            "e.csv": "k,ts,v\na,2024-01-01T01:00:00Z,\na,2024-01-01T02:00:00Z,3\na,2024-01-01T03:00:00Z,5\nb,2024-01-01T01:00:00Z,\n",
        ])
        let out = try c.run(windowSpec(["{function: count, windows: [1d]}", "{function: sum, column: v, windows: [1d]}",
                                        "{function: mean, column: v, windows: [1d]}", "{function: max, column: v, windows: [1d]}",
                                        "{function: stddev, column: v, windows: [1d]}", "{function: last, column: v, windows: [1d]}"]))
        #expect(out["e__count_1d"] == ["3", "1"])
        #expect(out["e__sum_v_1d"] == ["8", nil])
        #expect(out["e__mean_v_1d"] == ["4", nil])
        #expect(out["e__max_v_1d"] == ["5", nil])
        #expect(out["e__stddev_v_1d"] == ["1.4142135623730951", nil])
        #expect(out["e__last_v_1d"] == ["5", nil])
    }

    @Test func monthWindowClampsAtMonthEnd() throws {
        let c = try TempCase(files: [
            "spine.csv": "k,t\na,2024-03-31T00:00:00Z\n",
            "e.csv": "k,ts\na,2024-02-28T23:59:59Z\na,2024-02-29T00:00:00Z\na,2024-03-30T00:00:00Z\n",
        ])
        #expect(try c.run(windowSpec(["{function: count, windows: [1mo]}"]))["e__count_1mo"] == ["2"])
        // Under lag-1mo the window starts at (t - 1mo) - 1mo = 2024-01-29.
        let d = try TempCase(files: [
            "spine.csv": "k,t\na,2024-03-31T00:00:00Z\n",
            "e.csv": "k,ts\na,2024-01-28T23:59:59Z\na,2024-01-29T00:00:00Z\na,2024-02-28T00:00:00Z\n",
        ])
        #expect(try d.run(windowSpec(["{function: count, windows: [1mo]}"]), level: "lag-1mo")["e__count_1mo"] == ["2"])
    }

    @Test func stddevIsStableOnLargeCloseValues() throws {
        var rows = "k,ts,v\n"
        var values = [Double]()
        for i in 0..<50 {
            let v = 1e9 + Double(i % 7) * 1e-3
            values.append(v)
            rows += "a,2024-01-01T00:\(String(format: "%02d", i)):00Z,\(v)\n"
        }
        let c = try TempCase(files: ["spine.csv": "k,t\na,2024-01-02T00:00:00Z\n", "e.csv": rows])
        let got = Double(try c.run(windowSpec(["{function: stddev, column: v, windows: [1d]}"]))["e__stddev_v_1d"]![0]!)!
        // Exact value of the sample standard deviation of those doubles (50-digit decimal
        // arithmetic); naive double arithmetic is off in the 8th digit here.
        let exact = 0.0020445047463298209
        #expect(abs(got - exact) <= 1e-12 * exact, "got \(got), exact \(exact)")
        _ = values
    }

    @Test func nonNumericValueIsAnErrorWithLineAndColumn() throws {
        let c = try TempCase(files: ["spine.csv": "k,t\na,2024-01-02T00:00:00Z\n", "e.csv": "k,ts,v\na,2024-01-01T01:00:00Z,1\na,2024-01-01T02:00:00Z,abc\n"])
        #expect {
            _ = try c.run(windowSpec(["{function: sum, column: v, windows: [1d]}"]))
        } throws: { e in
            guard case let .input(file, line, column, message) = e as? VantageError else { return false }
            return file.hasSuffix("e.csv") && line == 3 && column == 3 && message.contains("abc")
        }
    }
}
