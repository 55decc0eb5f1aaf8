import VantageReport
import VantageSkew

/// The skew section of `vantage report`: the per-view and per-feature tables of a
/// `vantage skew` folder as a report section.
enum SkewReportSection {
    static func make(_ r: SkewReport, folder: String) -> ReportSection {
        let flagged = r.views.filter { $0.flag != .ok }.map { "\($0.view) (\($0.flag.rawValue), effective \($0.effective))" }
        var text = "From \(folder): \(r.rows) served requests of \(r.served) replayed point in time. "
        text += flagged.isEmpty ? "Every view is served at its declared freshness." : "Not served as declared: \(flagged.joined(separator: ", "))."
        for v in r.views { if let note = v.note { text += " \(v.view): \(note)." } }
        let views = ReportTable(
            id: "skew-views", title: "Declared and effective freshness",
            note: "Match: share of served cells equal to the replay at that level. Extra age: how much older the served values are.",
            columns: SkewMarkdown.viewColumns, numeric: [false, false, true, false, true, false, true], rows: SkewMarkdown.viewRows(r))
        let features = ReportTable(
            id: "skew-features", title: "Served features against the replay at the declared level",
            columns: SkewMarkdown.featureColumns, numeric: [false, true, true, true, true], rows: SkewMarkdown.featureRows(r))
        return ReportSection(id: "skew", title: "Train-serve skew", text: text, tables: [views, features])
    }
}
