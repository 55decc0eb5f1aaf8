import Foundation
import VantageModels

/// The comparisons in words: one line per level against the baseline, then the money.
public enum Verdicts {
    public static func lines(_ r: BacktestResult) -> [String] {
        var out = [String]()
        let metricName = MetricRegistry.label(r.headlineMetric)
        for u in r.uplift {
            out.append("\(u.level) vs \(u.baseline): \(metricName) \(change(u, r.headlineMetric))\(seed(u)); "
                       + (u.significant ? "significant" : "not significant"))
        }
        if let why = r.baselineReason { out.append("baseline \(r.baseline): \(why)") }
        if let n = r.comparisons, n > 1 {
            out.append("significance is adjusted for \(n) comparisons (Holm), so that all of them together have a 5 % chance of a false alarm")
        }
        if r.uplift.contains(where: { $0.seedSD == 0 }) {
            out.append("training noise: models trained with other seeds give the same predictions (seed sd 0)")
        }
        if !r.uplift.isEmpty && !r.uplift.contains(where: { $0.significant && $0.delta > 0 }) {
            out.append("no significant uplift over \(r.baseline): fresher features do not pay off here")
        }
        // An attribution that repeats a level's own uplift (a lone candidate view) adds no line.
        let said = Set(r.uplift.map { "\($0.level) \($0.delta) \($0.ci)" })
        for a in r.attribution ?? [] where a.significant && !said.contains("\(a.level) \(a.delta) \(a.ci)") {
            out.append("\(attributionPhrase(a)): \(metricName) \(change(a, r.headlineMetric))"
                       + (a.delta < 0 ? "; significantly worse" : ""))
        }
        if let rec = r.recommendation {
            switch rec.evidence {
            case "clear": out.append("recommendation: make \(rec.views.joined(separator: ", ")) fresh at \(rec.level ?? "?"). \(rec.reason)")
            case "mixed": out.append("recommendation: none, the evidence is mixed. \(rec.reason)")
            default: out.append("recommendation: none. \(rec.reason)")
            }
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

    /// The words for one attribution, the same in the terminal, the report and the
    /// notebook: "txn alone at realtime (others at cadence-1d)" or "all but txn at realtime
    /// (txn at cadence-1d)".
    public static func attributionPhrase(_ a: Uplift) -> String {
        let v = a.view ?? "?"
        if a.mode == "all_but" { return "all candidates at \(a.level) vs all but \(v) (\(v) at \(a.baseline))" }
        return "\(v) alone at \(a.level) (other candidates at \(a.baseline))"
    }

    /// Training noise beside the interval: the delta's spread over seeds.
    static func seed(_ u: Uplift) -> String {
        guard let sd = u.seedSD, sd > 0 else { return "" }
        return ", seed sd \(String(format: "%.3f", sd))"
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
