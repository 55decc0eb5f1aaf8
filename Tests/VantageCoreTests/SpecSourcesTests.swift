import Testing
@testable import VantageCore

/// `sources:` names a file once for several views; `freshness.baseline` names today's
/// production freshness. Both at their edges: overrides, unknown names, conflicts.
@Suite("Spec sources and baseline")
struct SpecSourcesTests {
    func decode(_ yaml: String) throws -> Spec { try SpecDecoder.decode(text: yaml, path: "spec.yaml", baseDirectory: "/data") }

    static let spec = """
        version: 1
        sources:
          events: {path: events.csv, format: csv, time: ts, time_format: epoch_s}
        spine: {path: s.csv, keys: [k], time: t, label: y}
        views:
          - {name: a, kind: aggregate, source: events, keys: [k], aggregations: [{function: count, windows: [1h]}]}
          - {name: b, kind: aggregate, source: events, keys: [k], time: other, time_format: iso8601, aggregations: [{function: count, windows: [1d]}]}
        freshness: {levels: [realtime, cadence-1h, cadence-1d], baseline: cadence-1h}
        """

    @Test func viewsTakeTheNamedSource() throws {
        let s = try decode(Self.spec)
        #expect(s.views[0].source == .csv(path: "/data/events.csv"))
        #expect(s.views[0].time == "ts" && s.views[0].timeFormat == .epochSeconds)
        // A view's own time and format win over the source's.
        #expect(s.views[1].source == .csv(path: "/data/events.csv"))
        #expect(s.views[1].time == "other" && s.views[1].timeFormat == .iso8601)
        #expect(s.freshness.baseline?.name == "cadence-1h")
    }

    @Test("source and baseline errors name the path", arguments: [
        ("source: events, keys: [k], aggregations: [{function: count, windows: [1h]}]",
         "source: evnts, keys: [k], aggregations: [{function: count, windows: [1h]}]", "views[0].source", "did you mean \"events\""),
        ("source: events, keys: [k], aggregations: [{function: count, windows: [1h]}]",
         "source: events, path: x.csv, keys: [k], aggregations: [{function: count, windows: [1h]}]", "views[0].source", "not both"),
        ("format: csv", "format: orc", "sources.events.format", "expected csv or parquet"),
        ("format: csv", "format: sqlite", "sources.events.format", "expected csv or parquet"),
        ("baseline: cadence-1h", "baseline: cadence-2h", "freshness.baseline", "not one of freshness.levels"),
    ])
    func errors(_ from: String, _ to: String, _ path: String, _ message: String) throws {
        let yaml = Self.spec.replacingOccurrences(of: from, with: to)
        #expect(yaml != Self.spec)
        do {
            _ = try decode(yaml)
            Issue.record("expected an error for \(to)")
        } catch {
            #expect("\(error)".contains("spec: \(path)"), "\(error)")
            #expect("\(error)".contains(message), "\(error)")
        }
    }

    @Test func baselineChoiceSaysWhy() throws {
        let levels = ["realtime", "cadence-1h", "cadence-1d"]
        #expect(try BaselineChoice(levels: levels, requested: nil, spec: nil).level == "cadence-1d")
        let fromSpec = try BaselineChoice(levels: levels, requested: nil, spec: try FreshnessLevel(parsing: "cadence-1h"))
        #expect(fromSpec.level == "cadence-1h" && fromSpec.reason.contains("freshness.baseline"))
        #expect(try BaselineChoice(levels: levels, requested: "realtime", spec: nil).reason.contains("--baseline"))
        #expect(throws: VantageError.self) { try BaselineChoice(levels: levels, requested: "lag-1h", spec: nil) }
        // The spec's baseline is swept even when --levels leaves it out.
        let s = try decode(Self.spec)
        #expect(try s.freshness.sweepLevels(requested: ["realtime"]).map(\.name) == ["realtime", "cadence-1h"])
    }
}
