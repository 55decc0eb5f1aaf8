/// The candidate closest to `name` by edit distance, if it is close enough to be a
/// plausible typo (distance at most a third of the longer name, and at most 3).
///
/// Used for "did you mean" hints on metric names and parameter keys.
/// - Complexity: O(k · m · n) for k candidates of length n and a name of length m.
func closestName(to name: String, among candidates: [String]) -> String? {
    var best: (name: String, distance: Int)?
    let lowered = Array(name.lowercased().utf8)
    for candidate in candidates {
        let distance = editDistance(lowered, Array(candidate.lowercased().utf8))
        let limit = min(3, max(lowered.count, candidate.utf8.count) / 3 + 1)
        guard distance <= limit else { continue }
        if best == nil || distance < best?.distance ?? Int.max { best = (candidate, distance) }
    }
    return best?.name
}

/// Levenshtein distance over bytes, two-row dynamic programme.
private func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
