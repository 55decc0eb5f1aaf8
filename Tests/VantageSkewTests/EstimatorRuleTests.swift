// The estimator's rules at their boundaries, on hand-made scores: the resolution margin
// around the declared level, ties (a level string first, then the age closest to the
// declared), staler against fresher, and a late batch's closest level string.
import Testing
import VantageCore
@testable import VantageSkew

@Suite("effective freshness rules")
struct EstimatorRuleTests {
    func level(_ t: String) -> FreshnessLevel { (try? FreshnessLevel(parsing: t)) ?? .realtime }
    func s(_ t: String, _ rate: Double, _ age: Double?, late: String? = nil) -> EffectiveFreshness.Scored {
        .init(schedule: CandidateSchedule(level: level(t), lateBy: late.flatMap { Duration(parsing: $0) }), matchRate: rate, meanAge: age)
    }

    @Test func declaredWithinResolutionIsOk() {
        let r = EffectiveFreshness.resolution
        let ok = EffectiveFreshness.choose([s("realtime", 0.9, 0), s("lag-30s", 0.9 + r * 0.99, 30)], declared: 0)
        #expect(ok.flag == .ok && ok.effective == 0 && ok.best == 0 && ok.note == nil)
        let off = EffectiveFreshness.choose([s("realtime", 0.9, 0), s("lag-30s", 0.9 + r * 1.01, 30)], declared: 0)
        #expect(off.flag == .staler && off.effective == 1)
    }

    @Test func staleOrFreshByMeanAge() {
        let fresher = EffectiveFreshness.choose([s("cadence-1d", 0.5, 43_200), s("realtime", 1, 10)], declared: 0)
        #expect(fresher.flag == .fresher && fresher.effective == 1)
        let staler = EffectiveFreshness.choose([s("cadence-1d", 0.5, 43_200), s("cadence-12h", 0.4, 21_600), s("lag-2d", 1, 172_800)], declared: 0)
        #expect(staler.flag == .staler && staler.effective == 2)
    }

    @Test func tiesPreferALevelStringThenTheClosestAge() {
        let scores = [s("realtime", 0.5, 0), s("lag-1h", 1, 3600), s("lag-10m", 1, 600), s("cadence-1d", 1, 700, late: "1d")]
        let c = EffectiveFreshness.choose(scores, declared: 0)
        #expect(c.best == 2, "lag-10m: a level string, and the closest age among the tied")
        #expect(c.effective == 2 && c.note == nil)
    }

    @Test func lateBatchNamesTheClosestLevelString() {
        let scores = [s("cadence-1d", 0.45, 50_000), s("lag-2d", 0.97, 180_000), s("lag-1d", 0.46, 90_000),
                      s("cadence-1d", 1, 136_400, late: "1d")]
        let c = EffectiveFreshness.choose(scores, declared: 0)
        #expect(c.best == 3 && c.effective == 1 && c.flag == .staler)
        #expect(c.note?.contains("cadence-1d loaded 1d late (match 100.0%)") == true)
        #expect(c.note?.contains("lag-2d (match 97.0%)") == true)
    }
}

@Suite("cell comparison")
struct CellComparerTests {
    func compare(_ served: [String?], _ offline: FeatureColumn, tolerance: Double = 1e-9) -> [CellComparer.Outcome] {
        let c = CellComparer(served: ServedValues(TextColumn(served)), tolerance: tolerance)
        return (0..<served.count).map { c.outcome(row: $0, offline: offline) }
    }

    @Test func relativeToleranceAtItsBoundary() {
        let o = compare(["100", "100.00002", "100.001", "0", "-0"], .reals([100.0000001, 100, 100, 0, 0]), tolerance: 1e-7)
        #expect(o[0] == .equal)
        #expect(o[1] == .differ(abs(100.00002 - 100)), "2e-5 > 1e-7 · 100.00002")
        #expect(o[2] == .differ(abs(100.001 - 100)))
        #expect(o[3] == .equal && o[4] == .equal)
        #expect(compare(["1.0000000005"], .reals([1]))[0] == .equal, "within the default 1e-9")
        #expect(compare(["1.000000002"], .reals([1]))[0] != .equal, "beyond the default 1e-9")
        #expect(compare(["2"], .reals([1]), tolerance: 0.5)[0] == .equal, "|2 − 1| = 0.5 · max(2, 1)")
    }

    @Test func nullsTextAndNumbers() {
        let text = FeatureColumn.text(source: TextColumn(["a", "7", "0.50"]), rows: [0, 1, 2, -1, 0])
        let o = compare(["a", "7.0", "0.5", nil, nil], text)
        #expect(o == [.equal, .equal, .equal, .equal, .servedNull])
        #expect(compare(["b", "x", "3"], .text(source: TextColumn(["a", "3"]), rows: [0, 1, -1])) == [.differ(nil), .differ(nil), .offlineNull])
        #expect(compare(["5"], .integers([5])) == [.equal])
        #expect(compare(["n/a"], .integers([5])) == [.differ(nil)], "a served word where the replay has a number")
    }
}
