/// The charts of a report, in page order; attribution only when the backtest has it.
enum ReportCharts {
    static func build(_ m: ReportModel) -> [ReportChart] {
        var out = [MetricChart.build(m)]
        if let a = AttributionChart.build(m) { out.append(a) }
        out.append(StalenessChart.build(m))
        out.append(CoverageChart.build(m))
        out.append(ImportanceChart.build(m))
        return out
    }

    /// Every chart file a report may write (to clear stale ones from a folder).
    static let allFiles = ["metric.svg", "attribution.svg", "staleness.svg", "coverage.svg", "importance.svg"]

    /// The log freshness axis shared by charts 1 and 4: realtime at the left end (1 s,
    /// or a tenth of the freshest sub-second level), up to 1 month or the stalest level.
    static func freshnessScale(_ m: ReportModel, from: Double, to: Double) -> LogScale {
        let known = m.seconds.values.filter { $0 > 0 }
        let lo = known.min().map { $0 <= 1 ? $0 / 10 : 1 } ?? 1
        return LogScale(lo: lo, hi: TimeText.ceilingTick(known.max() ?? TimeText.month), from: from, to: to)
    }

    /// Level names and positions for the marks above a freshness axis.
    static func levelMarks(_ m: ReportModel, names: [String]) -> [(String, Double)] {
        names.compactMap { n in m.seconds[n].map { (n, $0) } }
    }

    /// A label cut to `limit` characters with an ellipsis (the full name is in the tables).
    static func clip(_ s: String, _ limit: Int) -> String {
        s.count <= limit ? s : String(s.prefix(limit - 1)) + "…"
    }
}
