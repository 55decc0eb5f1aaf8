import Foundation
import Testing
@testable import VantageReport

/// Every chart is well-formed XML with a title, labelled axes with units, and the
/// freshness axis running from realtime to a month; deterministic coordinates.
@Suite struct ChartTests {
    @Test func everyChartIsWellFormedSVG() throws {
        for sample in [try Sample.fraud(), try Sample.flat(), try Sample.hostile()] {
            let report = try render(sample)
            for name in report.svgNames {
                let svg = report.text(name)
                #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
                let xml = XMLCheck.parse(svg)
                #expect(xml.error == nil, "\(name): \(xml.error ?? "")")
                #expect(xml.elements.first == "svg")
                #expect(xml.elements.contains("title"))
            }
        }
    }

    @Test(arguments: [
        ("metric.svg", ["ROC-AUC (higher is better)", "Freshness: time between feature refreshes (log scale)", "realtime",
                        "1 min", "1 h", "1 d", "1 mo", "cadence-12h", "only txn_counts fresh"]),
        ("attribution.svg", ["Uplift in ROC-AUC over cadence-1d (positive = better; 95% CI)", "txn_counts", "+0.148"]),
        ("staleness.svg", ["Age of the value used, t − τ (log scale)", "≤1 s", "cadence-1d · profile", "p99"]),
        ("coverage.svg", ["Share of rows with any value (%)", "Freshness: time between feature refreshes (log scale)", "merchant_risk"]),
        ("importance.svg", ["Importance (total gain)", "at realtime (freshest)", "at cadence-1d (stalest)", "txn_count_10m"]),
    ])
    func chartsHaveLabelledAxes(_ file: String, _ labels: [String]) throws {
        let texts = XMLCheck.parse(try render(Sample.fraud()).text(file)).texts
        for label in labels { #expect(texts.contains(label), "\(file) lacks \"\(label)\"") }
    }

    @Test func noAttributionChartWithoutAttribution() throws {
        let report = try render(Sample.fraud(attribution: false))
        #expect(report.svgNames == ["metric.svg", "staleness.svg", "coverage.svg", "importance.svg"])
        #expect(!report.text("report.html").contains("attribution.svg"))
    }

    @Test func freshnessAxisPutsRealtimeLeftAndIsLogarithmic() throws {
        let m = ReportModel(try Sample.fraud(), options: ReportOptions())
        let x = ReportCharts.freshnessScale(m, from: 0, to: 600)
        #expect(x.lo == 1 && x.hi == TimeText.month)
        #expect(x(0) == 0)
        #expect(abs(x(60) - 600 * (log10(60) / log10(TimeText.month))) < 1e-9)
        #expect(x(TimeText.month) == 600)
    }

    @Test func levelsMapToSeconds() {
        #expect(TimeText.seconds(ofLevel: "realtime") == 0)
        #expect(TimeText.seconds(ofLevel: "cadence-1m") == 60)
        #expect(TimeText.seconds(ofLevel: "lag-12h") == 43_200)
        #expect(TimeText.seconds(ofLevel: "cadence-1d@2h") == 86_400)
        #expect(TimeText.seconds(ofLevel: "cadence-1mo") == TimeText.month)
        #expect(TimeText.seconds(ofLevel: "1h") == 3_600)
        #expect(TimeText.seconds(ofLevel: "weekly-ish") == nil)
    }

    @Test func linearScaleTicksAreRound() {
        let s = LinearScale(covering: [0.791, 0.953], from: 300, to: 0)
        #expect(s.ticks.first == s.lo && s.ticks.last == s.hi)
        #expect(s.lo <= 0.791 && s.hi >= 0.953)
        #expect(s.decimals == 2)
        #expect(s(s.lo) == 300 && s(s.hi) == 0)
    }
}

/// Degenerate runs still give a complete, valid report: no levels with metrics, no
/// profile, no uplift, one level, a sub-second cadence, a name that is not a level.
@Suite struct EdgeCaseTests {
    @Test func emptyRunRendersEveryFile() throws {
        var r = try Sample.fraud(attribution: false, value: false)
        r.levels = []
        r.uplift = []
        r.profile = []
        let report = try render(r)
        #expect(report.headline.answer.contains("no significant uplift"))
        #expect(report.svgNames == ["metric.svg", "staleness.svg", "coverage.svg", "importance.svg"])
        for name in report.svgNames { #expect(XMLCheck.parse(report.text(name)).error == nil, "\(name)") }
        #expect(NotebookReader(text: report.text("fraud.ipynb")).problems.isEmpty)
    }

    @Test func subSecondAndUnknownLevelsKeepTheAxisReadable() throws {
        var r = try Sample.fraud(attribution: false, value: false)
        r.levels[1].level = "cadence-500ms"
        r.levels[2].level = "nightly"
        let m = ReportModel(r, options: ReportOptions())
        let x = ReportCharts.freshnessScale(m, from: 0, to: 100)
        #expect(abs(x.lo - 0.05) < 1e-12)
        #expect(m.levels.last?.level == "nightly")
        let texts = XMLCheck.parse(try render(r).text("metric.svg")).texts
        #expect(texts.contains("realtime") && texts.contains("1 s") && texts.contains("cadence-500ms"))
        #expect(!texts.contains("nightly"))
    }

    @Test func oneLevelGivesOneImportancePanel() throws {
        var r = try Sample.fraud(attribution: false, value: false)
        r.levels = [r.levels[0]]
        let texts = XMLCheck.parse(try render(r).text("importance.svg")).texts
        #expect(texts.contains("at realtime"))
        #expect(!texts.contains { $0.contains("(stalest)") })
        #expect(texts.contains("Feature importance at realtime"))
    }
}
