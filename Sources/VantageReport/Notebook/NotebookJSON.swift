/// The JSON a notebook is made of, and a writer whose output is byte-for-byte what
/// Python's `json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False,
/// separators=(",", ": "))` writes, as `nbformat` does: reading and re-saving the
/// notebook with Jupyter then changes nothing, and the file diffs cleanly.
indirect enum NotebookJSON: Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([NotebookJSON])
    case object([String: NotebookJSON])

    /// The document text with a final newline.
    func text() -> String {
        var out = ""
        write(into: &out, depth: 0)
        return out + "\n"
    }

    private func write(into out: inout String, depth: Int) {
        switch self {
        case let .string(s): Self.quote(s, into: &out)
        case let .int(i): out += String(i)
        case let .bool(b): out += b ? "true" : "false"
        case .null: out += "null"
        case let .array(items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += String(repeating: " ", count: depth + 1)
                item.write(into: &out, depth: depth + 1)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: depth) + "]"
        case let .object(members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{\n"
            // Python sorts keys by code point.
            let keys = members.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            for (i, key) in keys.enumerated() {
                out += String(repeating: " ", count: depth + 1)
                Self.quote(key, into: &out)
                out += ": "
                members[key]?.write(into: &out, depth: depth + 1)
                out += i + 1 < keys.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: depth) + "}"
        }
    }

    /// A JSON string as Python writes it with `ensure_ascii=False`: only the quote, the
    /// backslash and control characters below U+0020 are escaped.
    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// A string as a Python literal (a JSON string is one).
    static func pythonLiteral(_ s: String) -> String {
        var out = ""
        quote(s, into: &out)
        return out
    }

    /// Multi-line text as nbformat stores it: Python's `str.splitlines(keepends=True)`,
    /// so the split is the one Jupyter would write back (`[]` for empty text).
    static func lines(_ text: String) -> NotebookJSON {
        .array(splitLines(text).map(NotebookJSON.string))
    }

    static func splitLines(_ text: String) -> [String] {
        let breaks: Set<UInt32> = [0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029]
        var out = [String](), current = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let s = pending {
            pending = scalars.next()
            current.append(s)
            if breaks.contains(s.value) {
                if s == "\r", let n = pending, n == "\n" {
                    current.append(n)
                    pending = scalars.next()
                }
                out.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { out.append(String(current)) }
        return out
    }
}
