/// An event log ready for windows: events grouped by key and sorted by `τ`, ties in
/// source order (so the last of equal times is the last in source, as `last` needs).
public struct EventLog: Sendable {
    public let spec: ViewSpec
    public let space: KeyEncoder.Space
    public let starts: [Int]
    let sortedTau: [Int64]
    let sortedRow: [Int32]
    /// Numeric columns in sorted order (NaN = null), by column name.
    let numeric: [String: [Double]]
    /// Text columns by source row (for `last`), by column name.
    let text: [String: TextColumn]
    /// Exact-text value ids in sorted order (-1 = null) and how many distinct, for count_distinct.
    let distinct: [String: (ids: [Int32], count: Int)]
    public let rowCount: Int
    public let timeRange: ClosedRange<Int64>?
}
