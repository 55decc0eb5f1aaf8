import VantageCore

/// Turns the adjusted comparisons into one recommendation. A level is recommended only
/// with a significant gain over the baseline there and no significant loss at any
/// fresher level (a gain that vanishes or reverses when fresher is not a freshness
/// effect one can bet on); among such levels, the stalest that is not significantly
/// worse than the best one (it keeps the gain, at the lowest cost).
struct Recommender {
    let candidates: [String]
    let baseline: String
    let comparisons: Int

    /// `worse(fresh, stale)`: whether `stale` is significantly worse than `fresh`.
    func recommend(uplift: [Uplift], attribution: [Uplift]?,
                   worse: (String, String) throws(VantageError) -> Bool) throws(VantageError) -> Recommendation {
        let baseAge = age(baseline)
        let fresher = uplift.filter { age($0.level) < baseAge }
        let gains = fresher.filter { $0.significant && $0.delta > 0 }
        let family = "after adjusting for \(comparisons) comparison\(comparisons == 1 ? "" : "s")"
        guard let best = gains.max(by: { $0.delta < $1.delta }) else {
            return Recommendation(views: [], level: nil, evidence: "none",
                                  reason: "No level is significantly better than \(baseline) \(family), so fresher features are not worth building here.")
        }
        let losses = uplift.filter { $0.significant && $0.delta < 0 }
        var eligible = [Uplift]()
        for g in gains.sorted(by: { age($0.level) > age($1.level) }) {
            let lossFresher = losses.contains { age($0.level) < age(g.level) }
            if lossFresher { continue }
            if g.level != best.level, try worse(best.level, g.level) { continue }
            eligible.append(g)
        }
        guard let chosen = eligible.first else {
            let loss = losses.map(\.level).joined(separator: ", ")
            return Recommendation(views: [], level: nil, evidence: "mixed",
                                  reason: "\(best.level) is significantly better than \(baseline), but \(loss) is significantly worse at a fresher level, so the gain is not a clear freshness effect.")
        }
        var views = candidates
        var how = "the candidate views together"
        if let attribution {
            let alone = attribution.filter { $0.mode == "alone" && $0.level == chosen.level && $0.significant && $0.delta > 0 }
            let lossy = Set(attribution.filter { $0.mode == "alone" && $0.significant && $0.delta < 0 && age($0.level) < age(chosen.level) }
                .compactMap(\.view))
            let carried = alone.compactMap(\.view).filter { !lossy.contains($0) }
            if !carried.isEmpty {
                views = candidates.filter { carried.contains($0) }
                how = views.count == 1 ? "\(views[0]) alone carries it" : "each of \(views.joined(separator: ", ")) carries it alone"
            } else {
                how = "no single view carries it alone, so the candidate views go together"
            }
        }
        return Recommendation(views: views, level: chosen.level, evidence: "clear",
                              reason: "\(chosen.level) keeps the gain over \(baseline) (significant \(family), no significant loss when fresher); \(how).")
    }

    /// Seconds between refreshes (realtime 0); unknown names sort as stalest.
    private func age(_ level: String) -> Double {
        (try? FreshnessLevel(parsing: level))?.every.approximateSeconds ?? .infinity
    }
}
