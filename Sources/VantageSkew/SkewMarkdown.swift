/// `skew.md` and the terminal table: per view the declared and effective freshness with
/// their match rates, then per feature what differs. Text only; the caller prints.
public enum SkewMarkdown {
    /// The whole `skew.md`.
    public static func render(_ r: SkewReport) -> String {
        var s = "# Train-serve skew\n\n"
        s += "Served log `\(r.served)`: \(r.rows) requests replayed point in time against `\(r.manifest.spec.path)` "
        s += "(numbers equal within \(r.tolerance) relative).\n\n"
        s += section(r)
        for v in r.views where v.note != nil { s += "\n- **\(v.view)**: \(v.note ?? "")\n" }
        s += "\n## Features at the declared level\n\n"
        s += "| column | match | served null | offline null | differ | mean abs diff | p99 abs diff |\n"
        s += "|---|---:|---:|---:|---:|---:|---:|\n"
        for f in r.views.flatMap(\.features) {
            s += "| `\(f.column)` | \(percent(f.matchRate)) | \(f.servedNull) | \(f.offlineNull) | \(f.differ) | "
            s += "\(f.meanAbsDiff.map(number) ?? "-") | \(f.p99AbsDiff.map(number) ?? "-") |\n"
        }
        let examples = r.views.flatMap(\.features).filter { !$0.examples.isEmpty }
        if !examples.isEmpty {
            s += "\n## Examples\n\n| column | keys | time | served | offline |\n|---|---|---|---|---|\n"
            for f in examples {
                for e in f.examples.prefix(3) {
                    let keys = e.keys.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                    s += "| `\(f.column)` | \(keys) | \(e.time) | \(e.served ?? "null") | \(e.offline ?? "null") |\n"
                }
            }
        }
        return s
    }

    /// The per-view table alone (also the skew section of `vantage report`).
    public static func section(_ r: SkewReport) -> String {
        var s = "| view | declared | match | effective | match | flag | extra age |\n|---|---|---:|---|---:|---|---:|\n"
        for v in r.views {
            s += "| \(v.view) | \(v.declared) | \(percent(v.matchRateDeclared)) | \(v.effective) | \(percent(v.matchRateEffective)) "
            s += "| \(v.flag.rawValue) | \(v.extraAgeSeconds.map(age) ?? "-") |\n"
        }
        return s
    }

    /// The terminal table: one line per view, then features below 99 % match.
    public static func table(_ r: SkewReport) -> String {
        var out = align([viewColumns] + viewRows(r))
        let weak = featureRows(r, below: 0.99)
        if !weak.isEmpty { out += "\n\n" + align([featureColumns] + weak) }
        return out
    }

    /// Columns and rows of the per-view table, as the terminal and `vantage report` show it.
    public static let viewColumns = ["view", "declared", "match", "effective", "match", "flag", "extra age"]

    public static func viewRows(_ r: SkewReport) -> [[String]] {
        r.views.map { v in
            [v.view, v.declared, percent(v.matchRateDeclared), v.effective, percent(v.matchRateEffective),
             v.flag.rawValue, v.extraAgeSeconds.map(age) ?? "-"]
        }
    }

    /// Columns and rows of the per-feature table (features matching below `rate`).
    public static let featureColumns = ["feature", "match", "served null", "offline null", "differ"]

    public static func featureRows(_ r: SkewReport, below rate: Double = .infinity) -> [[String]] {
        r.features(below: rate).map { x in
            [x.column, percent(x.matchRate), String(x.servedNull), String(x.offlineNull), String(x.differ)]
        }
    }

    static func align(_ rows: [[String]]) -> String {
        let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, v in v.padding(toLength: widths[c], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    static func percent(_ r: Double) -> String { EffectiveFreshness.percent(r) }

    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        let scaled = (v * 1e4).rounded() / 1e4
        return scaled == 0 ? "\(v)" : "\(scaled)"
    }

    /// A signed age in the largest readable unit (`+30s`, `+1.0d`, `-5.0m`).
    static func age(_ seconds: Double) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let a = abs(seconds)
        func one(_ x: Double) -> String { "\((x * 10).rounded() / 10)" }
        if a < 60 { return sign + "\(Int(a.rounded()))s" }
        if a < 3600 { return sign + one(a / 60) + "m" }
        if a < 86400 { return sign + one(a / 3600) + "h" }
        return sign + one(a / 86400) + "d"
    }
}
