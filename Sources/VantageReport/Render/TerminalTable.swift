import Foundation
import VantageBacktest
import VantageCore
import VantageModels

/// Every table the commands print on a terminal: columns separated by two spaces,
/// padded to the widest cell, with no trailing spaces. One renderer, so every command's
/// table lines up the same way.
public enum TerminalTable {
    /// Rows of cells (the first is the header); columns in `rightAligned` are padded on
    /// the left (numbers).
    public static func render(_ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        return rows.map { row in
            var line = ""
            for (c, v) in row.enumerated() {
                if c > 0 { line += "  " }
                let pad = String(repeating: " ", count: max(0, widths[c] - v.count))
                line += rightAligned.contains(c) ? pad + v : v + pad
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// A backtest's per-level metrics: value and 95% interval of each metric, after a
    /// line saying what was trained on what.
    public static func backtest(_ r: BacktestResult) -> String {
        let keys = MetricRegistry.ordered(Set(r.levels.flatMap { $0.metrics.keys }), headline: r.headlineMetric)
        var rows = [["level"] + keys.map(MetricRegistry.label)]
        for l in r.levels {
            rows.append([l.level + (l.level == r.baseline ? " (baseline)" : "")] + keys.map { n in
                guard let m = l.metrics[n] else { return "-" }
                return String(format: "%.4f [%.4f, %.4f]", m.value, m.ci[0], m.ci[1])
            })
        }
        let header = "\(r.task) task, label \(r.label), model \(r.model.name); train before \(r.split.trainEnd) (\(r.split.trainRows) rows), test from \(r.split.testStart) (\(r.split.testRows) rows)"
        return header + "\n" + render(rows)
    }

    /// The freshness profile: coverage (both definitions) and p50/p99 age per level and view.
    public static func profile(_ rows: [FreshnessProfile]) -> String {
        var lines = [["view", "level", "coverage: rows with any value", "non-empty windows", "age p50", "age p99", "changed vs realtime"]]
        for p in rows {
            lines.append([p.view, p.level, p.coverageRows.map { String(format: "%.1f%%", $0 * 100) } ?? "-",
                          String(format: "%.1f%%", p.coverageWindows * 100),
                          p.ageSeconds.map { age($0.p50) } ?? "-",
                          p.ageSeconds.map { age($0.p99) } ?? "-",
                          String(p.changedVsRealtime)])
        }
        return render(lines, rightAligned: [2, 3, 4, 5, 6])
    }

    /// Ages in the largest unit that keeps them readable (`45s`, `12.5m`, `3.1h`, `2.0d`).
    public static func age(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.0fs", seconds) }
        if seconds < 3600 { return String(format: "%.1fm", seconds / 60) }
        if seconds < 86400 { return String(format: "%.1fh", seconds / 3600) }
        return String(format: "%.1fd", seconds / 86400)
    }
}
