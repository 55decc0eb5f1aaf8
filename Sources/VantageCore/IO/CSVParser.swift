/// The scanning state machine behind `CSVReader`.
struct CSVParser {
    let buf: UnsafeBufferPointer<UInt8>
    let file: String
    var pos = 0
    var line = 1

    /// `atFileStart`: the buffer starts the file, so a UTF-8 byte order mark there is
    /// skipped (a later block of a streamed file starts mid-file and keeps its bytes).
    init(buf: UnsafeBufferPointer<UInt8>, file: String, atFileStart: Bool = true) {
        self.buf = buf
        self.file = file
        if atFileStart, buf.count >= 3, buf[0] == 0xEF, buf[1] == 0xBB, buf[2] == 0xBF { pos = 3 }
    }

    static let comma: UInt8 = 44, quote: UInt8 = 34, lf: UInt8 = 10, cr: UInt8 = 13

    /// Reads one field into `sink` (or skips it when `sink` is nil). Returns true when the
    /// field ended the record (line end or end of file).
    @inline(__always)
    mutating func field(into sink: UnsafeMutablePointer<ColumnBuilder>?, column: Int) throws(VantageError) -> Bool {
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
                pos &+= 1  // pos < n: cannot wrap
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
        // Below, `pos < n` (a buffer size) before every step: the wrapping sums cannot wrap.
        let start = pos
        pos = Self.delimiter(in: buf, from: pos)
        if let sink { sink.pointee.append(buf, start, pos); sink.pointee.endField() }
        guard pos < n else { return true }
        let b = buf[pos]
        if b == Self.comma { pos &+= 1; return false }
        pos &+= (b == Self.cr && pos &+ 1 < n && buf[pos &+ 1] == Self.lf) ? 2 : 1
        line &+= 1
        return true
    }

