import VantageSupport

/// Suggests the closest allowed word for a misspelt key or name (edit distance ≤ 2, or a
/// case-insensitive match).
public enum DidYouMean {
    public static func suggest(_ word: String, among candidates: [String]) -> String? {
        var best: (String, Int)?
        for c in candidates {
            if c.lowercased() == word.lowercased() { return c }
            let d = EditDistance.levenshtein(Array(word.utf8), Array(c.utf8))
            if d <= 2, best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }
}
