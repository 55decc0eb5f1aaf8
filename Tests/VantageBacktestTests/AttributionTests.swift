import Foundation
import Testing
@testable import VantageBacktest
@testable import VantageCore
import VantageModels
import VantagePipeline

/// The verdict machinery on planted scenarios: two views that carry the same signal
/// (each gains alone, neither adds much once the other is fresh), a cold-start effect
/// (the uplift lives in rows with no history at the baseline), and noise only (no
/// recommendation at the 5 % family-wise level).
@Suite("Attribution, segments and recommendations")
struct AttributionTests {
    /// A tiny deterministic generator (SplitMix64), so the scenarios need nothing else.
    struct Mix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    }

    static let day: Int64 = 86_400_000_000
    static let start: Int64 = 1_704_067_200_000_000  // 2024-01-01

    static func write(_ rows: [(k: Int, t: Int64, y: Int)], to dir: String, files: [String]) throws {
        let sorted = rows.sorted { ($0.t, $0.k) < ($1.t, $1.k) }
        for f in files {
            var text = "k,t,y\n"
            for r in sorted { text += "e\(r.k),\(Timestamp.format(r.t)),\(r.y)\n" }
            try text.write(toFile: dir + "/" + f, atomically: true, encoding: .utf8)
        }
    }

    static func run(_ dir: String, yaml: String, eachView: Bool) throws -> BacktestResult {
        try yaml.write(toFile: dir + "/spec.yaml", atomically: true, encoding: .utf8)
        var options = BacktestOptions()
        options.resamples = 200
        options.seedRuns = 1
        options.eachView = eachView
        var request = BacktestPipeline.Request(input: .spec(try SpecDecoder.load(path: dir + "/spec.yaml")), out: dir + "/out",
                                               backtest: options)
        request.writeTrainingSets = false
        return try BacktestPipeline.run(request).result
    }

    static func folder() throws -> String {
        let dir = NSTemporaryDirectory() + "vantage-attr-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Events in bursts: the 2nd and later events of a burst (minutes apart) are
    /// positives. Views `a` and `b` count the same events (two copies of one log).
    @Test func overlappingViewsGainAloneButNotAllBut() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var g = Mix(state: 11)
        var rows = [(k: Int, t: Int64, y: Int)]()
        for k in 0..<40 {
            for d in 0..<30 {
                for _ in 0..<3 {
                    rows.append((k, Self.start + Int64(d) * Self.day + Int64(g.uniform() * Double(Self.day)), g.uniform() < 0.03 ? 1 : 0))
                }
                let b = Self.start + Int64(d) * Self.day + Int64(g.uniform() * 0.9 * Double(Self.day))
                for i in 0..<4 {
                    rows.append((k, b + Int64(i) * 50_000_000, i > 0 ? (g.uniform() < 0.9 ? 1 : 0) : 0))
                }
            }
        }
        try Self.write(rows, to: dir, files: ["events.csv", "copy.csv"])
        let r = try Self.run(dir, yaml: """
            version: 1
            spine: {path: events.csv, keys: [k], time: t, label: y}
            views:
              - {name: a, kind: aggregate, path: events.csv, keys: [k], time: t, aggregations: [{function: count, windows: [5m]}]}
              - {name: b, kind: aggregate, path: copy.csv, keys: [k], time: t, aggregations: [{function: count, windows: [5m]}]}
            freshness: {levels: [realtime, cadence-1d], views: [a, b]}
            """, eachView: true)
        let attribution = r.attribution ?? []
        #expect(attribution.count == 4, "\(attribution)")
        func entry(_ v: String, _ mode: String) -> Uplift? { attribution.first { $0.view == v && $0.mode == mode } }
        for v in ["a", "b"] {
            let alone = try #require(entry(v, "alone"))
            let allBut = try #require(entry(v, "all_but"))
            #expect(alone.significant && alone.delta > 0.1, "\(alone)")
            #expect(abs(allBut.delta) < alone.delta / 4, "\(allBut) vs \(alone)")
            #expect(!allBut.significant || allBut.delta < 0.02, "\(allBut)")
        }
        // Both modes against the same baseline, in the words every renderer uses.
        #expect(Verdicts.attributionPhrase(try #require(entry("a", "alone"))) == "a alone at realtime (other candidates at cadence-1d)")
        #expect(r.verdicts.contains { $0.hasPrefix("a alone at realtime (other candidates at cadence-1d): ROC-AUC +") })
        let rec = try #require(r.recommendation)
        #expect(rec.evidence == "clear" && rec.level == "realtime" && rec.views == ["a", "b"], "\(rec)")
        // The uplift lives where the features changed.
        let changed = try #require(r.segments?.first { $0.by == "changed" && $0.value == "changed" })
        let unchanged = try #require(r.segments?.first { $0.by == "changed" && $0.value == "unchanged" })
        #expect((changed.ci?[0] ?? 0) > 0, "\(changed)")
        #expect(abs(unchanged.delta ?? 0) < 0.05, "\(unchanged)")
        #expect(changed.rows + unchanged.rows == r.split.testRows)
    }

    /// New entities arrive every day; on an entity's first day its 3rd and later events
    /// are risky, which only a fresh count can tell. At the daily baseline those rows
    /// have no history: the uplift is there, not in rows with a long history.
    @Test func coldStartUpliftLivesInRowsWithoutHistory() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var g = Mix(state: 5)
        var rows = [(k: Int, t: Int64, y: Int)]()
        for k in 0..<240 {
            let first = Int64(k % 30)
            for i in 0..<6 {
                let t = Self.start + first * Self.day + Int64(i + 1) * 3_600_000_000 + Int64(g.uniform() * 1e9)
                rows.append((k, t, i >= 2 ? (g.uniform() < 0.6 ? 1 : 0) : (g.uniform() < 0.05 ? 1 : 0)))
            }
            for d in (first + 1)..<30 {
                for _ in 0..<2 {
                    rows.append((k, Self.start + d * Self.day + Int64(g.uniform() * Double(Self.day)), g.uniform() < 0.05 ? 1 : 0))
                }
            }
        }
        try Self.write(rows, to: dir, files: ["events.csv"])
        let r = try Self.run(dir, yaml: """
            version: 1
            spine: {path: events.csv, keys: [k], time: t, label: y}
            views:
              - {name: c, kind: aggregate, path: events.csv, keys: [k], time: t, aggregations: [{function: count, windows: [30d]}]}
            freshness: {levels: [realtime, cadence-1d], views: [c]}
            """, eachView: false)
        let segments = r.segments ?? []
        let none = try #require(segments.first { $0.by == "history" && $0.value == "none" })
        let long = try #require(segments.first { $0.by == "history" && $0.value == "long" })
        #expect(none.rows > 100, "\(none)")
        #expect((none.ci?[0] ?? 0) > 0, "\(none)")
        #expect((none.delta ?? 0) > (long.delta ?? 0) + 0.1, "\(none) vs \(long)")
        #expect(segments.filter { $0.by == "history" }.map(\.rows).reduce(0, +) == r.split.testRows)
    }

    /// Noise only: many levels and views, every one the same model up to noise. With Holm
    /// over the run's comparisons, a recommendation (a false one) is made in at most 5 of
    /// 100 seeds. Scores stand in for trained models, so 100 runs stay fast.
    @Test func noiseOnlyMakesNoRecommendation() throws {
        let levels = ["realtime", "cadence-1m", "cadence-1h", "cadence-12h", "cadence-1d"]
        let views = ["v1", "v2", "v3", "v4"]
        var recommended = 0
        for seed in 0..<100 {
            var g = Mix(state: UInt64(seed) &* 7919 &+ 1)
            let n = 300
            let labels = (0..<n).map { _ in g.uniform() < 0.3 ? 1.0 : 0.0 }
            let signal = labels.map { $0 + 0.0 }
            func model() -> [Double] { signal.map { $0 + 2.5 * (g.uniform() + g.uniform() + g.uniform() - 1.5) } }
            let bootstrap = PairedBootstrap(resamples: 100, seed: UInt64(seed))
            var predictions = [String: [Double]]()
            for l in levels { predictions[l] = model() }
            let baseline = "cadence-1d"
            var uplift = [Uplift]()
            for l in levels where l != baseline {
                uplift.append(try BacktestRunner.compare(level: l, baseline: baseline, labels: labels, a: predictions[l] ?? [],
                                                         b: predictions[baseline] ?? [], metric: .rocAUC, bootstrap: bootstrap, file: "noise"))
            }
            var attribution: [Uplift]? = []
            for v in views {
                for l in levels where l != baseline {
                    for mode in ["alone", "all_but"] {
                        attribution?.append(try BacktestRunner.compare(level: l, baseline: baseline, labels: labels, a: model(), b: model(),
                                                                       metric: .rocAUC, bootstrap: bootstrap, view: v, mode: mode, file: "noise"))
                    }
                }
            }
            let m = Significance.adjust(uplift: &uplift, attribution: &attribution, alpha: 0.05)
            #expect(m == 4 + 4 * 4 * 2)
            let rec = try Recommender(candidates: views, baseline: baseline, comparisons: m)
                .recommend(uplift: uplift, attribution: attribution) { _, _ in false }
            if rec.evidence == "clear" { recommended += 1 }
        }
        #expect(recommended <= 5, "\(recommended) false recommendations in 100 noise-only runs")
    }

    /// A gain that turns into a significant loss when fresher is no freshness effect.
    @Test func aLossAtAFresherLevelMakesTheEvidenceMixed() throws {
        func u(_ level: String, _ delta: Double, _ sig: Bool) -> Uplift {
            Uplift(level: level, baseline: "cadence-1d", metric: "roc_auc", delta: delta, ci: [delta - 0.01, delta + 0.01], significant: sig)
        }
        let rec = Recommender(candidates: ["movie"], baseline: "cadence-1d", comparisons: 3)
        let mixed = try rec.recommend(uplift: [u("realtime", 0.0004, false), u("cadence-1h", -0.01, true), u("cadence-12h", 0.002, true)],
                                      attribution: nil) { _, _ in false }
        #expect(mixed.evidence == "mixed" && mixed.level == nil && mixed.views.isEmpty, "\(mixed)")
        let none = try rec.recommend(uplift: [u("realtime", 0.01, false)], attribution: nil) { _, _ in false }
        #expect(none.evidence == "none" && none.level == nil)
        // The stalest level that keeps the gain: cadence-1h is significantly worse than realtime, 1m is not.
        let clear = try rec.recommend(uplift: [u("realtime", 0.2, true), u("cadence-1m", 0.19, true), u("cadence-1h", 0.05, true)],
                                      attribution: nil) { fresh, stale in fresh == "realtime" && stale == "cadence-1h" }
        #expect(clear.evidence == "clear" && clear.level == "cadence-1m" && clear.views == ["movie"], "\(clear)")
    }
}