    /// The first `,` LF or CR at or after `from`, or `buf.count`: the end of an unquoted
    /// field. Eight bytes at a time (a word compare per delimiter), then byte by byte.
    @inline(__always)
    static func delimiter(in buf: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        let n = buf.count
        var pos = from
        if let base = buf.baseAddress {
            // `pos + 8 <= n` before every load, so it reads only bytes of `buf`.
            while pos &+ 8 <= n {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + pos).loadUnaligned(as: UInt64.self))
                let hits = Self.bytes(equalTo: 0x2C2C_2C2C_2C2C_2C2C, in: word)
                    | Self.bytes(equalTo: 0x0A0A_0A0A_0A0A_0A0A, in: word)
                    | Self.bytes(equalTo: 0x0D0D_0D0D_0D0D_0D0D, in: word)
                if hits != 0 { return pos &+ hits.trailingZeroBitCount >> 3 }
                pos &+= 8
            }
        }
        while pos < n {
            let b = buf[pos]
            if b == comma || b == lf || b == cr { break }
            pos &+= 1
        }
        return pos
    }

    /// The high bit of each byte of `word` equal to that of `pattern` (a byte repeated);
    /// bytes above the lowest such byte may be flagged wrongly, so only the lowest counts.
    @inline(__always)
    static func bytes(equalTo pattern: UInt64, in word: UInt64) -> UInt64 {
        let x = word ^ pattern
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    /// The header's names and which columns to keep; leaves `pos` at the first record.
    mutating func header(keep: Set<String>?) throws(VantageError) -> (names: [String], wanted: [Bool]) {
        guard pos < buf.count else {
            throw .input(file: file, line: 1, column: 0, message: "the file is empty: expected a header line with the column names")
        }
        var headerBuilder = ColumnBuilder(rows: 16, bytes: 256)
        defer { headerBuilder.free() }
        var col = 1
        while true {
            let end = try withUnsafeMutablePointer(to: &headerBuilder) { p throws(VantageError) in try field(into: p, column: col) }
            if end { break }
            col += 1
        }
        let header = headerBuilder.finish()
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
        return (names, (0..<names.count).map { keep?.contains(names[$0]) ?? true })
    }

    static func builders(wanted: [Bool], bytes: Int, headerBytes: Int) -> [ColumnBuilder] {
        let estimateRows = max(16, bytes / max(8, headerBytes) + 16)
        return wanted.map { $0 ? ColumnBuilder(rows: estimateRows, bytes: bytes / max(1, wanted.count) + 16) : ColumnBuilder(rows: 1, bytes: 1) }
    }

    /// Parses records from `pos` while a record starts before `end`.
    /// - Returns: the row count, and the start line of each record when records do not
    ///   sit one per line (quoted line breaks, blank lines), else nil.
    mutating func records(until end: Int, wanted: [Bool], into cols: inout [ColumnBuilder], firstRowLine: Int) throws(VantageError) -> (rows: Int, lines: [Int32]?) {
        let width = wanted.count
        var lines = [Int32]()
        var multiLine = false
        var rows = 0
        try cols.withUnsafeMutableBufferPointer { (cp: inout UnsafeMutableBufferPointer<ColumnBuilder>) throws(VantageError) in
            guard let base = cp.baseAddress else { return }
            while pos < end {
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
                    let ended = try field(into: wanted[c] ? base + c : nil, column: c &+ 1)
                    c &+= 1  // c < width
                    if ended { break }
                }
                if c != width {
                    throw .input(file: file, line: recordLine, column: c, message: "too few fields: expected \(width) like the header, found \(c)")
                }
                // A record off its expected line (blank lines before it) or spanning
                // several lines (a quoted line break) needs explicit line numbers.
                if !multiLine && (recordLine != rows + firstRowLine || line > recordLine + 1) {
                    multiLine = true
                    lines = (0..<rows).map { Int32($0 + firstRowLine) }
                }
                if multiLine { lines.append(Int32(recordLine)) }
                rows += 1
            }
        }
        return (rows, multiLine ? lines : nil)
    }

    mutating func run(keep: Set<String>?) throws(VantageError) -> CSVTable {
        let (names, wanted) = try header(keep: keep)
        var cols = Self.builders(wanted: wanted, bytes: buf.count - pos, headerBytes: pos)
        defer { for c in cols { c.free() } }
        let (rows, lines) = try records(until: buf.count, wanted: wanted, into: &cols, firstRowLine: 2)
        var kept = [Int: TextColumn]()
        for i in 0..<wanted.count where wanted[i] {
            if cols[i].overflowed { throw Self.columnTooLarge(file: file, name: names[i], column: i) }
            kept[i] = cols[i].finish()
        }
        return CSVTable(file: file, header: names, columns: kept, rowCount: rows, recordLines: lines)
    }

    /// A column past the 4 GiB a `TextColumn` holds.
    static func columnTooLarge(file: String, name: String, column: Int) -> VantageError {
        .input(file: file, line: 1, column: column + 1,
               message: "column \(name) holds more than 4 GiB of text, more than one column can hold in memory; give the run a smaller --memory so the input is split into partitions")
    }

    /// Parses the records in `parts` chunks on all cores, cut at line breaks. Returns nil
    /// when a cut fell inside a record (a quoted line break), when records do not sit one
    /// per line, or when a chunk has an error: the caller then parses sequentially, which
    /// also gives exact line numbers in messages.
    static func chunked(_ buf: UnsafeBufferPointer<UInt8>, file: String, keep: Set<String>?, parts: Int) throws(VantageError) -> CSVTable? {
        var head = CSVParser(buf: buf, file: file)
        let (names, wanted) = try head.header(keep: keep)
        let dataStart = head.pos
        var starts = [dataStart]
        for k in 1..<parts {
            var p = dataStart + (buf.count - dataStart) * k / parts
            while p < buf.count && buf[p] != lf { p += 1 }
            starts.append(min(buf.count, p + 1))
        }
        starts.append(buf.count)
        let cuts = starts
        /// Why `@unchecked Sendable`: a part's builders own raw storage that only the job
        /// which filled them touched; they pass to the caller once, after all jobs joined.
        struct Part: @unchecked Sendable { var cols: [ColumnBuilder]; var rows: Int; var ok: Bool }
        /// Why `@unchecked Sendable`: the bytes are only read while the jobs run, and the
        /// caller keeps them alive until this returns.
        struct Bytes: @unchecked Sendable { let buf: UnsafeBufferPointer<UInt8> }
        let bytes = Bytes(buf: buf)
        let results = ParallelMap.run(parts) { k -> Part in
            let buf = bytes.buf
            var parser = CSVParser(buf: buf, file: file)
            parser.pos = cuts[k]
            parser.line = 0
            var cols = builders(wanted: wanted, bytes: cuts[k + 1] - cuts[k], headerBytes: dataStart)
            do throws(VantageError) {
                let (rows, lines) = try parser.records(until: cuts[k + 1], wanted: wanted, into: &cols, firstRowLine: 0)
                return Part(cols: cols, rows: rows, ok: lines == nil && parser.pos == cuts[k + 1])
            } catch {
                return Part(cols: cols, rows: 0, ok: false)
            }
        }
        defer { for r in results { for c in r.cols { c.free() } } }
        guard results.allSatisfy(\.ok) else { return nil }
        var kept = [Int: TextColumn]()
        for i in 0..<wanted.count where wanted[i] {
            if results.reduce(0, { $0 + $1.cols[i].bytes.count }) > Int(UInt32.max) { throw columnTooLarge(file: file, name: names[i], column: i) }
            kept[i] = ColumnBuilder.concatenate(results.map { $0.cols[i] })
        }
        return CSVTable(file: file, header: names, columns: kept, rowCount: results.reduce(0) { $0 + $1.rows }, recordLines: nil)
    }
}
