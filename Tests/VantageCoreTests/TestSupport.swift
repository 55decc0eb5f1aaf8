import Foundation
@testable import VantageCore

/// A throwaway folder with input files, and a run of the engine over a spec written in it.
struct TempCase {
    let dir: String

    init(files: [String: String]) throws {
        dir = NSTemporaryDirectory() + "vantage-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        }
    }

    func spec(_ yaml: String) throws -> Spec {
        try SpecDecoder.decode(text: yaml, path: dir + "/spec.yaml", baseDirectory: dir)
    }

    /// Output cells (nil = null) per column name, with every candidate view at `level`.
    func run(_ yaml: String, level: String = "realtime") throws -> [String: [String?]] {
        let s = try spec(yaml)
        let engine = PointInTimeEngine(inputs: try Loader.load(s))
        let set = engine.trainingSet(levels: engine.levels(varying: try FreshnessLevel(parsing: level)))
        var out = [String: [String?]]()
        let spineCount = set.spine.header.count
        for (i, name) in set.header.enumerated() {
            if i < spineCount {
                let c = set.spine.columns[i]!
                out[name] = (0..<set.rowCount).map { c.value($0) }
            } else {
                let c = set.featureColumns[i - spineCount]
                out[name] = (0..<set.rowCount).map { c.text($0) }
            }
        }
        return out
    }

    /// The CSV bytes `vantage join` would write.
    func csv(_ yaml: String, level: String = "realtime") throws -> String {
        let path = dir + "/out-\(UUID().uuidString).csv"
        _ = try JoinRun.run(spec: try spec(yaml), level: try FreshnessLevel(parsing: level), out: path)
        return String(decoding: try FileBytes.read(path: path), as: UTF8.self)
    }
}

/// A one-view lookup spec over `f.csv` keyed by `k`, with optional extra YAML lines.
func lookupSpec(_ extra: [String] = [], features: String = "[x]") -> String {
    (["version: 1", "spine: {path: spine.csv, keys: [k], time: t}", "views:",
      "  - name: f", "    kind: lookup", "    path: f.csv", "    keys: [k]", "    time: ts",
      "    features: \(features)"] + extra.map { "    " + $0 }).joined(separator: "\n") + "\n"
}

/// A one-view aggregate spec over `e.csv` keyed by `k`.
func windowSpec(_ aggregations: [String], extra: [String] = []) -> String {
    (["version: 1", "spine: {path: spine.csv, keys: [k], time: t}", "views:",
      "  - name: e", "    kind: aggregate", "    path: e.csv", "    keys: [k]", "    time: ts"] + extra.map { "    " + $0 }
     + ["    aggregations:"] + aggregations.map { "      - " + $0 }).joined(separator: "\n") + "\n"
}

func micros(_ s: String) -> Int64 { TimeParser.parse(s)! }
