/// What a freshness level costs a view: how many rows still get a value, how old the
/// values actually used are (`t - τ`), and how many rows changed against real time.
public struct FreshnessProfile: Codable, Sendable, Equatable {
    public struct Age: Codable, Sendable, Equatable {
        public var min: Double
        public var p50: Double
        public var p90: Double
        public var p99: Double
        public var max: Double
    }

    public var view: String
    public var level: String
    /// Share of spine rows with a value (lookups) or of non-empty windows (aggregates).
    public var coverage: Double
    /// Age in seconds of the values used; nil when no row has one.
    public var ageSeconds: Age?
    /// Rows where any of the view's columns differs from the realtime level.
    public var changedVsRealtime: Int

    enum CodingKeys: String, CodingKey {
        case view, level, coverage
        case ageSeconds = "age_seconds"
        case changedVsRealtime = "changed_vs_realtime"
    }

    public static func compute(_ output: ViewOutput, times: [Int64], realtime: ViewOutput?) -> FreshnessProfile {
        var ages = [Int64]()
        ages.reserveCapacity(times.count)
        for r in 0..<times.count where output.usedTau[r] != .min { ages.append(times[r] &- output.usedTau[r]) }
        ages.sort()
        var age: Age?
        if !ages.isEmpty {
            // Nearest-rank percentiles: always a value that occurred.
            func q(_ p: Double) -> Double {
                let rank = Swift.max(1, Int((p * Double(ages.count)).rounded(.up)))
                return Double(ages[Swift.min(ages.count, rank) - 1]) / 1e6
            }
            age = Age(min: Double(ages[0]) / 1e6, p50: q(0.5), p90: q(0.9), p99: q(0.99), max: Double(ages[ages.count - 1]) / 1e6)
        }
        var changed = 0
        if let realtime {
            for r in 0..<times.count {
                for (a, b) in zip(output.columns, realtime.columns) where !a.sameCell(b, r) {
                    changed += 1
                    break
                }
            }
        }
        let coverage = output.totalCells == 0 ? 0 : Double(output.coveredCells) / Double(output.totalCells)
        return FreshnessProfile(view: output.view.name, level: output.level.name, coverage: coverage,
                                ageSeconds: age, changedVsRealtime: changed)
    }
}

extension FeatureColumn {
    /// Whether row `r` holds the same value in both columns (null equals null).
    public func sameCell(_ other: FeatureColumn, _ r: Int) -> Bool {
        switch (self, other) {
        case let (.integers(a), .integers(b)): return a[r] == b[r]
        case let (.reals(a), .reals(b)): return a[r].bitPattern == b[r].bitPattern || (a[r].isNaN && b[r].isNaN)
        case let (.text(sa, ra), .text(sb, rb)):
            let ia = Int(ra[r]), ib = Int(rb[r])
            if ia == ib { return true }
            let na = ia < 0 || sa.isNull(ia), nb = ib < 0 || sb.isNull(ib)
            if na || nb { return na == nb }
            return sa.withField(ia) { fa in sb.withField(ib) { fb in fa.elementsEqual(fb) } }
        default: return false
        }
    }
}
