/// One generated table.
public struct GeneratedFile: Sendable, Equatable {
    /// The file name inside the generated folder.
    public let name: String
    /// Data rows (the header not counted).
    public let rows: Int
    /// Size in bytes.
    public let bytes: Int
    /// Earliest and latest value of the table's time column (`ts`), in
    /// microseconds since 1970-01-01T00:00:00Z; `nil` for a table with no rows.
    public let timeRange: ClosedRange<Int64>?

    /// Creates a summary.
    public init(name: String, rows: Int, bytes: Int, timeRange: ClosedRange<Int64>?) {
        self.name = name
        self.rows = rows
        self.bytes = bytes
        self.timeRange = timeRange
    }

    /// The earliest time, as `YYYY-MM-DDTHH:MM:SS[.ffffff]Z`.
    public var firstTime: String? { timeRange.map { CivilTime.string($0.lowerBound) } }
    /// The latest time, as `YYYY-MM-DDTHH:MM:SS[.ffffff]Z`.
    public var lastTime: String? { timeRange.map { CivilTime.string($0.upperBound) } }
}
