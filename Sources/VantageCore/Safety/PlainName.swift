/// Names that become file or folder names (views in `each-view/<view>/`, levels in
/// `<level>.csv`, notebooks): letters, digits, `_`, `-` and `.`, not starting with `.`,
/// so a name can never climb out of its folder (`..`, `a/b`) or hide a file.
public enum PlainName {
    public static func isPlain(_ name: String) -> Bool {
        guard let first = name.first, first != "." else { return false }
        return name.allSatisfy { c in
            c == "_" || c == "-" || c == "." || (c.isASCII && (c.isLetter || c.isNumber)) || (!c.isASCII && c.isLetter)
        }
    }

    /// What a plain name is, for messages.
    public static let rule = "letters, digits, _, - and . (not first)"
}
