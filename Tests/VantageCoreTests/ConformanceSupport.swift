import Foundation
@testable import VantageCore

/// One case of the conformance corpus (Fixtures/conformance, described in its README.md):
/// its case.json translated to Vantage's YAML, and the rules for comparing cells
/// (Fixtures/conformance/FORMAT.md, "Comparing cells").
struct ConformanceCase: CustomStringConvertible, @unchecked Sendable {
    let name: String
    let directory: String
    let json: [String: Any]

    var description: String { name }

    static var root: String {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("conformance").path
    }

    /// Every sub-folder holding a case.json (the folder's README.md is not a case).
    static var all: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: root))?
            .filter { FileManager.default.fileExists(atPath: root + "/" + $0 + "/case.json") }.sorted() ?? []
    }

    init(name: String) throws {
        self.name = name
        directory = Self.root + "/" + name
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/case.json"))
        json = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    var views: [[String: Any]] { json["views"] as? [[String: Any]] ?? [] }
    var levels: [[String: Any]] { json["levels"] as? [[String: Any]] ?? [] }

    /// The contract's spelling of a case level (`lag-1h`, `cadence-1d@2h`).
    static func levelText(_ l: [String: Any]) -> String {
        let mode = l["mode"] as? String ?? "realtime"
        let every = l["every"] as? String ?? "0"
        switch mode {
        case "realtime": return "realtime"
        case "lag": return "lag-" + every
        default:
            if let o = l["offset"] as? String, !o.isEmpty { return "cadence-\(every)@\(o)" }
            return "cadence-" + every
        }
    }

    func q(_ s: Any) -> String {
        String(data: try! JSONSerialization.data(withJSONObject: s, options: [.fragmentsAllowed]), encoding: .utf8)!
    }

    /// The case as a Vantage spec (YAML; JSON values are valid YAML flow scalars).
    var specYAML: String {
        let spine = json["spine"] as? [String: Any] ?? [:]
        var lines = ["version: 1", "spine:",
                     "  path: \(q(spine["file"] as? String ?? ""))",
                     "  keys: \(q(spine["keys"] ?? []))",
                     "  time: \(q(spine["time"] ?? ""))", "views:"]
        for v in views {
            lines += ["  - name: \(q(v["name"] ?? ""))", "    kind: \(v["kind"] as? String ?? "lookup")",
                      "    path: \(q(v["file"] ?? ""))", "    keys: \(q(v["keys"] ?? []))", "    time: \(q(v["time"] ?? ""))"]
            for k in ["spine_keys", "created", "features", "ttl", "delay"] {
                if let x = v[k] { lines.append("    \(k): \(q(x))") }
            }
            if let aggs = v["aggregations"] as? [[String: Any]] {
                lines.append("    aggregations:")
                for a in aggs { lines.append("      - \(q(a))") }
            }
        }
        lines.append("freshness:")
        lines.append("  levels: \(q(levels.map(Self.levelText)))")
        return lines.joined(separator: "\n") + "\n"
    }

    /// How a column's cells compare (compare.py's rules), by output name.
    func kinds(spineHeader: [String]) -> [String: String] {
        var out = [String: String]()
        for h in spineHeader { out[h] = "exact" }
        for v in views {
            let name = v["name"] as? String ?? ""
            for f in v["features"] as? [String] ?? [] { out["\(name)__\(f)"] = "exact" }
            for a in v["aggregations"] as? [[String: Any]] ?? [] {
                let fn = a["function"] as? String ?? ""
                for w in a["windows"] as? [String] ?? [] {
                    let col = a["column"] as? String
                    let key = col.map { "\(name)__\(fn)_\($0)_\(w)" } ?? "\(name)__\(fn)_\(w)"
                    out[key] = fn == "last" ? "exact" : fn
                }
            }
        }
        return out
    }

    /// Mismatches between an output and the expected file, described for a failure message.
    static func compare(expected: CSVTable, actual: CSVTable, kinds: [String: String]) -> [String] {
        guard expected.header == actual.header else {
            return ["header: expected \(expected.header), got \(actual.header)"]
        }
        guard expected.rowCount == actual.rowCount else {
            return ["rows: expected \(expected.rowCount), got \(actual.rowCount)"]
        }
        var problems = [String]()
        for (c, name) in expected.header.enumerated() {
            let e = expected.columns[c]!, a = actual.columns[c]!
            for r in 0..<expected.rowCount {
                let ev = e.value(r), av = a.value(r)
                if !cellsMatch(ev, av, kind: kinds[name] ?? "exact") {
                    problems.append("row \(r + 1) \(name): expected \(ev ?? "null"), got \(av ?? "null")")
                }
            }
        }
        return problems
    }

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
