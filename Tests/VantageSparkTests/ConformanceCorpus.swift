import Foundation
import VantageCore

/// The conformance cases kept with the core tests (Tests/VantageCoreTests/Fixtures/
/// conformance), read in place: each case's `case.json` as a Vantage spec, its levels,
/// and the comparison rules for its cells.
struct ConformanceCorpus {
    struct Case {
        let name: String
        let directory: String
        let json: [String: Any]

        var views: [[String: Any]] { json["views"] as? [[String: Any]] ?? [] }
        /// (expected file stem, level text) per level.
        var levels: [(name: String, text: String)] {
            (json["levels"] as? [[String: Any]] ?? []).map { l in
                let mode = l["mode"] as? String ?? "realtime", every = l["every"] as? String ?? "0"
                let text: String
                switch mode {
                case "realtime": text = "realtime"
                case "lag": text = "lag-" + every
                default:
                    if let o = l["offset"] as? String, !o.isEmpty { text = "cadence-\(every)@\(o)" } else { text = "cadence-" + every }
                }
                return (l["name"] as? String ?? text, text)
            }
        }

        /// The case as a spec (JSON values are valid YAML flow scalars).
        func spec() throws -> Spec {
            func q(_ s: Any) throws -> String {
                String(decoding: try JSONSerialization.data(withJSONObject: s, options: [.fragmentsAllowed]), as: UTF8.self)
            }
            let spine = json["spine"] as? [String: Any] ?? [:]
            var lines = ["version: 1", "spine:", "  path: \(try q(spine["file"] ?? ""))", "  keys: \(try q(spine["keys"] ?? []))",
                         "  time: \(try q(spine["time"] ?? ""))", "views:"]
            for v in views {
                lines += ["  - name: \(try q(v["name"] ?? ""))", "    kind: \(v["kind"] as? String ?? "lookup")",
                          "    path: \(try q(v["file"] ?? ""))", "    keys: \(try q(v["keys"] ?? []))", "    time: \(try q(v["time"] ?? ""))"]
                for k in ["spine_keys", "created", "features", "ttl", "delay"] {
                    if let x = v[k] { lines.append("    \(k): \(try q(x))") }
                }
                if let aggs = v["aggregations"] as? [[String: Any]] {
                    lines.append("    aggregations:")
                    for a in aggs { lines.append("      - \(try q(a))") }
                }
            }
            lines += ["freshness:", "  levels: \(try q(levels.map(\.text)))"]
            return try SpecDecoder.decode(text: lines.joined(separator: "\n") + "\n", path: "\(name)/spec.yaml", baseDirectory: directory)
        }

        /// How each output column compares: exact text, or by the function's rule.
        var kinds: [String: String] {
            var out = [String: String]()
            for v in views {
                let name = v["name"] as? String ?? ""
                for a in v["aggregations"] as? [[String: Any]] ?? [] {
                    let fn = a["function"] as? String ?? ""
                    for w in a["windows"] as? [String] ?? [] {
                        let key = (a["column"] as? String).map { "\(name)__\(fn)_\($0)_\(w)" } ?? "\(name)__\(fn)_\(w)"
                        out[key] = fn == "last" ? "exact" : fn
                    }
                }
            }
            return out
        }
    }

    static let root: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("VantageCoreTests/Fixtures/conformance").path

    static func all() throws -> [Case] {
        try FileManager.default.contentsOfDirectory(atPath: root).filter { !$0.hasPrefix(".") && FileManager.default.fileExists(atPath: root + "/" + $0 + "/case.json") }.sorted().map { name in
            let dir = root + "/" + name
            let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/case.json"))
            return Case(name: name, directory: dir, json: try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:])
        }
    }

    /// Cell-by-cell differences between two CSV files, described for a failure message.
    static func compare(expected: CSVTable, actual: CSVTable, kinds: [String: String]) -> [String] {
        guard expected.header == actual.header else { return ["header: expected \(expected.header), got \(actual.header)"] }
        guard expected.rowCount == actual.rowCount else { return ["rows: expected \(expected.rowCount), got \(actual.rowCount)"] }
        var problems = [String]()
        for (c, name) in expected.header.enumerated() {
            guard let e = expected.columns[c], let a = actual.columns[c] else { continue }
            for r in 0..<expected.rowCount where !cellsMatch(e.value(r), a.value(r), kind: kinds[name] ?? "exact") {
                problems.append("row \(r + 1) \(name): expected \(e.value(r) ?? "null"), got \(a.value(r) ?? "null")")
            }
        }
        return problems
    }

    /// Numbers equal as values: counts, min and max exactly, seconds to a microsecond's
    /// tenth, the rest to a relative 1e-9; text exactly.
    static func cellsMatch(_ e: String?, _ a: String?, kind: String) -> Bool {
        guard let e, let a else { return e == nil && a == nil }
        if kind == "exact" { return e == a }
        guard let x = Double(e), let y = Double(a) else { return false }
        switch kind {
        case "count", "count_distinct", "min", "max": return x == y
        case "time_since_last": return abs(x - y) <= 1e-7
        default: return abs(x - y) <= 1e-9 * max(abs(x), abs(y)) + 1e-9
        }
    }
}
