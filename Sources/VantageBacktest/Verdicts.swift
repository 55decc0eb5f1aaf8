import Foundation
import VantageModels

/// The comparisons in words: one line per level against the baseline, then the money.
public enum Verdicts {
    public static func lines(_ r: BacktestResult) -> [String] {
        var out = [String]()
        let metricName = MetricRegistry.label(r.headlineMetric)
        for u in r.uplift {
            out.append("\(u.level) vs \(u.baseline): \(metricName) \(change(u, r.headlineMetric)); "
                       + (u.significant ? "significant" : "not significant"))
        }
        if !r.uplift.isEmpty && !r.uplift.contains(where: { $0.significant && $0.delta > 0 }) {
            out.append("no significant uplift over \(r.baseline): fresher features do not pay off here")
        }
        for a in r.attribution ?? [] where a.significant && a.delta > 0 {
            out.append("\(a.view ?? "?") fresh alone at \(a.level): \(metricName) \(change(a, r.headlineMetric))")
        }
        if let v = r.value, let best = r.levels.first(where: { $0.level == v.bestLevel }), let value = best.value {
            let uplift = value.netUpliftPerMonth.map { ", \(money($0)) per month net vs \(r.baseline)" } ?? ""
            out.append("best value: \(v.bestLevel) at \(money(value.netPerMonth)) per month after infrastructure\(uplift)")
        }
        return out
    }

    /// The change of the metric itself with its interval: for a loss or an error the
    /// oriented `delta` (positive = better) is turned back into the change in the metric,
    /// so "RMSE -27.6" reads as the error going down.
    static func change(_ u: Uplift, _ metric: String) -> String {
        if !MetricRegistry.higherIsBetter(metric) {
            return "\(signed(-u.delta)) [\(signed(-u.ci[1])), \(signed(-u.ci[0]))] (lower is better)"
        }
        return "\(signed(u.delta)) [\(signed(u.ci[0])), \(signed(u.ci[1]))]"
    }

    static func signed(_ x: Double) -> String {
        (x >= 0 ? "+" : "") + String(format: "%.3f", x)
    }

    static func money(_ x: Double) -> String {
        let s = String(format: "%.0f", abs(x))
        var grouped = ""
        for (i, ch) in s.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { grouped.append(",") }
            grouped.append(ch)
        }
        return (x < 0 ? "-" : "+") + String(grouped.reversed())
    }
}
