/// A lookup view ready to merge: rows grouped by key and, inside a key, ordered by the
/// time they became visible, `v = max(τ, c)` (docs/semantics.md, "How the engine computes it").
public struct LookupView: Sendable {
    public let spec: ViewSpec
    public let space: KeyEncoder.Space
    public let features: [TextColumn]
    /// Per source row.
    public let tau: [Int64]
    /// Sorted by (key, v): group `k` is `starts[k]..<starts[k+1]`.
    public let starts: [Int]
    let sortedVisible: [Int64]
    let sortedTau: [Int64]
    let sortedCreated: [Int64]
    let sortedRow: [Int32]
    public let rowCount: Int
    public let matchedRows: Int
    public let timeRange: ClosedRange<Int64>?
}
