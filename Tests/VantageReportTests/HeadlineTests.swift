import Testing
import VantageBacktest
@testable import VantageReport

/// The verdict in words: "no significant uplift" whenever every interval contains
/// zero, the money when a value model is set, and one line per candidate view.
@Suite struct HeadlineTests {
    @Test func noSignificantUpliftWhenEveryIntervalContainsZero() throws {
        let report = try render(Sample.flat())
        let h = report.headline
        #expect(!h.invest)
        #expect(h.answer == "Don't invest: no level beats cadence-1d significantly on ROC-AUC — no significant uplift.")
        #expect(h.levels.count == 4)
        #expect(h.levels.allSatisfy { $0.hasSuffix("no significant uplift") })
        #expect(h.levels[0] == "realtime vs cadence-1d: ROC-AUC +0.002 [-0.004, +0.008], no significant uplift")
        #expect(report.text("report.html").contains("no significant uplift"))
        #expect(report.text("report.md").contains("**Don\'t invest: no level beats cadence-1d significantly on ROC-AUC — no significant uplift.**"))
    }

    @Test func aSignificanceFlagThatContradictsItsIntervalIsNotAnUplift() throws {
        var r = try Sample.flat()
        r.uplift[0].significant = true
        #expect(!Headline.isGain(r.uplift[0]))
        #expect(try render(r).headline.answer.contains("no significant uplift"))
    }

    @Test func investWithMoneyNamesTheBestLevelByNetValue() throws {
        let h = try render(Sample.fraud()).headline
        #expect(h.invest)
        #expect(h.answer == "Invest in cadence-1m: worth +27,800 per month net of infrastructure [+23,700, +31,700] — ROC-AUC +0.158 [+0.152, +0.164] over cadence-1d.")
        #expect(h.levels[0] == "realtime vs cadence-1d: ROC-AUC +0.162 [+0.156, +0.168], significant; net value +17,900 per month [+13,800, +21,800]")
        #expect(h.value?.contains("At 1,200,000 events per month, the level with the greatest net value is cadence-1m.") == true)
    }

    @Test func investWithoutMoneyNamesTheLargestUplift() throws {
        let h = try render(Sample.fraud(value: false)).headline
        #expect(h.invest)
        #expect(h.answer.hasPrefix("Invest: realtime beats cadence-1d on ROC-AUC by +0.162 [+0.156, +0.168] (significant)."))
        #expect(h.value == nil)
    }

    @Test func dontInvestWhenNoFresherLevelPaysForItsInfrastructure() throws {
        var r = try Sample.fraud()
        r.value?.bestLevel = "cadence-1d"
        let h = try render(r).headline
        #expect(!h.invest)
        #expect(h.answer.hasPrefix("Don't invest: realtime beats cadence-1d on ROC-AUC by +0.162"))
        #expect(h.answer.hasSuffix("but no fresher level pays for its infrastructure; cadence-1d has the greatest net value."))
    }

    @Test func oneVerdictPerCandidateView() throws {
        let h = try render(Sample.fraud()).headline
        #expect(h.views == [
            "txn_counts: worth making fresh — txn_counts alone at realtime (other candidates at cadence-1d): ROC-AUC +0.148 [+0.141, +0.155], significant.",
            "merchant_risk: worth making fresh — merchant_risk alone at realtime (other candidates at cadence-1d): ROC-AUC +0.011 [+0.006, +0.016], significant.",
            "profile: can stay at cadence-1d — profile alone at realtime (other candidates at cadence-1d): ROC-AUC +0.001 [-0.003, +0.005], not significant.",
        ])
        // With both modes, each view's line says both, with the attribution table's numbers.
        var both = try Sample.fraud()
        both.attribution = (both.attribution ?? []).flatMap { a -> [Uplift] in
            var allBut = a
            allBut.mode = "all_but"
            allBut.delta = a.delta / 10
            allBut.ci = [a.ci[0] / 10 - 0.01, a.ci[1] / 10]
            allBut.significant = false
            var alone = a
            alone.mode = "alone"
            return [alone, allBut]
        }
        let lines = try render(both).headline.views
        #expect(lines[0] == "txn_counts: worth making fresh — txn_counts alone at realtime (other candidates at cadence-1d): ROC-AUC +0.148 [+0.141, +0.155], significant; "
                + "all candidates at realtime vs all but txn_counts (txn_counts at cadence-1d): ROC-AUC +0.015 [+0.004, +0.016], not significant.")
        let together = try render(Sample.fraud(attribution: false)).headline.views
        #expect(together.count == 1)
        #expect(together[0].hasPrefix("Candidate views txn_counts, merchant_risk, profile were made fresh together"))
    }
}
