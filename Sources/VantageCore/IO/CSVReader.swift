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

    /// The physical line of data row `row` (0-based), for error messages.
    public func line(ofRow row: Int) -> Int {
        if let recordLines { return Int(recordLines[row]) }
        return row + 2
    }

    /// The same table with only the given rows, in that order.
    public func selecting(rows: [Int]) -> CSVTable {
        var cols = [Int: TextColumn]()
        for (i, c) in columns {
            var b = _ColumnBuilder(rows: rows.count, bytes: c.bytes.count)
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

public enum CSVReader {
    /// Reads `path`, keeping the columns whose names are in `keep` (nil keeps all).
    /// Every requested name must exist in the header.
    public static func read(path: String, keep: Set<String>? = nil, displayName: String? = nil) throws(VantageError) -> CSVTable {
        let name = displayName ?? path
        let data = try FileBytes.read(path: path)
        return try parse(data, file: name, keep: keep)
    }

    public static func parse(_ data: [UInt8], file: String, keep: Set<String>? = nil) throws(VantageError) -> CSVTable {
        let result: Result<CSVTable, VantageError> = data.withUnsafeBufferPointer { buf in
            do throws(VantageError) {
                var parser = _CSVParser(buf: buf, file: file)
                return .success(try parser.run(keep: keep))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

/// The scanning state machine behind `CSVReader`.
struct _CSVParser {
    let buf: UnsafeBufferPointer<UInt8>
    let file: String
    var pos = 0
    var line = 1

    init(buf: UnsafeBufferPointer<UInt8>, file: String) {
        self.buf = buf
        self.file = file
        if buf.count >= 3, buf[0] == 0xEF, buf[1] == 0xBB, buf[2] == 0xBF { pos = 3 }
    }

    private static let comma: UInt8 = 44, quote: UInt8 = 34, lf: UInt8 = 10, cr: UInt8 = 13

    /// Reads one field into `sink` (or skips it when `sink` is nil). Returns true when the
    /// field ended the record (line end or end of file).
    @inline(__always)
    mutating func field(into sink: UnsafeMutablePointer<_ColumnBuilder>?, column: Int) throws(VantageError) -> Bool {
        let n = buf.count
        if pos < n, buf[pos] == Self.quote {
            let startLine = line
            pos += 1
            var runStart = pos
            while true {
                guard pos < n else {
                    throw .input(file: file, line: startLine, column: column, message: "unterminated quoted field: expected a closing \" before the end of the file")
                }
                let b = buf[pos]
                if b == Self.quote {
                    if let sink { sink.pointee.append(buf, runStart, pos) }
                    if pos + 1 < n, buf[pos + 1] == Self.quote {
                        if let sink { sink.pointee.bytes.byte(Self.quote) }
                        pos += 2
                        runStart = pos
                        continue
                    }
                    pos += 1
                    break
                }
                if b == Self.lf { line += 1 }
                pos += 1
            }
            sink?.pointee.endField()
            guard pos < n else { return true }
            let b = buf[pos]
            if b == Self.comma { pos += 1; return false }
            if b == Self.lf { pos += 1; line += 1; return true }
            if b == Self.cr {
                pos += (pos + 1 < n && buf[pos + 1] == Self.lf) ? 2 : 1
                line += 1
                return true
            }
            throw .input(file: file, line: line, column: column, message: "unexpected text after a closing quote: expected , or the end of the line")
        }
        let start = pos
        while pos < n {
            let b = buf[pos]
            if b == Self.comma || b == Self.lf || b == Self.cr { break }
            pos += 1
        }
        if let sink { sink.pointee.append(buf, start, pos); sink.pointee.endField() }
        guard pos < n else { return true }
        let b = buf[pos]
        if b == Self.comma { pos += 1; return false }
        pos += (b == Self.cr && pos + 1 < n && buf[pos + 1] == Self.lf) ? 2 : 1
        line += 1
        return true
    }

    mutating func run(keep: Set<String>?) throws(VantageError) -> CSVTable {
        guard pos < buf.count else {
            throw .input(file: file, line: 1, column: 0, message: "the file is empty: expected a header line with the column names")
        }
        // Header.
        var headerBuilder = _ColumnBuilder(rows: 16, bytes: 256)
        var col = 1
        while true {
            let end = try withUnsafeMutablePointer(to: &headerBuilder) { p throws(VantageError) in try field(into: p, column: col) }
            if end { break }
            col += 1
        }
        let header = headerBuilder.finish()
        headerBuilder.free()
        let names = (0..<header.count).map { header.string($0) }
        var seen = [String: Int]()
        for (i, name) in names.enumerated() {
            if let first = seen[name] {
                throw .input(file: file, line: 1, column: i + 1, message: "duplicate column name \"\(name)\" (also column \(first + 1)): every header name must be unique")
            }
            seen[name] = i
        }
        if names.count == 1 && names[0].isEmpty {
            throw .input(file: file, line: 1, column: 1, message: "the header line is empty: expected the column names")
        }
        if let keep {
            for k in keep.sorted() where seen[k] == nil {
                throw .input(file: file, line: 1, column: 0, message: "no column \"\(k)\" in the header (columns: \(names.joined(separator: ", ")))")
            }
        }
        let width = names.count
        let wanted = (0..<width).map { keep?.contains(names[$0]) ?? true }
        // Estimate rows from the size of the first records to reserve once.
        let estimateRows = max(16, (buf.count - pos) / max(8, pos) + 16)
        var cols = (0..<width).map { i in
            wanted[i] ? _ColumnBuilder(rows: estimateRows, bytes: (buf.count - pos) / width + 16) : _ColumnBuilder(rows: 1, bytes: 1)
        }
        defer { for c in cols { c.free() } }
        var lines = [Int32]()
        var multiLine = false
        var rows = 0
        try cols.withUnsafeMutableBufferPointer { (cp: inout UnsafeMutableBufferPointer<_ColumnBuilder>) throws(VantageError) in
            guard let base = cp.baseAddress else { return }
            while pos < buf.count {
                // Skip blank lines in multi-column files (a lone empty field is a null otherwise).
                if width > 1, buf[pos] == Self.lf || buf[pos] == Self.cr {
                    pos += (buf[pos] == Self.cr && pos + 1 < buf.count && buf[pos + 1] == Self.lf) ? 2 : 1
                    line += 1
                    continue
                }
                let recordLine = line
                var c = 0
                while true {
                    if c >= width {
                        throw .input(file: file, line: recordLine, column: c + 1, message: "too many fields: expected \(width) like the header, found more")
                    }
                    let ended = try field(into: wanted[c] ? base + c : nil, column: c + 1)
                    c += 1
                    if ended { break }
                }
                if c != width {
                    throw .input(file: file, line: recordLine, column: c, message: "too few fields: expected \(width) like the header, found \(c)")
                }
                if !multiLine && recordLine != rows + 2 {
                    multiLine = true
                    lines = (0..<rows).map { Int32($0 + 2) }
                }
                if multiLine { lines.append(Int32(recordLine)) }
                rows += 1
            }
        }
        var kept = [Int: TextColumn]()
        for i in 0..<width where wanted[i] { kept[i] = cols[i].finish() }
        return CSVTable(file: file, header: names, columns: kept, rowCount: rows, recordLines: multiLine ? lines : nil)
    }
}

/// Builds one column's storage on raw memory while parsing, then hands it over as a
/// `TextColumn`.
struct _ColumnBuilder {
    var bytes: ByteSink
    private var offsets: UnsafeMutablePointer<Int>
    private var rows = 0
    private var capacity: Int

    init(rows: Int, bytes byteCount: Int) {
        bytes = ByteSink(capacity: byteCount)
        capacity = max(16, rows) + 1
        offsets = .allocate(capacity: capacity)
        offsets[0] = 0
    }

    func free() {
        bytes.free()
        offsets.deallocate()
    }

    @inline(__always)
    mutating func append(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        if end > start { bytes.bytes(buf.baseAddress! + start, end - start) }
    }

    @inline(__always)
    mutating func endField() {
        if rows + 2 > capacity {
            let c = capacity * 2
            let fresh = UnsafeMutablePointer<Int>.allocate(capacity: c)
            fresh.update(from: offsets, count: rows + 1)
            offsets.deallocate()
            offsets = fresh
            capacity = c
        }
        rows += 1
        offsets[rows] = bytes.count
    }

    func finish() -> TextColumn {
        TextColumn(bytes: Array(UnsafeBufferPointer(start: bytes.base, count: bytes.count)),
                   offsets: Array(UnsafeBufferPointer(start: offsets, count: rows + 1)))
    }
}
