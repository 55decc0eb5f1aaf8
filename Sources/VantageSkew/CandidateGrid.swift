import VantageCore

/// The schedules the estimator tries for every view: real time, lags from 1 s to 30 days
/// in roughly log-spaced steps (1-2-5 per decade, then the usual hours and days), the
/// usual batch cadences and the spec's own levels, and each fixed-length cadence also
/// loaded one period late. The grid's resolution is its step: an effective lag of 30 s
/// means "closer to 30 s than to 20 s or 1 m".
public enum CandidateGrid {
    public static let lagTexts = ["1s", "2s", "5s", "10s", "20s", "30s", "1m", "2m", "5m", "10m", "20m", "30m",
                                  "1h", "2h", "3h", "6h", "12h", "1d", "2d", "3d", "7d", "14d", "30d"]
    public static let cadenceTexts = ["1m", "5m", "15m", "1h", "6h", "12h", "1d"]

    /// The grid for `spec`, plus `extra` levels (the user's `--levels`, else the spec's
    /// `freshness.levels`) and every view's declared level; duplicates once.
    public static func schedules(spec: Spec, extra: [FreshnessLevel]) -> [CandidateSchedule] {
        var levels: [FreshnessLevel] = [.realtime]
        for t in lagTexts { if let l = try? FreshnessLevel(parsing: "lag-" + t) { levels.append(l) } }
        for t in cadenceTexts { if let l = try? FreshnessLevel(parsing: "cadence-" + t) { levels.append(l) } }
        levels += extra
        levels += spec.views.map(\.freshness)
        var out = [CandidateSchedule]()
        func add(_ c: CandidateSchedule) { if !out.contains(c) { out.append(c) } }
        for l in levels { add(CandidateSchedule(level: l)) }
        for l in levels where l.mode == .cadence && !l.every.isMonths {
            add(CandidateSchedule(level: l, lateBy: l.every))
        }
        return out
    }
}
