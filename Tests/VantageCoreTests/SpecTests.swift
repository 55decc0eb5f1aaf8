import Testing
@testable import VantageCore

@Suite("Spec decoding")
struct SpecTests {
    func decode(_ yaml: String) throws -> Spec { try SpecDecoder.decode(text: yaml, path: "spec.yaml", baseDirectory: "/data") }

    let minimal = """
        version: 1
        spine: {path: s.csv, keys: [card_id], time: ts, label: y}
        views:
          - name: p
            path: p.csv
            keys: [card_id]
            time: ts
            features: [a, b]
            ttl: 3d
            freshness: cadence-1d
        freshness:
          levels: [realtime, lag-12h]
        """

    @Test func decodesAndResolvesPaths() throws {
        let s = try decode(minimal)
        #expect(s.spine.source == .csv(path: "/data/s.csv"))
        #expect(s.views[0].kind == .lookup)
        #expect(s.views[0].ttl?.text == "3d")
        #expect(s.views[0].freshness.name == "cadence-1d")
        #expect(s.freshness.levels.map(\.name) == ["realtime", "lag-12h"])
        #expect(s.candidateViews == ["p"])
        #expect(s.views[0].outputColumns == ["p__a", "p__b"])
    }

    @Test("errors name the path", arguments: [
        ("ttl: 3d", "ttl: 3 days", "views[0].ttl", "expected a duration like 3d"),
        ("ttl: 3d", "tll: 3d", "views[0].tll", "did you mean \"ttl\""),
        ("freshness: cadence-1d", "freshness: cadence-0", "views[0].freshness", "longer than zero"),
        ("levels: [realtime, lag-12h]", "levels: [realtime, lag-12x]", "freshness.levels[1]", "not a duration"),
        ("version: 1", "version: 2", "version", "newer than this tool"),
        ("path: p.csv", "path: p.csv\n    sqlite: {database: d.db, table: t}", "views[0]", "either path or sqlite"),
    ])
    func errors(_ from: String, _ to: String, _ path: String, _ words: String) {
        #expect {
            _ = try decode(minimal.replacingOccurrences(of: from, with: to))
        } throws: { e in
            guard case let .spec(p, message) = e as? VantageError else { return false }
            return p == path && message.contains(words)
        }
    }

    @Test func duplicateViewsAndColumns() {
        let twice = minimal.replacingOccurrences(of: "freshness:\n  levels", with: """
              - {name: p, path: q.csv, keys: [card_id], time: ts, features: [c]}
            freshness:
              levels
            """)
        #expect(throws: VantageError.spec(path: "views[1].name", message: "view \"p\" is declared twice; give each view its own name")) {
            _ = try decode(twice)
        }
        let sameColumn = """
            version: 1
            spine: {path: s.csv, keys: [k], time: ts}
            views:
              - name: e
                kind: aggregate
                path: e.csv
                keys: [k]
                time: ts
                aggregations:
                  - {function: count, windows: [1h]}
                  - {function: count, windows: [1h]}
            """
        #expect(throws: VantageError.self) { _ = try decode(sameColumn) }
    }

    @Test func aggregationChecks() {
        func agg(_ a: String) -> String {
            "version: 1\nspine: {path: s.csv, keys: [k], time: ts}\nviews:\n  - {name: e, kind: aggregate, path: e.csv, keys: [k], time: ts, aggregations: [\(a)]}\n"
        }
        #expect {
            _ = try decode(agg("{function: count, windows: [0s]}"))
        } throws: { e in
            guard case let .spec(p, m) = e as? VantageError else { return false }
            return p == "views[0].aggregations[0].windows[0]" && m.contains("positive duration")
        }
        #expect(throws: VantageError.self) { _ = try decode(agg("{function: summ, column: v, windows: [1h]}")) }
        #expect(throws: VantageError.self) { _ = try decode(agg("{function: sum, windows: [1h]}")) }
        #expect(throws: VantageError.self) { _ = try decode(agg("{function: count, column: v, windows: [1h]}")) }
        #expect(throws: Never.self) { _ = try decode(agg("{function: count, windows: [30s, 1mo, lifetime]}")) }
    }
}
