/// A time column parsed to µs as it was read, so its text is never held (a timestamp is
/// 20–32 bytes of text against 8 as a number). What cannot be parsed is remembered by
/// row, so that `TimeColumn` reports exactly what it reports for a column held as text.
public struct ParsedTimes: Sendable {
    let format: TimeFormat
    /// One per row; 0 where the field is empty or not a time.
    var values: [Int64] = []
    /// Rows whose field is empty, ascending.
    var empty: [Int] = []
    /// Rows whose field is not a time of `format`, ascending, and the first one's text.
    var bad: [Int] = []
    var firstBadText: String?

    init(format: TimeFormat, expectedRows: Int = 0) {
        self.format = format
        values.reserveCapacity(expectedRows)
    }

    /// Appends the times of the next rows, parsed apart (a piece of a block).
    mutating func append(contentsOf other: ParsedTimes) {
        let base = values.count
        values += other.values
        empty += other.empty.map { $0 + base }
        if bad.isEmpty && !other.bad.isEmpty { firstBadText = other.firstBadText }
        bad += other.bad.map { $0 + base }
    }

    /// Parses the fields of `column` (the next rows of the file) and appends them.
    mutating func append(_ column: ColumnBuilder) {
        let first = values.count
        let bytes = UnsafePointer(column.bytes.base)
        var parser = TimeParser.DayCache(format: format)
        for r in 0..<column.rows {
            let s = Int(column.offsets[r]), e = Int(column.offsets[r + 1])
            if s == e {
                empty.append(first + r)
                values.append(0)
            } else if let t = parser.parse(UnsafeBufferPointer(start: bytes + s, count: e - s)) {
                values.append(t)
            } else {
                if bad.isEmpty { firstBadText = String(decoding: UnsafeBufferPointer(start: bytes + s, count: e - s), as: UTF8.self) }
                bad.append(first + r)
                values.append(0)
            }
        }
    }
}
