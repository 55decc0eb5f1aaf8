import Foundation

/// A CSV file read into columns: RFC 4180 (quoted fields with `,`, `"`, CR and LF inside,
/// `""` for a quote), LF or CRLF line ends, an optional UTF-8 BOM. Only the requested
/// columns are materialised; the rest are scanned and skipped.
public struct CSVTable: Sendable {
    public let file: String
    public let header: [String]
    /// The columns that were asked for, by header index.
    public var columns: [Int: TextColumn]
    public let rowCount: Int
    /// 1-based line where each record starts; nil when record `i` is simply on line `i + 2`.
    let recordLines: [Int32]?
    /// Set when only some columns are held: the whole records are read again from the
    /// file when a training set is written (the spine of a join or sweep, which would
    /// otherwise hold every column of every row for the run).
    public internal(set) var rereadSource: SpineRecordSource?
    /// Time columns parsed while reading instead of held as text, by header index.
    public internal(set) var parsedTimes: [Int: ParsedTimes] = [:]
    /// The file's `StreamHash` when the reader was asked for it (a spine read again later).
    var streamHash: UInt64?

    /// The physical line of data row `row` (0-based), for error messages.
    public func line(ofRow row: Int) -> Int {
        if let recordLines { return Int(recordLines[row]) }
        return row + 2
    }

    /// The same table with only the given rows, in that order.
    public func selecting(rows: [Int]) -> CSVTable {
        var cols = [Int: TextColumn]()
        for (i, c) in columns {
            var b = ColumnBuilder(rows: rows.count, bytes: c.bytes.count)
            for r in rows {
                c.withField(r) { f in if let base = f.baseAddress, f.count > 0 { b.bytes.bytes(base, f.count) } }
                b.endField()
            }
            cols[i] = b.finish()
            b.free()
        }
        return CSVTable(file: file, header: header, columns: cols, rowCount: rows.count,
                        recordLines: rows.map { Int32(line(ofRow: $0)) })
    }

    public func column(named name: String) -> TextColumn? {
        guard let i = header.firstIndex(of: name) else { return nil }
        return columns[i]
    }
}
