// A skew folder read back: skew.json round-trips, and --freshness-from sets each view
// to its effective level, with the candidates' shared level for the baseline.
import Foundation
import Testing
import VantageCore
@testable import VantageSkew

@Suite("skew folder")
struct SkewFolderTests {
    @Test func roundTripAndApplyEffective() throws {
        let f = try SkewFixture()
        let served = try f.served([.init(view: "clicks", level: "lag-5m"), .init(view: "profile", level: "cadence-1d", lateBy: "1d")])
        let out = f.dir + "/skew"
        let written = try SkewRun.run(spec: f.spec, served: .csv(path: served), out: out)
        #expect(SkewFolder.exists(out))
        let back = try SkewFolder.load(out)
        #expect(back.views.map(\.effective) == written.views.map(\.effective))
        #expect(back.views.flatMap(\.features).map(\.examples) == written.views.flatMap(\.features).map(\.examples))
        let md = try String(contentsOfFile: out + "/skew.md", encoding: .utf8)
        #expect(md.contains("| clicks | realtime |") && md.contains("lag-5m"))
        let (spec, shared) = try SkewFolder.applyEffective(back, to: f.spec)
        #expect(spec.views.first { $0.name == "clicks" }?.freshness.name == "lag-5m")
        let profile = try #require(back.view("profile"))
        #expect(spec.views.first { $0.name == "profile" }?.freshness.name == profile.effective)
        #expect(shared == nil, "every view is a candidate (no freshness.views) and their levels differ")
    }

    @Test func sharedLevelOnlyWhenCandidatesAgree() throws {
        let f = try SkewFixture()
        let out = f.dir + "/skew"
        _ = try SkewRun.run(spec: f.spec, served: .csv(path: try f.served([.init(view: "clicks", level: "lag-5m")])), out: out)
        let r = try SkewFolder.load(out)
        // No freshness.views: every view is a candidate; profile (cadence-1d) and clicks
        // (lag-5m) disagree, so there is no single baseline.
        #expect(try SkewFolder.applyEffective(r, to: f.spec).candidates == nil)
        var one = f.spec
        one.freshness.views = ["clicks"]
        #expect(try SkewFolder.applyEffective(r, to: one).candidates?.name == "lag-5m")
        var other = f.spec
        other.views[1].name = "taps"
        #expect(throws: VantageError.self) { _ = try SkewFolder.applyEffective(r, to: other) }
    }

    @Test func notASkewFolder() throws {
        let f = try SkewFixture()
        try "{}".write(toFile: f.dir + "/skew.json", atomically: true, encoding: .utf8)
        #expect(throws: VantageError.self) { _ = try SkewFolder.load(f.dir) }
        #expect(throws: VantageError.self) { _ = try SkewFolder.load(f.dir + "/missing") }
    }
}
