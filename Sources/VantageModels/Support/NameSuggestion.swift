import VantageSupport

/// The candidate closest to `name` by edit distance, if it is close enough to be a
/// plausible typo (distance at most a third of the longer name, and at most 3).
///
/// Used for "did you mean" hints on metric names and parameter keys.
/// - Complexity: O(k · m · n) for k candidates of length n and a name of length m.
func closestName(to name: String, among candidates: [String]) -> String? {
    var best: (name: String, distance: Int)?
    let lowered = Array(name.lowercased().utf8)
    for candidate in candidates {
        let distance = EditDistance.levenshtein(lowered, Array(candidate.lowercased().utf8))
        let limit = min(3, max(lowered.count, candidate.utf8.count) / 3 + 1)
        guard distance <= limit else { continue }
        if best == nil || distance < best?.distance ?? Int.max { best = (candidate, distance) }
    }
    return best?.name
}
