import Foundation
import PropertyBased
import Testing
@testable import VantageCore

/// The engine against `NaiveReference` on thousands of random small cases: random keys
/// (with empty parts), times on a coarse grid (so ties and exact boundaries are common),
/// late `created` times, nulls, TTLs, delays, and levels of every mode including months.
@Suite("Engine vs naive reference")
struct PropertyTests {
    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ xs: [T]) -> T { xs[int(xs.count)] }
    }

    static let base = TimeParser.parse("2024-01-30T00:00:00Z")!
    static let levels = ["realtime", "lag-30m", "lag-1h", "lag-1mo", "cadence-1h", "cadence-2h@30m", "cadence-1d",
                         "cadence-1mo", "cadence-1d@6h", "lag-1d"]
    static let durations = ["0", "30m", "1h"]
    static let ttls: [String?] = [nil, "1h", "3h", "1d", "1mo"]
    static let windows = ["30m", "1h", "2h", "1d", "1mo", "lifetime"]

    /// A time on a 30-minute grid over about two months around month ends.
    static func time(_ r: inout Rng) -> Int64 {
        let step: Int64 = 1_800_000_000
        return base + Int64(r.int(3000) - 1500) * step / Int64(r.pick([1, 1, 1, 3]))
    }

    static func text(_ t: Int64) -> String { Timestamp.format(t) }

    static func check(seed: UInt64) throws {
        var r = Rng(state: seed)
        let keys = ["a", "b", "c", ""]
        var spineRows = [(String, Int64)]()
        for _ in 0..<(1 + r.int(12)) { spineRows.append((r.pick(keys), time(&r))) }
        var lookups = [NaiveReference.LookupRow]()
        for i in 0..<r.int(14) {
            let tau = time(&r)
            let created: Int64? = r.int(3) == 0 ? tau + Int64(r.int(6)) * 1_800_000_000 : nil
            lookups.append(.init(key: r.pick(keys), tau: tau, created: created, x: r.int(5) == 0 ? nil : "v\(i)"))
        }
        var events = [NaiveReference.Event]()
        for _ in 0..<r.int(20) {
            events.append(.init(key: r.pick(keys), tau: time(&r), v: r.int(4) == 0 ? nil : Double(r.int(13) - 6) * 0.5,
                                text: r.int(4) == 0 ? nil : r.pick(["x", "y", "z"])))
        }
        let level = try FreshnessLevel(parsing: r.pick(levels))
        let delay = Duration(parsing: r.pick(durations))!
        let ttl = r.pick(ttls).flatMap { Duration(parsing: $0) }
        let function = r.pick(AggregateFunction.allCases)
        let window: Window = { let w = r.pick(windows); return w == "lifetime" ? .lifetime : .duration(Duration(parsing: w)!) }()

        let spine = TextColumn(spineRows.map { $0.0 })
        let spineT = TextColumn(spineRows.map { text($0.1) })
        let spineTable = CSVTable(file: "spine.csv", header: ["k", "t"], columns: [0: spine, 1: spineT], rowCount: spineRows.count, recordLines: nil)
        let f = CSVTable(file: "f.csv", header: ["k", "ts", "c", "x"], columns: [
            0: TextColumn(lookups.map { $0.key }), 1: TextColumn(lookups.map { text($0.tau) }),
            2: TextColumn(lookups.map { $0.created.map(text) }), 3: TextColumn(lookups.map { $0.x }),
        ], rowCount: lookups.count, recordLines: nil)
        var b = CSVBuffer()
        let e = CSVTable(file: "e.csv", header: ["k", "ts", "v", "m"], columns: [
            0: TextColumn(events.map { $0.key }), 1: TextColumn(events.map { text($0.tau) }),
            2: TextColumn(events.map { ev in ev.v.map { b.bytes.removeAll(); b.real($0); return String(decoding: b.bytes, as: UTF8.self) } }),
            3: TextColumn(events.map { $0.text }),
        ], rowCount: events.count, recordLines: nil)
        let column = function.takesColumn ? (function.isNumeric ? ", column: v" : ", column: m") : ""
        let yaml = """
            version: 1
            spine: {path: spine.csv, keys: [k], time: t}
            views:
              - {name: f, path: f.csv, keys: [k], time: ts, created: c, features: [x], delay: \(delay.text)\(ttl.map { ", ttl: \($0.text)" } ?? "")}
              - {name: e, kind: aggregate, path: e.csv, keys: [k], time: ts, delay: \(delay.text), aggregations: [{function: \(function.rawValue)\(column), windows: [\(window.text)]}]}
            """
        let spec = try SpecDecoder.decode(text: yaml, path: "spec.yaml", baseDirectory: "/mem")
        let inputs = try Loader.load(spec, options: .init(preloaded: ["/mem/spine.csv": spineTable, "/mem/f.csv": f, "/mem/e.csv": e]))
        let engine = PointInTimeEngine(inputs: inputs)
        let set = engine.trainingSet(levels: engine.levels(varying: level))
        let cols = set.featureColumns
        for (i, row) in spineRows.enumerated() {
            let expectLookup = NaiveReference.lookup(t: row.1, key: row.0, rows: lookups, level: level, delay: delay, ttl: ttl)
            let expectWindow = NaiveReference.window(t: row.1, key: row.0, events: events, function: function, window: window, level: level, delay: delay)
            let gotLookup = cols[0].text(i), gotWindow = cols[1].text(i)
            let context = "seed \(seed): row \(i) key \(row.0) t \(text(row.1)) level \(level.name) delay \(delay.text) ttl \(ttl?.text ?? "-") \(function.rawValue) \(window.text)"
            #expect(gotLookup == expectLookup, "lookup, \(context)")
            if function == .stddev, let g = gotWindow.flatMap(Double.init), let x = expectWindow.flatMap(Double.init) {
                #expect(abs(g - x) <= 1e-9 * max(abs(g), abs(x)) + 1e-12, "window, \(context)")
            } else {
                #expect(gotWindow == expectWindow, "window, \(context)")
            }
        }
    }

    @Test("random cases agree with the naive reference")
    func randomCases() async {
        await propertyCheck(count: 3000, input: Gen.int(in: 0...Int(UInt32.max))) { seed in
            #expect(throws: Never.self) { try Self.check(seed: UInt64(seed)) }
        }
    }
}
