import VantageModels

/// Multiple comparisons: a run tests every level against the baseline and, with
/// attribution, every view in two modes at every level. Each test alone has a 5 % chance
/// of a false "significant"; over dozens, some are all but certain. `significant` is
/// therefore decided on Holm-adjusted p-values over the whole family, which keeps the
/// chance of any false "significant" in the run at 5 %; raw values stay beside them.
enum Significance {
    /// Adjusts in place; returns the family size. Comparisons that repeat another
    /// exactly (the attribution of a lone candidate view is the level's own uplift) are
    /// counted once and share its adjusted value.
    @discardableResult
    static func adjust(uplift: inout [Uplift], attribution: inout [Uplift]?, alpha: Double) -> Int {
        var keys = [String]()
        var p = [Double]()
        var index = [String: Int]()
        func key(_ u: Uplift) -> String { "\(u.delta)|\(u.ci[0])|\(u.ci[1])|\(u.pValue ?? 1)" }
        for u in uplift + (attribution ?? []) where index[key(u)] == nil {
            index[key(u)] = p.count
            keys.append(key(u))
            p.append(u.pValue ?? 1)
        }
        let adjusted = HolmAdjustment.adjust(p)
        func apply(_ u: inout Uplift) {
            let a = adjusted[index[key(u)] ?? 0]
            u.pAdjusted = a
            u.significant = a < alpha
        }
        for i in uplift.indices { apply(&uplift[i]) }
        if var a = attribution {
            for i in a.indices { apply(&a[i]) }
            attribution = a
        }
        return p.count
    }
}
