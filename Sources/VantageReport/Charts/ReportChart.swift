/// One chart of the report: the file it is written to, a title and a caption for the
/// page, and its SVG (standalone with an XML declaration, or inline for HTML and
/// notebook outputs).
public struct ReportChart: Sendable, Equatable {
    /// File name in the report folder (`metric.svg`); also the notebook plot's name.
    public var file: String
    public var title: String
    /// How to read the chart, in one or two sentences.
    public var caption: String
    /// The document as written to `file`.
    public var standalone: String
    /// The same without the XML declaration, for embedding.
    public var inline: String

    init(file: String, title: String, caption: String, svg: SVGWriter) {
        self.file = file
        self.title = title
        self.caption = caption
        standalone = svg.document(title: title, summary: caption, standalone: true)
        inline = svg.document(title: title, summary: caption, standalone: false)
    }
}
