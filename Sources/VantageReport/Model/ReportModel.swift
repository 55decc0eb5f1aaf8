import VantageBacktest
import VantageCore

/// Everything the renderers show, derived once from a backtest result: levels in
/// freshness order, the headline, the tables and the charts. Renderers only format.
struct ReportModel {
    let result: BacktestResult
    let options: ReportOptions
    /// The headline metric's key and display name.
    let metric: String
    let metricName: String
    /// Decimals for values and uplifts of the headline metric.
    let decimals: Int
    /// Levels freshest first; names that are not levels keep their order, last.
    let levels: [LevelResult]
    /// Seconds between refreshes per level (realtime 0); absent for unknown names.
    let seconds: [String: Double]
    /// Candidate views: from the profile, then any only in the attribution.
    let views: [String]
    /// Uplifts of the headline metric against the baseline, in level order.
    let headlineUplifts: [Uplift]

    init(_ result: BacktestResult, options: ReportOptions) {
        self.result = result
        self.options = options
        metric = result.headlineMetric
        metricName = MetricInfo.display(result.headlineMetric)
        var secs = [String: Double]()
        for l in result.levels { secs[l.level] = TimeText.seconds(ofLevel: l.level) }
        for p in result.profile where secs[p.level] == nil { secs[p.level] = TimeText.seconds(ofLevel: p.level) }
        for u in result.uplift + (result.attribution ?? []) where secs[u.level] == nil {
            secs[u.level] = TimeText.seconds(ofLevel: u.level)
        }
        seconds = secs
        let indexed = result.levels.enumerated().map { ($0.offset, $0.element) }
        levels = indexed.sorted { a, b in
            let sa = secs[a.1.level] ?? .infinity, sb = secs[b.1.level] ?? .infinity
            return sa != sb ? sa < sb : a.0 < b.0
        }.map(\.1)
        var seen = Set<String>(), vs = [String]()
        for p in result.profile where seen.insert(p.view).inserted { vs.append(p.view) }
        for a in result.attribution ?? [] { if let v = a.view, seen.insert(v).inserted { vs.append(v) } }
        views = vs
        let typical = result.levels.first { $0.level == result.baseline }?.metrics[result.headlineMetric]?.value
            ?? result.levels.first?.metrics[result.headlineMetric]?.value ?? 1
        decimals = MetricInfo.decimals(result.headlineMetric, typical: typical)
        let order = Dictionary(levels.enumerated().map { ($0.element.level, $0.offset) }, uniquingKeysWith: { a, _ in a })
        headlineUplifts = result.uplift
            .filter { $0.metric == result.headlineMetric && $0.baseline == result.baseline && $0.level != result.baseline }
            .enumerated()
            .sorted { (order[$0.element.level] ?? Int.max, $0.offset) < (order[$1.element.level] ?? Int.max, $1.offset) }
            .map(\.element)
    }

    /// Position of a level in freshness order (unknown names last).
    func order(of level: String) -> Double { seconds[level] ?? .infinity }

    /// The freshest and the stalest level (the same when there is one).
    var freshest: LevelResult? { levels.first }
    var stalest: LevelResult? { levels.last }

    /// "+0.160 [+0.150, +0.170]" with the decimals of the uplift's metric.
    func upliftText(_ u: Uplift) -> String {
        let d = u.metric == metric ? decimals : MetricInfo.decimals(u.metric, typical: 1)
        let ci = NumberText.interval(u.ci, d, signed: true)
        return NumberText.signed(u.delta, d) + (ci.isEmpty ? "" : " " + ci)
    }

    /// "0.953 [0.948, 0.958]" for a metric value.
    func metricText(_ name: String, _ v: MetricValue) -> String {
        let d = name == metric ? decimals : MetricInfo.decimals(name, typical: v.value)
        let ci = NumberText.interval(v.ci, d, signed: false)
        return NumberText.fixed(v.value, d) + (ci.isEmpty ? "" : " " + ci)
    }

    /// "realtime", or the interval between refreshes ("1 min", "1 d").
    func freshnessText(_ level: String) -> String {
        guard let s = seconds[level] else { return "?" }
        return s == 0 ? "realtime" : "every " + TimeText.age(s)
    }

    /// A short description of the run for titles: label, model and metric.
    var subtitle: String {
        "label \(result.label) · model \(result.model.name) · metric \(metricName) · baseline \(result.baseline)"
            + (result.runID.map { " · run \($0)" } ?? "")
    }
}
