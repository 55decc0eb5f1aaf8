/// One computed output column, one value per spine row.
public enum FeatureColumn: Sendable {
    /// Text copied from `source` at the given row (-1 = null): lookups and `last`.
    case text(source: TextColumn, rows: [Int32])
    /// Counts.
    case integers([Int64])
    /// Computed numbers; NaN = null.
    case reals([Double])

    public var count: Int {
        switch self {
        case let .text(_, rows): return rows.count
        case let .integers(v): return v.count
        case let .reals(v): return v.count
        }
    }

    public func isNull(_ row: Int) -> Bool {
        switch self {
        case let .text(source, rows): return rows[row] < 0 || source.isNull(Int(rows[row]))
        case .integers: return false
        case let .reals(v): return v[row].isNaN
        }
    }

    /// The cell as output text (nil = null), for tests and small tables.
    public func text(_ row: Int) -> String? {
        var buf = CSVBuffer(capacity: 32)
        switch self {
        case let .text(source, rows):
            return rows[row] < 0 ? nil : source.value(Int(rows[row]))
        case let .integers(v):
            buf.integer(v[row])
        case let .reals(v):
            if v[row].isNaN { return nil }
            buf.real(v[row])
        }
        return String(decoding: buf.bytes, as: UTF8.self)
    }
}
