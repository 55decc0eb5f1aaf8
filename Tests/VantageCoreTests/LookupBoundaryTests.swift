import Testing
@testable import VantageCore

/// Every lookup rule of docs/semantics.md ("Visibility and created time", "Lookups") at its
/// boundary: inclusive vs strict visibility, created time, TTL edges, ties, keys and nulls.
@Suite("Lookup boundaries")
struct LookupBoundaryTests {
    @Test func realtimeSeesRowAtExactlyTCadenceDoesNot() throws {
        let c = try TempCase(files: [
            "spine.csv": "k,t\na,2024-01-01T12:00:00Z\n",
            "f.csv": "k,ts,x\na,2024-01-01T11:00:00Z,old\na,2024-01-01T12:00:00Z,at_t\n",
        ])
        #expect(try c.run(lookupSpec())["f__x"] == ["at_t"])
        // The batch at 12:00 holds only data strictly before 12:00.
        #expect(try c.run(lookupSpec(), level: "cadence-1h")["f__x"] == ["old"])
        // A lag is inclusive at its as-of time.
        #expect(try c.run(lookupSpec(), level: "lag-1h")["f__x"] == ["old"])
    }

    @Test func oneMicrosecondLater() throws {
        let c = try TempCase(files: [
            "spine.csv": "k,t\na,2024-01-01T12:00:00Z\n",
            "f.csv": "k,ts,x\na,2024-01-01T12:00:00.000001Z,future\n",
        ])
        #expect(try c.run(lookupSpec())["f__x"] == [nil])
    }

    @Test func createdTimeGatesVisibility() throws {
        let c = try TempCase(files: [
            "spine.csv": "k,t\na,2024-01-01T12:00:00Z\na,2024-01-01T13:00:00Z\n",
            // A late arrival: τ 10:00, known only at 12:30; an on-time older row.
            "f.csv": "k,ts,c,x\na,2024-01-01T09:00:00Z,,ontime\na,2024-01-01T10:00:00Z,2024-01-01T12:30:00Z,late\n",
        ])
        let out = try c.run(lookupSpec(["created: c"]))
        #expect(out["f__x"] == ["ontime", "late"])
    }

    @Test func createdExactlyAtAIsVisibleInRealTimeNotInCadence() throws {
        let c = try TempCase(files: [
            "spine.csv": "k,t\na,2024-01-01T12:00:00Z\n",
            "f.csv": "k,ts,c,x\na,2024-01-01T09:00:00Z,,base\na,2024-01-01T10:00:00Z,2024-01-01T12:00:00Z,restated\n",
        ])
        #expect(try c.run(lookupSpec(["created: c"]))["f__x"] == ["restated"])
        #expect(try c.run(lookupSpec(["created: c"]), level: "cadence-1h")["f__x"] == ["base"])
    }

    @Test func restatementWithSameTauPicksGreatestCreated() throws {
        let c = try TempCase(files: [
            "spine.csv": "k,t\na,2024-01-01T12:00:00Z\na,2024-01-01T14:00:00Z\n",
            "f.csv": "k,ts,c,x\na,2024-01-01T10:00:00Z,2024-01-01T13:00:00Z,v2\na,2024-01-01T10:00:00Z,2024-01-01T10:00:00Z,v1\n",
        ])
        #expect(try c.run(lookupSpec(["created: c"]))["f__x"] == ["v1", "v2"])
    }

    @Test func fullTiesGoToTheLastInSource() throws {
        let c = try TempCase(files: [
            "spine.csv": "k,t\na,2024-01-01T12:00:00Z\n",
            "f.csv": "k,ts,x\na,2024-01-01T10:00:00Z,first\na,2024-01-01T10:00:00Z,second\n",
        ])
        #expect(try c.run(lookupSpec())["f__x"] == ["second"])
    }

    @Test func ttlEdgeIsInclusiveAndOneMicrosecondPastIsNull() throws {
        let c = try TempCase(files: [
            "spine.csv": "k,t\na,2024-01-02T10:00:00Z\nb,2024-01-02T10:00:00.000001Z\n",
            "f.csv": "k,ts,x\na,2024-01-01T10:00:00Z,edge\nb,2024-01-01T10:00:00Z,past\n",
        ])
        #expect(try c.run(lookupSpec(["ttl: 1d"]))["f__x"] == ["edge", nil])
    }

    @Test func ttlAgeIsFromTNotFromA() throws {
        let c = try TempCase(files: [
            "spine.csv": "k,t\na,2024-01-01T12:30:00Z\n",
            "f.csv": "k,ts,x\na,2024-01-01T11:00:00Z,v\n",
        ])
        // Under cadence-1h, a = 12:00 and the row is 1h old at a but 1h30 old at t.
        #expect(try c.run(lookupSpec(["ttl: 1h"]), level: "cadence-1h")["f__x"] == [nil])
        #expect(try c.run(lookupSpec(["ttl: 2h"]), level: "cadence-1h")["f__x"] == ["v"])
    }

