/// A section another command contributes to a report (the train-serve skew of
/// `vantage skew`): a title, a paragraph and tables, placed before "Data, model and
/// provenance" in both `report.html` and `report.md`, rendered and escaped like every
/// other table of the report.
public struct ReportSection: Sendable, Equatable {
    /// The HTML anchor.
    public var id: String
    public var title: String
    public var text: String
    public var tables: [ReportTable]

    public init(id: String, title: String, text: String, tables: [ReportTable]) {
        self.id = id
        self.title = title
        self.text = text
        self.tables = tables
    }

    var html: String {
        var o = "<section id=\"\(Escape.html(id))\">\n<h2>\(Escape.html(title))</h2>\n<p>\(Escape.html(text))</p>\n"
        for t in tables {
            o += "<h3 id=\"\(Escape.html(t.id))\">\(Escape.html(t.title))</h3>\n"
            if let note = t.note { o += "<p class=\"note\">\(Escape.html(note))</p>\n" }
            o += TableText.html(t)
        }
        return o + "</section>\n"
    }

    var markdown: String {
        var o = "## \(Escape.markdown(title))\n\n\(Escape.markdown(text))\n\n"
        for t in tables {
            o += "### \(Escape.markdown(t.title))\n\n"
            if let note = t.note { o += "\(Escape.markdown(note))\n\n" }
            o += TableText.markdown(t) + "\n"
        }
        return o
    }
}

extension RenderedReport {
    /// The report with `section` before "Data, model and provenance" (at the end of the
    /// page when a report has no such section).
    public func adding(_ section: ReportSection) -> RenderedReport {
        var out = self
        for (i, f) in files.enumerated() {
            let text = String(decoding: f.bytes, as: UTF8.self)
            let inserted: String
            switch f.name {
            case "report.html": inserted = Self.insert(section.html, into: text, before: "<section id=\"run\">", orBefore: "<footer>")
            case "report.md": inserted = Self.insert(section.markdown, into: text, before: "## Data, model and provenance\n", orBefore: "---\n")
            default: continue
            }
            out.files[i].bytes = Array(inserted.utf8)
        }
        return out
    }

    private static func insert(_ part: String, into text: String, before marker: String, orBefore fallback: String) -> String {
        if let r = text.range(of: marker) ?? text.range(of: fallback, options: .backwards) {
            return String(text[..<r.lowerBound]) + part + String(text[r.lowerBound...])
        }
        return text + part
    }
}
