/// Levenshtein distance between two byte strings, for "did you mean" hints.
///
/// Lives in its own small target because both the engine (spec keys, view names) and the
/// models (metric names, parameter keys) suggest names, and neither may depend on the other.
/// - Complexity: O(m · n) time, O(n) space (two rows of the dynamic programme).
public enum EditDistance {
    public static func levenshtein(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = Swift.min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
