/// Holm's step-down adjustment of p-values (Holm 1979, "A simple sequentially
/// rejective multiple test procedure"): rejecting where the adjusted p-value is below α
/// keeps the family-wise error rate (the chance of any false "significant" among all the
/// comparisons) at most α, under any dependence between the tests.
///
/// With the raw p-values sorted ascending, `p₍₁₎ ≤ … ≤ p₍ₘ₎`, the adjusted value of the
/// i-th is `max over j ≤ i of min(1, (m − j + 1) · p₍ⱼ₎)`; results are returned in the
/// input order.
public enum HolmAdjustment {
    /// - Complexity: O(m log m).
    public static func adjust(_ p: [Double]) -> [Double] {
        let m = p.count
        let order = p.indices.sorted { p[$0] < p[$1] || (p[$0] == p[$1] && $0 < $1) }
        var out = [Double](repeating: 1, count: m)
        var running = 0.0
        for (rank, i) in order.enumerated() {
            running = max(running, min(1, Double(m - rank) * p[i]))
            out[i] = running
        }
        return out
    }
}
