/// A table of text cells as every renderer shows it (HTML, Markdown, notebook outputs):
/// built once so the three formats cannot disagree on a figure.
public struct ReportTable: Sendable, Equatable {
    /// Stable identifier: the HTML anchor, and the notebook function that rebuilds it.
    public var id: String
    public var title: String
    /// What the table holds and how to read it.
    public var note: String?
    public var columns: [String]
    /// Right-aligned (numeric) columns.
    public var numeric: [Bool]
    public var rows: [[String]]

    public init(id: String, title: String, note: String? = nil, columns: [String], numeric: [Bool], rows: [[String]]) {
        self.id = id
        self.title = title
        self.note = note
        self.columns = columns
        self.numeric = numeric
        self.rows = rows
    }
}
