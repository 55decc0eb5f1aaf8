/// One notebook cell and its outputs, as nbformat 4.5 defines them: markdown cells, and
/// code cells whose outputs are already filled (`display_data`) so the notebook reads
/// on any viewer without running. `execution_count` stays null: nothing was executed,
/// and no count, time or duration varies between two exports.
struct NotebookCell {
    enum Kind { case markdown, code }

    /// A `display_data` output: a MIME bundle (`text/html`, `text/plain`, `image/svg+xml`).
    struct Display {
        var data: [String: String]
    }

    let kind: Kind
    /// Unique within the notebook, matching `^[a-zA-Z0-9-_]+$`, 1–64 characters.
    let id: String
    let source: String
    var outputs: [Display] = []

    static func markdown(_ id: String, _ source: String) -> NotebookCell {
        NotebookCell(kind: .markdown, id: id, source: source)
    }

    static func code(_ id: String, _ source: String, outputs: [Display] = []) -> NotebookCell {
        NotebookCell(kind: .code, id: id, source: source, outputs: outputs)
    }

    var json: NotebookJSON {
        var cell: [String: NotebookJSON] = [
            "id": .string(id),
            "metadata": .object([:]),
            "source": NotebookJSON.lines(source),
        ]
        switch kind {
        case .markdown:
            cell["cell_type"] = .string("markdown")
        case .code:
            cell["cell_type"] = .string("code")
            cell["execution_count"] = .null
            cell["outputs"] = .array(outputs.map { out in
                .object([
                    "output_type": .string("display_data"),
                    "metadata": .object([:]),
                    "data": .object(out.data.mapValues(NotebookJSON.lines)),
                ])
            })
        }
        return .object(cell)
    }

    /// Lowercase letters, digits and dashes from `text`, at most 64 characters: a
    /// valid cell id whatever a table or chart is called.
    static func slug(_ text: String) -> String {
        var out = ""
        for s in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(s) || ("0"..."9").contains(s) { out.unicodeScalars.append(s) }
            else if !out.hasSuffix("-") { out += "-" }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "cell" : String(out.prefix(64))
    }
}
