/// One input file or table as recorded in a manifest.
public struct InputRecord: Sendable, Codable, Equatable {
    public var role: String
    public var source: String
    public var rows: Int
    public var bytes: Int?
    public var sha256: String?
    /// Rows skipped for an unparseable time (only with `--drop-bad-times`).
    public var droppedRows: Int?

    public init(role: String, source: String, rows: Int, bytes: Int?, sha256: String?, droppedRows: Int? = nil) {
        self.role = role
        self.source = source
        self.rows = rows
        self.bytes = bytes
        self.sha256 = sha256
        self.droppedRows = droppedRows
    }

    enum CodingKeys: String, CodingKey {
        case role, source, rows, bytes, sha256
        case droppedRows = "dropped_rows"
    }
}
