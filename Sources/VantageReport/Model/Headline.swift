import VantageBacktest

/// The verdict in words and numbers: the one answer a reader takes away, one line per
/// level against the baseline, one line per candidate view, and the money when a value
/// model is set. Every renderer prints these same sentences.
public struct Headline: Sendable, Equatable {
    /// Whether some fresher level beats the baseline significantly (and, with a value
    /// model, pays for its infrastructure).
    public var invest: Bool
    /// One sentence: "Don't invest: no level beats cadence-1d significantly …".
    public var answer: String
    /// "realtime vs cadence-1d: ROC-AUC +0.160 [+0.150, +0.170], significant; …".
    public var levels: [String]
    /// One line per candidate view (from attribution when the backtest has it).
    public var views: [String]
    /// How value is counted and which level maximises it, when a value model is set.
    public var value: String?
}

extension Headline {
    /// Whether an uplift is a significant gain: flagged significant by the backtest,
    /// positive, and with an interval that excludes zero (a flag that disagrees with
    /// its own interval is not taken as an uplift).
    static func isGain(_ u: Uplift) -> Bool {
        guard u.significant, u.delta > 0 else { return false }
        return u.ci.count != 2 || u.ci[0] > 0
    }

    static func build(_ m: ReportModel) -> Headline {
        let r = m.result
        let base = r.baseline
        let main = m.headlineUplifts
        let gains = main.filter(isGain)
        let best = gains.max { $0.delta < $1.delta }

        var invest = false
        var answer: String
        if let best {
            answer = "\(best.level) beats \(base) on \(m.metricName) by \(m.upliftText(best))"
            if let v = r.value {
                let bestValue = r.levels.first { $0.level == v.bestLevel }?.value
                let net = bestValue?.netUpliftPerMonth ?? 0
                if v.bestLevel == base || net <= 0 {
                    answer = "Don't invest: " + answer + ", but no fresher level pays for its infrastructure; \(base) has the greatest net value."
                } else {
                    invest = true
                    var money = "Invest in \(v.bestLevel): worth \(Money.signed(net)) per month net of infrastructure"
                    if let ci = bestValue?.netUpliftCI, ci.count == 2 {
                        money += " " + Money.interval(ci)
                        if ci[0] <= 0 { money += " (the interval includes zero)" }
                    }
                    let bestUplift = main.first { $0.level == v.bestLevel }
                    let gain = bestUplift.map { " — \(m.metricName) \(m.upliftText($0)) over \(base)" } ?? ""
                    answer = money + gain + "."
                }
            } else {
                invest = true
                answer = "Invest: " + answer + " (significant). Add a value model to the spec to weigh it against the cost of running it."
            }
        } else {
            answer = "Don't invest: no level beats \(base) significantly on \(m.metricName) — no significant uplift."
        }

        var levelLines = main.map { u -> String in
            var line = "\(u.level) vs \(base): \(m.metricName) \(m.upliftText(u)), "
                + (isGain(u) ? "significant" : (u.significant && u.delta < 0 ? "significantly worse" : "no significant uplift"))
            if let lv = r.levels.first(where: { $0.level == u.level })?.value, let net = lv.netUpliftPerMonth {
                line += "; net value \(Money.signed(net)) per month"
                if let ci = lv.netUpliftCI, ci.count == 2 { line += " " + Money.interval(ci) }
            }
            return line
        }

        if let why = r.baselineReason { levelLines.append("Baseline \(base): \(why).") }
        if let n = r.comparisons, n > 1 {
            levelLines.append("Significance is adjusted (Holm) for the \(n) comparisons of this run, so all of them together have a 5 % chance of a false alarm.")
        }
        if let rec = r.recommendation {
            switch rec.evidence {
            case "clear": levelLines.append("Recommendation: make \(rec.views.joined(separator: ", ")) fresh at \(rec.level ?? "?"). \(rec.reason)")
            case "mixed": levelLines.append("Recommendation: none, the evidence is mixed. \(rec.reason)")
            default: levelLines.append("Recommendation: none. \(rec.reason)")
            }
        }

        var valueLine: String?
        if let v = r.value {
            valueLine = "Value: \(v.description) At \(NumberText.fixed(v.eventsPerMonth, 0, grouped: true)) events per month, "
                + "the level with the greatest net value is \(v.bestLevel)."
        }
        return Headline(invest: invest, answer: answer, levels: levelLines, views: viewLines(m), value: valueLine)
    }

    /// Per candidate view: with attribution, both modes in the words the terminal uses
    /// (`Verdicts.attributionPhrase`) with the numbers of the attribution table; without
    /// it, one line saying the views were only measured together.
    private static func viewLines(_ m: ReportModel) -> [String] {
        let base = m.result.baseline
        guard let attribution = m.result.attribution, !attribution.isEmpty else {
            guard !m.views.isEmpty else { return [] }
            return ["Candidate views \(m.views.joined(separator: ", ")) were made fresh together; "
                + "run the sweep and the backtest with --each-view to see which of them needs to be fresh."]
        }
        return m.views.map { view in
            var entries = attribution.filter { $0.view == view && $0.metric == m.metric }
            if entries.isEmpty { entries = attribution.filter { $0.view == view } }
            guard !entries.isEmpty else { return "\(view): not measured alone." }
            let name = MetricInfo.display(entries[0].metric)
            func describe(_ mode: String) -> String? {
                let these = entries.filter { ($0.mode ?? "alone") == mode }
                guard !these.isEmpty else { return nil }
                if let best = these.filter(isGain).max(by: { $0.delta < $1.delta }) {
                    return "\(Verdicts.attributionPhrase(best)): \(name) \(m.upliftText(best)), significant"
                }
                if let loss = these.filter({ $0.significant && $0.delta < 0 }).min(by: { $0.delta < $1.delta }) {
                    return "\(Verdicts.attributionPhrase(loss)): \(name) \(m.upliftText(loss)), significantly worse"
                }
                let freshest = these.min { m.order(of: $0.level) < m.order(of: $1.level) } ?? these[0]
                return "\(Verdicts.attributionPhrase(freshest)): \(name) \(m.upliftText(freshest)), not significant"
            }
            let parts = ["alone", "all_but"].compactMap(describe)
            let gainsAlone = entries.contains { ($0.mode ?? "alone") == "alone" && isGain($0) }
            let verdict = gainsAlone ? "\(view): worth making fresh" : "\(view): can stay at \(base)"
            return verdict + " — " + parts.joined(separator: "; ") + "."
        }
    }
}
