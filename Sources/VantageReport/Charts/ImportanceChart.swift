import VantageBacktest

/// Chart 5: feature importance at the freshest and the stalest level, one panel each,
/// as horizontal bars (the largest `options.topFeatures`). Shows which features the
/// model stops relying on when they go stale.
enum ImportanceChart {
    static func build(_ m: ReportModel) -> ReportChart {
        let panels = ImportancePanels(m).levels
        let top = max(1, m.options.topFeatures)
        let rowHeight = 18.0
        let panelRows = panels.map { min(top, $0.importance.count) }
        var svg = SVGWriter(width: 760, height: 60 + panelRows.reduce(0) { $0 + Double(max(1, $1)) * rowHeight + 86 })
        let unit = m.result.model.name == "gbdt" ? "total gain" : "standardised coefficient"
        let title = panels.count > 1 ? "Feature importance: freshest vs stalest level"
            : "Feature importance" + (panels.first.map { " at \($0.level)" } ?? "")
        ChartFrame(left: 230, top: 0, right: 730, bottom: 0).title(&svg, title)
        var y0 = 44.0
        for (i, level) in panels.enumerated() {
            let items = Array(level.importance.prefix(top))
            let f = ChartFrame(left: 230, top: y0 + 22, right: 730, bottom: y0 + 22 + Double(max(1, items.count)) * rowHeight + 4)
            svg.text(f.left, y0 + 12, "at \(level.level)\(i == 0 && panels.count > 1 ? " (freshest)" : i > 0 ? " (stalest)" : "")", size: 13, bold: true)
            let x = LinearScale(covering: items.map(\.importance), include: [0], from: f.left, to: f.right)
            f.xAxis(&svg, x, label: "Importance (\(unit))", signed: false)
            svg.line(x(0), f.top, x(0), f.bottom, stroke: "#333")
            for (j, item) in items.enumerated() {
                let cy = f.top + 2 + Double(j) * rowHeight + rowHeight / 2
                svg.text(f.left - 8, cy + 4, ReportCharts.clip(item.feature, 34), anchor: .end, size: 11)
                svg.rect(min(x(0), x(item.importance)), cy - 6, abs(x(item.importance) - x(0)), 12, fill: SVGWriter.colour(i))
            }
            if items.isEmpty { svg.text(f.left + 8, f.top + 14, "no importance recorded", size: 11, fill: "#777") }
            y0 = f.bottom + 60
        }
        svg.height = y0
        let caption = "The \(top) most important features (\(unit)) at the freshest and at the stalest level; the full lists are in the importance table."
        return ReportChart(file: "importance.svg", title: title, caption: caption, svg: svg)
    }
}
