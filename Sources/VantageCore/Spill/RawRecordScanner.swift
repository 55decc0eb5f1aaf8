/// Finds the records of a CSV chunk and the bytes of each field without copying or
/// decoding them, so the partition pass can hash the key fields and write each record's
/// bytes as read. It follows `CSVParser` step for step (a quote opens a quoted field only
/// at the field's start; LF, CRLF or a lone CR end a record; blank lines are skipped when
/// there is more than one column; the end of the chunk ends the last record), so a record
/// it accepts parses alone to the same fields on the same lines.
///
/// It only tells records apart: anything the parser would refuse (a wrong field count,
/// text after a closing quote, an unterminated quote) makes `next` return `false` with
/// `irregular` set, and the caller parses the chunk with `CSVParser` for the exact message.
struct RawRecordScanner {
    let buf: UnsafeBufferPointer<UInt8>
    /// Columns in the header.
    let width: Int
    var pos: Int
    /// The parser's line number at `pos`.
    var line: Int
    /// Set when a record the parser would refuse stopped the scan.
    private(set) var irregular = false

    /// The current record: its first byte, the end of its bytes (after its line end),
    /// whether it had a line end (not at the end of the chunk), and its first line.
    private(set) var start = 0, end = 0, terminated = true, recordLine = 0
    /// Per field of the current record: its bytes, quotes included. Raw memory (owned by
    /// `storage`): as arrays, every access in the scan loop retained and released them.
    let fieldStart: UnsafeMutablePointer<Int>, fieldEnd: UnsafeMutablePointer<Int>
    private let storage: FieldStorage

    /// The memory of `fieldStart` and `fieldEnd`, freed with the last copy of the scanner.
    private final class FieldStorage {
        let bounds: UnsafeMutablePointer<Int>
        init(width: Int) {
            bounds = .allocate(capacity: 2 * max(1, width))
            bounds.initialize(repeating: 0, count: 2 * max(1, width))
        }
        deinit { bounds.deallocate() }
    }

    static let comma: UInt8 = 44, quote: UInt8 = 34, lf: UInt8 = 10, cr: UInt8 = 13

    init(buf: UnsafeBufferPointer<UInt8>, width: Int, pos: Int, line: Int) {
        self.buf = buf
        self.width = width
        self.pos = pos
        self.line = line
        storage = FieldStorage(width: width)
        fieldStart = storage.bounds
        fieldEnd = storage.bounds + max(1, width)
    }

    /// Moves to the next record; false at the end of the chunk or when it is irregular.
    mutating func next() -> Bool {
        let n = buf.count
        if width > 1 {
            while pos < n, buf[pos] == Self.lf || buf[pos] == Self.cr {
                pos += (buf[pos] == Self.cr && pos + 1 < n && buf[pos + 1] == Self.lf) ? 2 : 1
                line += 1
            }
        }
        guard pos < n else { return false }
        start = pos
        recordLine = line
        var c = 0
        while true {
            guard c < width else { irregular = true; return false }
            fieldStart[c] = pos
            if pos < n && buf[pos] == Self.quote {
                pos += 1
                while true {
                    guard pos < n else { irregular = true; return false }
                    let b = buf[pos]
                    if b == Self.quote {
                        if pos + 1 < n, buf[pos + 1] == Self.quote { pos += 2; continue }
                        pos += 1
                        break
                    }
                    if b == Self.lf { line += 1 }
                    pos += 1
                }
            } else {
                // The same scan as the parser's for an unquoted field.
                pos = CSVParser.delimiter(in: buf, from: pos)
            }
            // One ending for both kinds: a comma, a line end or the end of the chunk;
            // anything else (text after a closing quote) is the parser's to report.
            fieldEnd[c] = pos
            c += 1
            guard pos < n else { terminated = false; break }
            let b = buf[pos]
            if b == Self.comma { pos += 1; continue }
            guard b == Self.lf || b == Self.cr else { irregular = true; return false }
            pos += (b == Self.cr && pos + 1 < n && buf[pos + 1] == Self.lf) ? 2 : 1
            line += 1
            terminated = true
            break
        }
        guard c == width else { irregular = true; return false }
        end = pos
        return true
    }

    /// Calls `body` with the value of field `c` of the current record as the parser
    /// reads it: the bytes between the quotes of a quoted field with each `""` as one
    /// `"`, in one or more pieces.
    func withValue(_ c: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        let s = fieldStart[c], e = fieldEnd[c]
        guard s < e, buf[s] == Self.quote else {
            body(UnsafeBufferPointer(rebasing: buf[s..<e]))
            return
        }
        // A quoted field: between the quotes, each "" gives one quote.
        var run = s + 1
        var i = s + 1
        let last = e - 1
        while i < last {
            if buf[i] == Self.quote {
                body(UnsafeBufferPointer(rebasing: buf[run...i]))
                i += 2
                run = i
            } else {
                i += 1
            }
        }
        if run < last { body(UnsafeBufferPointer(rebasing: buf[run..<last])) }
    }
}
