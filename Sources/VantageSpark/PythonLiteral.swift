/// A value written as Python source text: the compiled spec (`PLAN`) of a Spark job is
/// one of these, so the job carries the spec's semantics without reading any file of
/// Vantage's at run time.
indirect enum PythonLiteral: Sendable, Equatable {
    case none
    case bool(Bool)
    case int(Int64)
    case string(String)
    case list([PythonLiteral])
    case tuple([PythonLiteral])
    /// Keys in the order given (Python dicts keep insertion order).
    case dict([(String, PythonLiteral)])
    case set([String])

    static func == (a: PythonLiteral, b: PythonLiteral) -> Bool { a.source == b.source }

    /// Python source text; strings are escaped so any spec text (quotes, newlines,
    /// non-ASCII names) round-trips exactly.
    var source: String {
        switch self {
        case .none: return "None"
        case let .bool(b): return b ? "True" : "False"
        case let .int(v): return String(v)
        case let .string(s): return Self.quote(s)
        case let .list(items): return "[" + items.map(\.source).joined(separator: ", ") + "]"
        case let .tuple(items): return "(" + items.map(\.source).joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
        case let .dict(pairs): return "{" + pairs.map { Self.quote($0.0) + ": " + $0.1.source }.joined(separator: ", ") + "}"
        case let .set(items): return items.isEmpty ? "set()" : "{" + items.map(Self.quote).joined(separator: ", ") + "}"
        }
    }

    /// A Python string literal using only ASCII (`\uXXXX` / `\UXXXXXXXX` escapes).
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value >= 0x20 && u.value < 0x7F {
                    out.unicodeScalars.append(u)
                } else if u.value <= 0xFFFF {
                    out += "\\u" + Self.hex(u.value, 4)
                } else {
                    out += "\\U" + Self.hex(u.value, 8)
                }
            }
        }
        return out + "\""
    }

    private static func hex(_ v: UInt32, _ width: Int) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
}
