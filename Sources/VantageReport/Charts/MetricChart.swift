import VantageBacktest

/// Chart 1: the headline metric against freshness on a log axis, with 95% bootstrap
/// intervals as error bars. With attribution, one more line per view: the baseline's
/// value plus that view's paired uplift when only it is fresh.
enum MetricChart {
    struct Point { var seconds: Double; var value: Double; var ci: [Double] }
    struct Series { var name: String; var points: [Point] }

    static func series(_ m: ReportModel) -> [Series] {
        let all = m.levels.compactMap { l -> Point? in
            guard let s = m.seconds[l.level], let v = l.metrics[m.metric] else { return nil }
            return Point(seconds: s, value: v.value, ci: v.ci)
        }
        guard let attribution = m.result.attribution, !attribution.isEmpty,
              let base = m.result.levels.first(where: { $0.level == m.result.baseline })?.metrics[m.metric]?.value,
              let baseSeconds = m.seconds[m.result.baseline]
        else { return [Series(name: m.result.model.name, points: all)] }
        var out = [Series(name: "all candidate views fresh", points: all)]
        for view in m.views {
            var pts = attribution.filter { $0.view == view && $0.metric == m.metric && ($0.mode ?? "alone") == "alone" }.compactMap { u -> Point? in
                guard let s = m.seconds[u.level] else { return nil }
                return Point(seconds: s, value: base + u.delta, ci: u.ci.map { base + $0 })
            }
            guard !pts.isEmpty else { continue }
            pts.append(Point(seconds: baseSeconds, value: base, ci: []))
            out.append(Series(name: "only \(view) fresh", points: pts.sorted { $0.seconds < $1.seconds }))
        }
        return out
    }

    static func build(_ m: ReportModel) -> ReportChart {
        let all = series(m)
        let values = all.flatMap { $0.points.flatMap { [$0.value] + $0.ci } }
        var svg = SVGWriter(width: 760, height: 440)
        let f = ChartFrame(left: 84, top: 96, right: 730, bottom: 370)
        let x = ReportCharts.freshnessScale(m, from: f.left + 10, to: f.right - 10)
        let y = LinearScale(covering: values, from: f.bottom, to: f.top)
        let direction = MetricInfo.higherIsBetter(m.metric) ? "higher is better" : "lower is better"
        let title = "\(m.metricName) vs freshness"
        f.title(&svg, title)
        f.yAxis(&svg, y, label: "\(m.metricName) (\(direction))")
        f.timeAxis(&svg, x, label: "Freshness: time between feature refreshes (log scale)", leftLabel: "realtime")
        f.levelMarks(&svg, x, levels: ReportCharts.levelMarks(m, names: m.levels.map(\.level)))
        for (i, s) in all.enumerated() {
            let colour = SVGWriter.colour(i)
            // The main line stays on its level; the per-view lines sit 5 px to either
            // side so their error bars do not hide one another.
            let shift = i == 0 ? 0 : Double((i + 1) / 2) * (i % 2 == 1 ? 5 : -5)
            let pts = s.points.sorted { $0.seconds < $1.seconds }
            svg.polyline(pts.map { (x($0.seconds) + shift, y($0.value)) }, stroke: colour, width: i == 0 ? 2.5 : 1.5,
                         dash: i == 0 ? nil : "5 3")
            for p in pts {
                if p.ci.count == 2 { svg.verticalErrorBar(x: x(p.seconds) + shift, y1: y(p.ci[0]), y2: y(p.ci[1]), stroke: colour) }
                svg.circle(x(p.seconds) + shift, y(p.value), r: i == 0 ? 4 : 3, fill: colour)
            }
        }
        let items = all.count > 1 ? all.enumerated().map { (SVGWriter.colour($0.offset), $0.element.name) }
            : [(SVGWriter.colour(0), "\(m.metricName), error bars: 95% bootstrap interval")]
        svg.height = max(svg.height, f.legend(&svg, items.map { (colour: $0.0, label: $0.1) }, y: f.bottom + 58) + 4)
        let caption = "\(m.metricName) on the test period at each freshness level (\(direction)); error bars are 95% bootstrap intervals."
            + (all.count > 1 ? " Dashed lines: only that view made fresh, the others at \(m.result.baseline) (baseline value plus the paired uplift)." : "")
        return ReportChart(file: "metric.svg", title: title, caption: caption, svg: svg)
    }
}
