#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where records end in a buffer that starts at a record boundary, found as `CSVParser`
/// reads records: a quote opens a quoted field only at the start of a field (a quote
/// inside an unquoted field is text), inside quotes `""` is a quote and line breaks are
/// data, and LF, CRLF or a lone CR ends a record. Readers that take a file in blocks
/// cut each block here, so no record is split between blocks.
enum RecordBoundary {
    /// The end (after its line end) of the first or the last record ending in `buf`, and
    /// the lines the parser counts before that end; nil when no record ends inside it.
    /// `skipBOM`: the buffer starts the file, so a byte order mark there is skipped.
    /// Without `countLines` the lines returned are 0 (a block reader that lets the parser
    /// count them saves a pass over the block).
    static func find(in buf: UnsafeBufferPointer<UInt8>, first: Bool, skipBOM: Bool = false,
                     countLines: Bool = true) -> (end: Int, lines: Int)? {
        guard let base = buf.baseAddress, buf.count > 0 else { return nil }
        let n = buf.count
        // Without a quote, and with carriage returns only in CRLF pairs, every LF ends a
        // record (a CRLF is one line end).
        if memchr(base, Int32(CSVParser.quote), n) == nil && crOnlyBeforeLF(buf) {
            if first {
                guard let lf = memchr(base, Int32(CSVParser.lf), n) else { return nil }
                return (base.distance(to: lf.assumingMemoryBound(to: UInt8.self)) + 1, 1)
            }
            // The last LF is within the last record: a short way back from the end.
            var i = n - 1
            while i >= 0 && buf[i] != CSVParser.lf { i -= 1 }
            guard i >= 0 else { return nil }
            return (i + 1, countLines ? lineFeeds(in: UnsafeBufferPointer(start: base, count: i + 1)) : 0)
        }
        var end = -1, linesAtEnd = 0, lines = 0
        var i = skipBOM && n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF ? 3 : 0
        scan: while i < n {
            // At the start of a field.
            if buf[i] == CSVParser.quote {
                i += 1
                var closed = false
                while i < n {
                    let c = buf[i]
                    if c == CSVParser.quote {
                        if i + 1 < n && buf[i + 1] == CSVParser.quote { i += 2; continue }
                        if i + 1 == n { break scan }  // a doubled quote may follow
                        i += 1
                        closed = true
                        break
                    }
                    if c == CSVParser.lf { lines += 1 }
                    i += 1
                }
                if !closed { break scan }
            }
            while i < n {
                let c = buf[i]
                if c == CSVParser.comma || c == CSVParser.lf || c == CSVParser.cr { break }
                i += 1
            }
            guard i < n else { break scan }
            let c = buf[i]
            i += 1
            if c == CSVParser.comma { continue }
            if c == CSVParser.cr {
                guard i < n else { break scan }  // an LF may follow
                if buf[i] == CSVParser.lf { i += 1 }
            }
            lines += 1
            end = i
            linesAtEnd = lines
            if first { break scan }
        }
        return end > 0 ? (end, linesAtEnd) : nil
    }

    /// The LF bytes in `buf`, eight bytes at a time: in a block without quotes or
    /// carriage returns, its lines.
    static func lineFeeds(in buf: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = buf.baseAddress else { return 0 }
        let n = buf.count
        var count = 0, i = 0
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        while i &+ 8 <= n {
            let x = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) ^ 0x0A0A_0A0A_0A0A_0A0A
            // The high bit of exactly the zero bytes of `x` (no carry crosses a byte).
            let zero = ~(((x & low7) &+ low7) | x | low7)
            count &+= zero.nonzeroBitCount
            i &+= 8
        }
        while i < n {
            if base[i] == CSVParser.lf { count &+= 1 }
            i &+= 1
        }
        return count
    }

    /// Whether every CR of `buf` is followed by an LF (CRLF line ends, or no CR at all).
    static func crOnlyBeforeLF(_ buf: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = buf.baseAddress else { return true }
        var at = 0
        while at < buf.count, let cr = memchr(base + at, Int32(CSVParser.cr), buf.count - at) {
            let i = base.distance(to: cr.assumingMemoryBound(to: UInt8.self))
            guard i + 1 < buf.count, base[i + 1] == CSVParser.lf else { return false }
            at = i + 2
        }
        return true
    }
}
