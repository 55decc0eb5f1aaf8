/// Escaping for every text taken from the data (feature, view, level and file names,
/// spec text): names are user-controlled, and a report is opened in browsers and
/// notebook viewers that would otherwise run markup hidden in them.
enum Escape {
    /// Text for HTML and XML content and attribute values (both quote kinds escaped).
    static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab/newline are not allowed in XML 1.0.
                if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Text for Markdown (CommonMark/GFM) outside code: markup characters are escaped
    /// with a backslash so names never become HTML, links, emphasis or table borders.
    /// An underscore between two letters or digits is left alone: it cannot start
    /// emphasis there, and `txn_count_1h` stays readable in a terminal.
    static func markdown(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for (i, s) in scalars.enumerated() {
            switch s {
            case "\\", "`", "*", "<", ">", "|", "&", "#", "~", "!", "$":
                out += "\\"
                out.unicodeScalars.append(s)
            case "]":
                // A link, image or reference needs "](", "][" or "]:"; an interval
                // "[0.1, 0.2]" stays as it is.
                let next: Unicode.Scalar = i + 1 < scalars.count ? scalars[i + 1] : " "
                out += (next == "(" || next == "[" || next == ":") ? "\\]" : "]"
            case "_":
                let before = i > 0 && isWord(scalars[i - 1])
                let after = i + 1 < scalars.count && isWord(scalars[i + 1])
                out += (before && after) ? "_" : "\\_"
            case "\n", "\r":
                out += " "
            default:
                out.unicodeScalars.append(s)
            }
        }
        return out
    }

    /// A fenced code block whose fence is longer than any backtick run in `text`.
    static func markdownFence(_ text: String, info: String = "") -> String {
        var longest = 0, run = 0
        for c in text.unicodeScalars {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        let body = text.hasSuffix("\n") ? text : text + "\n"
        return fence + info + "\n" + body + fence
    }

    private static func isWord(_ s: Unicode.Scalar) -> Bool {
        s.properties.isAlphabetic || ("0"..."9").contains(s)
    }
}

extension Escape {
    /// A file name as a relative URL: everything but unreserved characters
    /// percent-encoded, so a notebook called "q1 (final).ipynb" links correctly.
    static func urlPath(_ name: String) -> String {
        var out = ""
        for b in name.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%" + String(hex[Int(b >> 4)]) + String(hex[Int(b & 15)])
            }
        }
        return out
    }
}
