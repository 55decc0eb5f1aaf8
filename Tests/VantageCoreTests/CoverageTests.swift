import Foundation
import Testing
@testable import VantageCore

/// The two coverage figures of the freshness profile, at their boundaries:
/// "share of rows with any value" (a row counts when some column of the view has a
/// value) and "share of non-empty windows" (of every aggregation × window cell).
/// Windows hold events with `a − w ≤ τ < a`: an event exactly one window before the
/// row is in, an event at the row's own time is not.
@Suite("Coverage definitions")
struct CoverageTests {
    static let spec = """
        version: 1
        spine: {path: spine.csv, keys: [k], time: t}
        views:
          - name: v
            kind: aggregate
            path: events.csv
            keys: [k]
            time: t
            aggregations: [{function: count, windows: [1h, 1d]}]
          - {name: p, kind: lookup, path: prof.csv, keys: [k], time: t, features: [x]}
        """

    func profiles() throws -> [String: FreshnessProfile] {
        // Row 1: an event exactly 1 h before (inside 1h and 1d). Row 2: an event 2 h
        // before (1d only). Row 3: an event at its own time only (no window holds it).
        let c = try TempCase(files: [
            "spine.csv": "k,t\na,2024-01-02T10:00:00Z\nb,2024-01-02T10:00:00Z\nc,2024-01-02T10:00:00Z\n",
            "events.csv": "k,t\na,2024-01-02T09:00:00Z\nb,2024-01-02T08:00:00Z\nc,2024-01-02T10:00:00Z\n",
            "prof.csv": "k,t,x\na,2024-01-01T00:00:00Z,1\nb,2024-01-01T00:00:00Z,\n",
        ])
        let s = try c.spec(Self.spec)
        let inputs = try Loader.load(s)
        let engine = PointInTimeEngine(inputs: inputs)
        var out = [String: FreshnessProfile]()
        for i in s.views.indices {
            let o = engine.compute(view: i, level: .realtime)
            out[s.views[i].name] = FreshnessProfile.compute(o, times: inputs.spineTimes, realtime: nil)
        }
        return out
    }

    @Test func aggregateRowsAndWindowsDiffer() throws {
        let v = try #require(try profiles()["v"])
        #expect(v.coverageRows == 2.0 / 3.0, "rows a and b have some window with an event; c has none")
        #expect(abs(v.coverageWindows - 3.0 / 6.0) < 1e-12, "cells: a 1h, a 1d, b 1d of 6")
        #expect(v.columnCoverage?["v__count_1h"] == 1.0 / 3.0)
        #expect(v.columnCoverage?["v__count_1d"] == 2.0 / 3.0)
    }

    @Test func lookupCountsRowsWithANonEmptyValue() throws {
        let p = try #require(try profiles()["p"])
        // a has x = 1; b's only snapshot has an empty x; c has no snapshot.
        #expect(p.coverageRows == 1.0 / 3.0)
        #expect(p.columnCoverage?["p__x"] == 1.0 / 3.0)
    }
}
