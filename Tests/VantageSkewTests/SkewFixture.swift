import Foundation
import VantageCore
import VantageDatasets
@testable import VantageSkew

/// A small scenario written to a temporary folder: 15 users' requests over six days, a
/// daily `profile` snapshot (loaded 2 h after midnight, declared `cadence-1d`) and a
/// `clicks` event log (declared real time). Served logs are made by replaying the
/// requests at a planted schedule with `ServedLogGenerator`.
struct SkewFixture {
    let dir: String
    let spec: Spec
    static let requests = 1500

    static let specText = """
        version: 1
        spine:
          path: requests.csv
          keys: [user_id]
          time: ts
        views:
          - name: profile
            kind: lookup
            path: profile.csv
            keys: [user_id]
            time: ts
            created: created_at
            features: [score, tier]
            ttl: 3d
            freshness: cadence-1d
          - name: clicks
            kind: aggregate
            path: clicks.csv
            keys: [user_id]
            time: ts
            aggregations:
              - {function: count, windows: [5m, 1h]}
              - {function: sum, column: amount, windows: [1h]}
        """

    init(seed: UInt64 = 1) throws {
        dir = NSTemporaryDirectory() + "vantage-skew-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var rng = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        func next(_ n: Int) -> Int {
            rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((rng >> 33) % UInt64(n))
        }
        let start = Timestamp.daysFromCivil(year: 2024, month: 1, day: 1) * Timestamp.microsPerDay
        let sec = Timestamp.microsPerSecond
        let span = 6 * 86_400
        var requests = "user_id,ts\n"
        for t in (0..<Self.requests).map({ _ in next(span) }).sorted() {
            requests += "\(next(15)),\(Timestamp.format(start + Int64(t) * sec))\n"
        }
        var profile = "user_id,ts,created_at,score,tier\n"
        for day in 0..<7 {
            for u in 0..<15 {
                let ts = start + Int64(day) * Timestamp.microsPerDay
                profile += "\(u),\(Timestamp.format(ts)),\(Timestamp.format(ts + 7200 * sec)),\(next(1000)),\(["a", "b", "c"][next(3)])\n"
            }
        }
        var clicks = "user_id,ts,amount\n"
        for t in (0..<6000).map({ _ in next(span) }).sorted() {
            clicks += "\(next(15)),\(Timestamp.format(start + Int64(t) * sec)),\(next(10000) / 100).\(next(100))\n"
        }
        for (name, text) in [("spec.yaml", Self.specText), ("requests.csv", requests), ("profile.csv", profile), ("clicks.csv", clicks)] {
            try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        }
        spec = try SpecDecoder.load(path: dir + "/spec.yaml")
    }

    /// Writes `served.csv` as production would serve it under `perturbations` (views not
    /// named are served as declared), optionally edited cell by cell, and returns its path.
    @discardableResult
    func served(_ perturbations: [ServedLogGenerator.Perturbation], name: String = "served.csv",
                edit: ((_ column: String, _ value: String) -> String)? = nil) throws -> String {
        var bytes = try ServedLogGenerator.generate(folder: dir, perturbations: perturbations, requests: Self.requests, seed: 3)
        if let edit {
            let text = String(decoding: bytes, as: UTF8.self)
            var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
            let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            for i in 1..<lines.count where !lines[i].isEmpty {
                let cells = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                lines[i] = cells.enumerated().map { edit(header[$0.offset], $0.element) }.joined(separator: ",")
            }
            bytes = Array(lines.joined(separator: "\r\n").utf8)
        }
        let path = dir + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func skew(_ path: String, options: SkewRun.Options = .init()) throws -> SkewReport {
        try SkewRun.compute(spec: spec, served: .csv(path: path), options: options)
    }
}

extension SkewReport {
    func view(_ name: String) -> ViewSkew? { views.first { $0.view == name } }
    func feature(_ column: String) -> FeatureSkew? { views.flatMap(\.features).first { $0.column == column } }
}
