// Planted skews of each kind, found by the estimator on small generated data: none
// (served exactly as declared), a lag, a cadence, a batch loaded a day late, served
// nulls, a wrong value in one feature, and a view served fresher than declared.
import Foundation
import Testing
import VantageCore
import VantageDatasets
@testable import VantageSkew

@Suite("planted skews")
struct PlantedSkewTests {
    @Test("served exactly as declared: match 1, effective = declared, ok")
    func identical() throws {
        let f = try SkewFixture()
        let r = try f.skew(try f.served([]))
        #expect(r.rows == SkewFixture.requests)
        #expect(r.views.map(\.view) == ["profile", "clicks"])
        for v in r.views {
            #expect(v.matchRateDeclared == 1, "\(v.view)")
            #expect(v.effective == v.declared, "\(v.view)")
            #expect(v.matchRateEffective == 1)
            #expect(v.flag == .ok)
            #expect(v.note == nil)
            for x in v.features {
                #expect(x.matchRate == 1 && x.servedNull == 0 && x.offlineNull == 0 && x.differ == 0)
                #expect(x.examples.isEmpty && x.meanAbsDiff == nil)
            }
        }
        #expect(r.features(below: 1).isEmpty)
        #expect(r.headline == "all 2 views served as declared")
        #expect(r.manifest.levels == ["cadence-1d", "realtime"])
    }

    @Test("a lag of 5 minutes on a real-time view")
    func lag() throws {
        let f = try SkewFixture()
        let r = try f.skew(try f.served([.init(view: "clicks", level: "lag-5m")]))
        let v = try #require(r.view("clicks"))
        #expect(v.flag == .staler)
        #expect(v.effective == "lag-5m")
        #expect(v.matchRateEffective == 1)
        #expect(v.matchRateDeclared < 0.99)
        #expect(abs((v.extraAgeSeconds ?? 0) - 300) < 1)
        #expect(r.view("profile")?.flag == .ok)
        #expect(r.headline == "clicks staler (lag-5m)")
    }

    @Test("an hourly batch where real time was declared")
    func cadence() throws {
        let f = try SkewFixture()
        let r = try f.skew(try f.served([.init(view: "clicks", level: "cadence-1h")]))
        let v = try #require(r.view("clicks"))
        #expect(v.flag == .staler)
        #expect(v.effective == "cadence-1h")
        #expect(v.matchRateEffective == 1)
        let extra = try #require(v.extraAgeSeconds)
        #expect(extra > 1000 && extra < 2600, "about half an hour older on average, got \(extra)")
    }

    @Test("a daily batch loaded a day late: best schedule, closest level string and a note")
    func lateBatch() throws {
        let f = try SkewFixture()
        let r = try f.skew(try f.served([.init(view: "profile", level: "cadence-1d", lateBy: "1d")]))
        let v = try #require(r.view("profile"))
        #expect(v.flag == .staler)
        #expect(v.bestSchedule == "cadence-1d loaded 1d late")
        #expect(v.matchRateBest == 1)
        #expect(v.effective != "cadence-1d")
        #expect((try? FreshnessLevel(parsing: v.effective)) != nil, "effective must be a level string")
        #expect(v.matchRateEffective < 1)
        #expect(v.note?.contains("cadence-1d loaded 1d late") == true)
        #expect(abs((v.extraAgeSeconds ?? 0) - 86_400) < 3600)
        #expect(r.view("clicks")?.flag == .ok)
    }

    @Test("5 % of requests served null: counted, and no freshness skew")
    func nulls() throws {
        let f = try SkewFixture()
        let r = try f.skew(try f.served([.init(view: "clicks", level: "realtime", nullRate: 0.05)]))
        let v = try #require(r.view("clicks"))
        #expect(v.flag == .ok)
        #expect(v.effective == "realtime")
        // count is never null offline, so every served null is a served-null cell.
        let count = try #require(r.feature("clicks__count_1h"))
        #expect(count.servedNull > 40 && count.servedNull < 120, "\(count.servedNull)")
        #expect(count.offlineNull == 0 && count.differ == 0)
        #expect(abs(count.matchRate - (1 - Double(count.servedNull) / Double(r.rows))) < 1e-12)
        #expect(count.examples.count == 5)
        #expect(count.examples.allSatisfy { $0.served == nil && $0.offline != nil })
    }

    @Test("a wrong value in one feature: that feature differs, the view's freshness is unchanged")
    func wrongValue() throws {
        let f = try SkewFixture()
        let path = try f.served([]) { column, value in
            column == "profile__score" && !value.isEmpty ? String(Int(value)! + 1) : value
        }
        let r = try f.skew(path)
        let score = try #require(r.feature("profile__score"))
        #expect(score.differ > 0)
        #expect(abs(score.matchRate - (1 - Double(score.differ) / Double(r.rows))) < 1e-12)
        #expect(score.meanAbsDiff == 1 && score.p99AbsDiff == 1)
        #expect(score.examples.first.map { Int($0.served ?? "")! - Int($0.offline ?? "")! } == 1)
        #expect(r.feature("profile__tier")?.matchRate == 1)
        #expect(r.view("profile")?.flag == .ok)
        #expect(r.features(below: 0.99).map(\.column) == ["profile__score"])
    }

    @Test("served fresher than declared")
    func fresher() throws {
        let f = try SkewFixture()
        let r = try f.skew(try f.served([.init(view: "profile", level: "realtime")]))
        let v = try #require(r.view("profile"))
        #expect(v.flag == .fresher)
        #expect((v.extraAgeSeconds ?? 0) < 0)
        #expect(v.matchRateEffective == 1)
    }

    @Test("a subset of the features: only the views served are compared")
    func subset() throws {
        let f = try SkewFixture()
        let full = try f.served([])
        let text = try String(contentsOfFile: full, encoding: .utf8)
        let kept = text.split(separator: "\r\n").map { line -> String in
            let c = line.split(separator: ",", omittingEmptySubsequences: false)
            return [c[0], c[1], c[4]].joined(separator: ",")
        }.joined(separator: "\n") + "\n"
        let path = f.dir + "/subset.csv"
        try kept.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try f.skew(path)
        #expect(r.views.map(\.view) == ["clicks"])
        #expect(r.views[0].features.map(\.column) == ["clicks__count_5m"])
        #expect(r.views[0].matchRateDeclared == 1)
    }
}
