/// Chart 4: the share of rows with any value, per view, against freshness. Stale levels
/// lose rows whose first value arrived after the last refresh. Colour means the view,
/// as in every chart (the first colour is "all candidate views" in chart 1).
enum CoverageChart {
    static func build(_ m: ReportModel) -> ReportChart {
        var svg = SVGWriter(width: 760, height: 440)
        let f = ChartFrame(left: 84, top: 96, right: 730, bottom: 370)
        let x = ReportCharts.freshnessScale(m, from: f.left + 10, to: f.right - 10)
        // From just under the lowest coverage to 100%: the differences are what matter,
        // and the axis labels say where it starts.
        let coverage = m.result.profile.map { $0.coverageRows ?? $0.coverage }
        let y = LinearScale(covering: coverage, include: [1, (coverage.min() ?? 1) - 0.01], from: f.bottom, to: f.top)
        let title = "Coverage vs freshness"
        f.title(&svg, title)
        f.yAxis(&svg, y, label: "Share of rows with any value (%)") { NumberText.trimmed(NumberText.fixed($0 * 100, max(0, y.decimals - 2))) + "%" }
        f.timeAxis(&svg, x, label: "Freshness: time between feature refreshes (log scale)", leftLabel: "realtime")
        var levelNames = [String](), seen = Set<String>()
        for p in m.result.profile where seen.insert(p.level).inserted { levelNames.append(p.level) }
        f.levelMarks(&svg, x, levels: ReportCharts.levelMarks(m, names: levelNames))
        for (i, view) in m.views.enumerated() {
            let colour = SVGWriter.colour(1 + i)
            let pts = m.result.profile.filter { $0.view == view }.compactMap { p -> (Double, Double)? in
                m.seconds[p.level].map { ($0, p.coverageRows ?? p.coverage) }
            }.sorted { $0.0 < $1.0 }
            svg.polyline(pts.map { (x($0.0), y($0.1)) }, stroke: colour, width: 2)
            for p in pts { svg.circle(x(p.0), y(p.1), r: 3.5, fill: colour) }
        }
        let items = m.views.enumerated().map { (colour: SVGWriter.colour(1 + $0.offset), label: $0.element) }
        svg.height = max(svg.height, f.legend(&svg, items, y: f.bottom + 58) + 4)
        let caption = "Share of rows with any value: spine rows where at least one of the view's columns holds a value (a count above 0, or a non-empty cell), per freshness level. "
            + "The share of non-empty windows (every aggregation × window cell) is in the freshness profile table."
        return ReportChart(file: "coverage.svg", title: title, caption: caption, svg: svg)
    }
}