    @Test func monthTTLUsesCalendarMonths() throws {
        let c = try TempCase(files: [
            "spine.csv": "k,t\na,2024-03-31T00:00:00Z\nb,2024-03-31T00:00:00Z\n",
            "f.csv": "k,ts,x\na,2024-02-29T00:00:00Z,edge\nb,2024-02-28T23:59:59Z,old\n",
        ])
        #expect(try c.run(lookupSpec(["ttl: 1mo"]))["f__x"] == ["edge", nil])
    }

    @Test func nullFeatureNeverFallsBack() throws {
        let c = try TempCase(files: [
            "spine.csv": "k,t\na,2024-01-01T12:00:00Z\n",
            "f.csv": "k,ts,x,y\na,2024-01-01T09:00:00Z,old,1\na,2024-01-01T10:00:00Z,,2\n",
        ])
        let out = try c.run(lookupSpec(features: "[x, y]"))
        #expect(out["f__x"] == [nil])
        #expect(out["f__y"] == ["2"])
    }

    @Test func keysMatchByExactTextAndCompositeByParts() throws {
        let c = try TempCase(files: [
            "spine.csv": "k,m,t\n007,x,2024-01-01T12:00:00Z\n7,x,2024-01-01T12:00:00Z\n\"a,b\",c,2024-01-01T12:00:00Z\na,\"b,c\",2024-01-01T12:00:00Z\n,x,2024-01-01T12:00:00Z\n",
            "f.csv": "k,m,ts,x\n007,x,2024-01-01T00:00:00Z,zeros\n\"a,b\",c,2024-01-01T00:00:00Z,left\n,x,2024-01-01T00:00:00Z,empty\n",
        ])
        let yaml = """
            version: 1
            spine: {path: spine.csv, keys: [k, m], time: t}
            views:
              - {name: f, kind: lookup, path: f.csv, keys: [k, m], time: ts, features: [x]}
            """
        #expect(try c.run(yaml)["f__x"] == ["zeros", nil, "left", nil, nil])
    }

    @Test func spineKeysMatchByPosition() throws {
        let c = try TempCase(files: [
            "spine.csv": "card,t\na,2024-01-01T12:00:00Z\n",
            "f.csv": "card_id,ts,x\na,2024-01-01T00:00:00Z,v\n",
        ])
        let yaml = """
            version: 1
            spine: {path: spine.csv, keys: [card], time: t}
            views:
              - {name: f, path: f.csv, keys: [card_id], spine_keys: [card], time: ts, features: [x]}
            """
        #expect(try c.run(yaml)["f__x"] == ["v"])
    }

    @Test func delayShiftsAsOf() throws {
        let c = try TempCase(files: [
            "spine.csv": "k,t\na,2024-01-01T12:00:00Z\n",
            "f.csv": "k,ts,x\na,2024-01-01T11:00:00Z,early\na,2024-01-01T11:30:00.000001Z,late\n",
        ])
        #expect(try c.run(lookupSpec(["delay: 30m"]))["f__x"] == ["early"])
    }

    @Test func monthLagIsNotMonotone() throws {
        // t = 03-31T00:00 has a = 02-29T00:00, earlier than the a = 02-29T12:00 of the
        // earlier t = 03-30T12:00: a merge sorted by t would leak the 06:00 row.
        let c = try TempCase(files: [
            "spine.csv": "k,t\na,2024-03-30T12:00:00Z\na,2024-03-31T00:00:00Z\n",
            "f.csv": "k,ts,x\na,2024-02-28T00:00:00Z,before\na,2024-02-29T06:00:00Z,between\n",
        ])
        #expect(try c.run(lookupSpec(), level: "lag-1mo")["f__x"] == ["between", "before"])
    }

    @Test func emptyViewAndEmptySpine() throws {
        let c = try TempCase(files: ["spine.csv": "k,t\na,2024-01-01T12:00:00Z\n", "f.csv": "k,ts,x\n"])
        #expect(try c.run(lookupSpec())["f__x"] == [nil])
        let e = try TempCase(files: ["spine.csv": "k,t\n", "f.csv": "k,ts,x\na,2024-01-01T00:00:00Z,v\n"])
        #expect(try e.csv(lookupSpec()) == "k,t,f__x\r\n")
    }

    @Test func outputIsQuotedMinimallyWithCRLF() throws {
        let c = try TempCase(files: [
            "spine.csv": "k,t,note\na,2024-01-01T12:00:00Z,\"x, y\"\na,2024-01-01T13:00:00Z,\"\"\"q\"\"\"\n",
            "f.csv": "k,ts,x\na,2024-01-01T00:00:00Z,\"line\nbreak\"\n",
        ])
        let csv = try c.csv(lookupSpec())
        #expect(csv == "k,t,note,f__x\r\na,2024-01-01T12:00:00Z,\"x, y\",\"line\nbreak\"\r\na,2024-01-01T13:00:00Z,\"\"\"q\"\"\",\"line\nbreak\"\r\n")
    }
}
