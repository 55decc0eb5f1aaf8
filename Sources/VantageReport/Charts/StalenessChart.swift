import VantageCore

/// Chart 3: how old the values used were, per level and view, on a log age axis. From
/// the profile's five figures: a thin line from min to max, a box from the median to
/// p90, a tick at p99. Ages under a second sit at the left end ("≤1 s").
enum StalenessChart {
    static func rows(_ m: ReportModel) -> [FreshnessProfile] {
        m.result.profile.enumerated().sorted { a, b in
            let oa = m.order(of: a.element.level), ob = m.order(of: b.element.level)
            return oa != ob ? oa < ob : a.offset < b.offset
        }.map(\.element)
    }

    static func build(_ m: ReportModel) -> ReportChart {
        let rows = rows(m)
        let rowHeight = 22.0
        let f = ChartFrame(left: 230, top: 44, right: 730, bottom: 44 + Double(max(1, rows.count)) * rowHeight + 8)
        var svg = SVGWriter(width: 760, height: f.bottom + 90)
        let maxAge = rows.compactMap { $0.ageSeconds?.max }.max() ?? TimeText.month
        let x = LogScale(lo: 1, hi: TimeText.ceilingTick(maxAge), from: f.left + 6, to: f.right - 6)
        let title = "Staleness: age of the values used"
        f.title(&svg, title)
        f.timeAxis(&svg, x, label: "Age of the value used, t − τ (log scale)", leftLabel: "≤1 s")
        var previousLevel: String?
        for (i, p) in rows.enumerated() {
            let cy = f.top + 4 + Double(i) * rowHeight + rowHeight / 2
            if let prev = previousLevel, prev != p.level {
                svg.line(f.left - 220, cy - rowHeight / 2, f.right, cy - rowHeight / 2, stroke: "#cccccc", dash: "2 2")
            }
            previousLevel = p.level
            let colour = SVGWriter.colour(1 + (m.views.firstIndex(of: p.view) ?? 0))
            svg.text(f.left - 8, cy + 4, ReportCharts.clip("\(p.level) · \(p.view)", 34), anchor: .end, size: 11.5)
            guard let a = p.ageSeconds else {
                svg.text(f.left + 8, cy + 4, "no values", size: 11, fill: "#777")
                continue
            }
            svg.line(x(a.min), cy, x(a.max), cy, stroke: "#555", width: 1)
            svg.line(x(a.min), cy - 4, x(a.min), cy + 4, stroke: "#555")
            svg.line(x(a.max), cy - 4, x(a.max), cy + 4, stroke: "#555")
            svg.rect(x(a.p50), cy - 7, max(2, x(a.p90) - x(a.p50)), 14, fill: colour, stroke: "#222", opacity: 0.85)
            svg.line(x(a.p99), cy - 8, x(a.p99), cy + 8, stroke: "#D55E00", width: 2.5)
        }
        var items = m.views.enumerated().map { (colour: SVGWriter.colour(1 + $0.offset), label: "\($0.element): median to p90") }
        items.append((colour: "#D55E00", label: "p99"))
        items.append((colour: "#555555", label: "line: min to max"))
        svg.height = max(svg.height, f.legend(&svg, items, y: f.bottom + 60) + 4)
        let caption = "For each level and view: the age of the feature values the model saw (event time minus the time the value was known). "
            + "Box: median to p90; red tick: p99; line: min to max."
        return ReportChart(file: "staleness.svg", title: title, caption: caption, svg: svg)
    }
}
