#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The spine's rows in the partition files of a key space, in the form the join reads
/// them: per row its time, parsed (8 bytes, µs, little-endian), then each key column of
/// the space as the length of its value (`ShortLength`) and the value's bytes (unquoted). Unlike
/// the views' partition files they have no side file of lines: a bad time is reported in
/// the partition pass, and nothing else in a spine row can be wrong (at 100M events the
/// side files were 0.8 GB written and read for nothing). The row count of a partition
/// comes from the pass's assignments.
///
/// Why not CSV like the views' files: the spine is copied once per key space, and each
/// copy was parsed again in every partition, its time included. As rows its time is
/// parsed once in the partition pass (where a bad one is reported, exactly as the
/// in-memory path reports it), and reading a partition copies bytes, nothing more.
enum SpineRows {
    /// Appends a record scanned in the partition pass: `time`, then its fields `keys`.
    @inline(__always)
    static func append(time: Int64, keys: UnsafeBufferPointer<Int>, of scan: RawRecordScanner, to sink: inout ByteSink) {
        sink.uint64(UInt64(bitPattern: time))
        for c in keys {
            let at = sink.count
            sink.byte(0)
            scan.withValue(c) { piece in if piece.count > 0 { sink.bytes(piece.baseAddress!, piece.count) } }
            sink.finishShortLength(at: at)
        }
    }

    /// Appends row `row` of a parsed chunk: `time`, then the values of `keys` there.
    static func append(time: Int64, keys: [TextColumn], row: Int, to sink: inout ByteSink) {
        sink.uint64(UInt64(bitPattern: time))
        for c in keys {
            c.withField(row) { f in
                sink.shortLength(f.count)
                if f.count > 0 { sink.bytes(f.baseAddress!, f.count) }
            }
        }
    }

    /// The spine of one partition of a key space, `rows` rows, as a table the `Loader`
    /// takes: the header of the spine file; the space's key columns (`keys`, header
    /// indexes, in the order written) from the rows; the columns `empty` with every field
    /// empty (the keys of other spaces); the time column `time` as parsed times. Errors
    /// name the spill file: it is this run's own.
    static func table(_ base: String, rows: Int, shownAs: String, header: [String], time: Int, format: TimeFormat,
                      keys: [Int], empty: [Int]) throws(VantageError) -> CSVTable {
        var times = [Int64](repeating: 0, count: rows)
        var builders = keys.map { _ in ColumnBuilder(rows: rows, bytes: 16 * rows) }
        defer { for b in builders { b.free() } }
        let path = base + ".rows"
        let mismatch = VantageError.io(path: path, message: "spill file does not match its partition")
        try FileBytes.withMapped(path: path) { buf throws(VantageError) in
            guard let start = buf.baseAddress else { if rows > 0 { throw mismatch }; return }
            let raw = UnsafeRawPointer(start)
            var pos = 0
            let end = buf.count
            for r in 0..<rows {
                guard end - pos >= 8 else { throw mismatch }
                times[r] = Int64(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: pos, as: UInt64.self)))
                pos += 8
                for k in builders.indices {
                    guard let (n, size) = ShortLength.decode(start + pos, available: end - pos) else { throw mismatch }
                    pos += size
                    guard end - pos >= n else { throw mismatch }
                    if n > 0 { builders[k].bytes.bytes(start + pos, n) }
                    builders[k].endField()
                    pos += n
                }
            }
            guard pos == end else { throw mismatch }
        }
        var columns = [Int: TextColumn]()
        for (k, i) in keys.enumerated() {
            if builders[k].overflowed { throw CSVParser.columnTooLarge(file: shownAs, name: header[i], column: i) }
            columns[i] = builders[k].finish()
        }
        for i in empty where columns[i] == nil {
            var b = ColumnBuilder(rows: rows, bytes: 64)
            for _ in 0..<rows { b.endField() }
            columns[i] = b.finish()
            b.free()
        }
        var table = CSVTable(file: shownAs, header: header, columns: columns, rowCount: rows, recordLines: nil)
        var parsed = ParsedTimes(format: format)
        parsed.values = times
        table.parsedTimes = [time: parsed]
        return table
    }
}
