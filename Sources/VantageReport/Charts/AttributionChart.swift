import VantageBacktest

/// Chart 2: attribution, as horizontal bars with 95% intervals; one row per view, mode
/// and level. Colour means the view, as in chart 1 (one colour meaning per chart
/// family); a filled bar is "alone", an outlined bar "all but"; faint when not
/// significant. Nil without attribution (a sweep made without `--each-view`).
enum AttributionChart {
    static func rows(_ m: ReportModel) -> [Uplift] {
        guard let a = m.result.attribution, !a.isEmpty else { return [] }
        let main = a.filter { $0.metric == m.metric }
        let chosen = main.isEmpty ? a : main
        return m.views.flatMap { v in
            chosen.filter { $0.view == v }.sorted {
                ($0.mode ?? "alone", m.order(of: $0.level)) < ($1.mode ?? "alone", m.order(of: $1.level))
            }
        }
    }

    static func build(_ m: ReportModel) -> ReportChart? {
        let rows = rows(m)
        guard !rows.isEmpty else { return nil }
        let rowHeight = 24.0
        let f = ChartFrame(left: 230, top: 44, right: 730, bottom: 44 + Double(rows.count) * rowHeight + 8)
        var svg = SVGWriter(width: 760, height: f.bottom + 90)
        let x = LinearScale(covering: rows.flatMap { [$0.delta] + $0.ci }, include: [0], from: f.left, to: f.right)
        let title = "Attribution: each view alone, and all but it"
        f.title(&svg, title)
        let metricName = MetricInfo.display(rows[0].metric)
        f.xAxis(&svg, x, label: "Uplift in \(metricName) over \(m.result.baseline) (positive = better; 95% CI)", signed: true)
        svg.line(x(0), f.top, x(0), f.bottom, stroke: "#333", width: 1.2)
        let levelNames = uniqueLevels(rows)
        for (i, u) in rows.enumerated() {
            let cy = f.top + 4 + Double(i) * rowHeight + rowHeight / 2
            let colour = SVGWriter.colour(1 + (m.views.firstIndex(of: u.view ?? "") ?? 0))
            let strong = u.significant
            let who = u.mode == "all_but" ? "all but \(u.view ?? "")" : "\(u.view ?? "") alone"
            let label = levelNames.count > 1 ? "\(who) @ \(u.level)" : who
            svg.text(f.left - 8, cy + 4, ReportCharts.clip(label, 34), anchor: .end, size: 11.5)
            svg.rect(min(x(0), x(u.delta)), cy - 8, abs(x(u.delta) - x(0)), 16, fill: u.mode == "all_but" ? "#ffffff" : colour,
                     stroke: colour, opacity: strong ? 0.9 : 0.3)
            if u.ci.count == 2 { svg.horizontalErrorBar(y: cy, x1: x(u.ci[0]), x2: x(u.ci[1]), stroke: "#222") }
            let end = max(x(u.delta), u.ci.count == 2 ? x(u.ci[1]) : x(u.delta))
            let d = u.metric == m.metric ? m.decimals : MetricInfo.decimals(u.metric, typical: 1)
            svg.text(min(end + 6, f.right - 2), cy - 6, NumberText.signed(u.delta, d), size: 10, fill: "#444")
        }
        var items = m.views.enumerated().map { (colour: SVGWriter.colour(1 + $0.offset), label: $0.element) }
        items.append((colour: "#bbbbbb", label: "filled: alone; outlined: all but; faint: not significant"))
        svg.height = max(svg.height, f.legend(&svg, items, y: f.bottom + 60) + 4)
        let caption = "Filled bars (alone): \(metricName) gained over \(m.result.baseline) when only that view is made fresh and the other candidate views stay at \(m.result.baseline). "
            + "Outlined bars (all but): \(metricName) lost when every candidate view is fresh except that one, which stays at \(m.result.baseline). "
            + "Error bars are 95% paired-bootstrap intervals; faint bars are not significant after adjusting for every comparison of the run."
        return ReportChart(file: "attribution.svg", title: title, caption: caption, svg: svg)
    }

    private static func uniqueLevels(_ rows: [Uplift]) -> [String] {
        var seen = Set<String>(), out = [String]()
        for u in rows where seen.insert(u.level).inserted { out.append(u.level) }
        return out
    }
}
