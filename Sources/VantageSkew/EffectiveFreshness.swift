/// Picks, from every schedule's agreement with what was served, the view's effective
/// freshness and its flag.
///
/// - The declared level is `ok` when its match rate is within `resolution` of the best
///   (the grid cannot tell the two apart then); effective is the declared level.
/// - Otherwise the best schedule is the highest match rate; among ties,
///   a level string before a late batch, then the mean age closest to the declared
///   level's (claim no more skew than the data shows). It is `staler` when its values are older on average, else `fresher`.
/// - Effective is the best schedule when it is a level string; for a batch loaded late
///   (not a level string) it is the best of the level strings, with a note.
enum EffectiveFreshness {
    /// Match rates closer than this to the best count as the best.
    static let resolution = 0.001

    struct Scored {
        let schedule: CandidateSchedule
        let matchRate: Double
        let meanAge: Double?
    }

    struct Choice {
        let best: Int
        let effective: Int
        let flag: SkewFlag
        let note: String?
    }

    static func choose(_ scored: [Scored], declared d: Int) -> Choice {
        let top = scored.map(\.matchRate).max() ?? 0
        if scored[d].matchRate >= top - resolution { return Choice(best: d, effective: d, flag: .ok, note: nil) }
        let declaredAge = scored[d].meanAge ?? 0
        func pick(_ among: [Int]) -> Int {
            let rate = among.map { scored[$0].matchRate }.max() ?? 0
            let ties = among.filter { scored[$0].matchRate >= rate - 1e-12 }
            return ties.min { a, b in
                let x = scored[a], y = scored[b]
                if x.schedule.isExpressible != y.schedule.isExpressible { return x.schedule.isExpressible }
                return distance(x) < distance(y)
            } ?? d
        }
        func distance(_ s: Scored) -> Double { s.meanAge.map { abs($0 - declaredAge) } ?? .infinity }
        let best = pick(Array(scored.indices))
        let flag: SkewFlag = (scored[best].meanAge ?? declaredAge) > declaredAge ? .staler : .fresher
        guard !scored[best].schedule.isExpressible else { return Choice(best: best, effective: best, flag: flag, note: nil) }
        let effective = pick(scored.indices.filter { scored[$0].schedule.isExpressible })
        let b = scored[best], e = scored[effective]
        let late = b.schedule.lateBy?.text ?? ""
        let note = "production serves this view as \(b.schedule.name) (match \(percent(b.matchRate))): a batch loaded late is no level string, "
            + "so effective names the closest level string, \(e.schedule.name) (match \(percent(e.matchRate))); "
            + "the spec reproduces it exactly as freshness \(b.schedule.level.name) with \(late) more data delay (the view's delay:)"
        return Choice(best: best, effective: effective, flag: flag, note: note)
    }

    static func percent(_ r: Double) -> String {
        let v = (r * 1000).rounded() / 10
        return "\(v)%"
    }
}
