/// A table as HTML (`<table>`), as a GitHub-flavoured Markdown table, and as aligned
/// plain text (the notebook's `text/plain`). Every cell is escaped for its format.
enum TableText {
    static func html(_ t: ReportTable) -> String {
        func cls(_ i: Int) -> String { i < t.numeric.count && t.numeric[i] ? " class=\"num\"" : "" }
        var out = "<table>\n<thead><tr>"
        for (i, c) in t.columns.enumerated() { out += "<th\(cls(i)) scope=\"col\">\(Escape.html(c))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for row in t.rows {
            out += "<tr>"
            for (i, cell) in row.enumerated() { out += "<td\(cls(i))>\(Escape.html(cell))</td>" }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    static func markdown(_ t: ReportTable) -> String {
        func line(_ cells: [String]) -> String { "| " + cells.map(Escape.markdown).joined(separator: " | ") + " |" }
        var out = line(t.columns) + "\n"
        out += "|" + t.columns.indices.map { i in i < t.numeric.count && t.numeric[i] ? " --: |" : " --- |" }.joined() + "\n"
        for row in t.rows { out += line(row.map { $0.isEmpty ? " " : $0 }) + "\n" }
        return out
    }

    /// Columns padded to their widest cell (in characters), numbers right-aligned.
    static func plain(_ t: ReportTable) -> String {
        let all = [t.columns] + t.rows
        var widths = t.columns.map(\.count)
        for row in all { for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func pad(_ s: String, _ i: Int) -> String {
            let fill = String(repeating: " ", count: max(0, widths[i] - s.count))
            return i < t.numeric.count && t.numeric[i] ? fill + s : s + fill
        }
        var lines = [String]()
        for (r, row) in all.enumerated() {
            lines.append(row.enumerated().map { pad($0.element, $0.offset) }.joined(separator: "  ").trimmingTrailingSpaces())
            if r == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
