import Foundation

/// A CSV file read front to back in bounded chunks, each cut at a record boundary and
/// parsed on its own with the header in front, so no whole-file copy is held. The
/// SHA-256 of the file for the manifest is computed on the same pass. Errors name the
/// file and the physical line in it, as when the file is read whole. Public for the
/// backtest, which reads a training set's sampled rows through it.
public final class CSVChunks {
    let path: String
    let keep: Set<String>?
    /// Reads (and checksums) the next block while this one is scanned or parsed.
    private let source: ReadAhead
    private let chunkBytes: Int
    /// Bytes read but not yet handed out (an incomplete record).
    private var carry = [UInt8]()
    private var header = [UInt8]()
    private var headerLines = 0
    /// Lines (LFs) in the file before the carry starts.
    private var linesBefore = 0
    private var eof = false
    private var headerRead = false
    private var returned = false
    private var block: [UInt8]
    private(set) var bytesRead = 0
    private(set) var rows = 0

    public init(path: String, keep: Set<String>?, chunkBytes: Int) throws(VantageError) {
        self.path = path
        self.keep = keep
        self.chunkBytes = max(1 << 16, chunkBytes)
        block = [UInt8](repeating: 0, count: self.chunkBytes)
        // A folder, FIFO or device is refused with an `error:` naming it, as for whole reads.
        source = try ReadAhead(path: path, chunkBytes: self.chunkBytes)
    }

    /// The file's SHA-256, once every chunk was read (call once).
    func sha256Hex() -> String { source.finishHex() }

    /// Appends one block of the file to the carry; a short block is the file's last.
    private func readMore() throws(VantageError) {
        let n = try block.withUnsafeMutableBufferPointer { b throws(VantageError) in try source.next(into: b.baseAddress!) }
        bytesRead += n
        carry.append(contentsOf: block[0..<n])
        if n < chunkBytes { eof = true }
    }

    /// The end (after its line end) of the last complete record in `carry`, and the lines before it.
    private func lastBoundary() -> (end: Int, lines: Int)? {
        carry.withUnsafeBufferPointer { RecordBoundary.find(in: $0, first: false) }
    }

    /// The end of the first record in `carry` (the header: the file's start).
    private func firstBoundary() -> (end: Int, lines: Int)? {
        carry.withUnsafeBufferPointer { RecordBoundary.find(in: $0, first: true, skipBOM: true) }
    }

    /// The next chunk's bytes, the header in front, nil after the last; the first call
    /// returns a chunk even for a file with a header only. `lineOffset` is what to add to
    /// a line number found by parsing `bytes` to get the line in the file.
    func nextBytes() throws(VantageError) -> (bytes: [UInt8], headerBytes: Int, lineOffset: Int)? {
        try Cancellation.check()
        if !headerRead {
            headerRead = true
            while firstBoundary() == nil && !eof { try readMore() }
            if let h = firstBoundary() {
                header = Array(carry[0..<h.end])
                headerLines = h.lines
                carry.removeFirst(h.end)
                linesBefore = h.lines
            } else {
                // The whole file is the header (or empty: the parser says so).
                header = carry
                carry = []
            }
        }
        if !eof { try readMore() }
        var cut = eof ? nil : lastBoundary()
        while cut == nil && !eof {
            try readMore()
            cut = eof ? nil : lastBoundary()
        }
        let take = cut?.end ?? carry.count
        if take == 0 && returned { return nil }
        returned = true
        var bytes = header
        bytes.append(contentsOf: carry[0..<take])
        carry.removeFirst(take)
        let offset = linesBefore - headerLines
        linesBefore += cut?.lines ?? 0
        return (bytes, header.count, offset)
    }

    /// Parses one chunk from `nextBytes`, errors naming the line in the file.
    func parse(_ bytes: [UInt8], lineOffset offset: Int) throws(VantageError) -> CSVTable {
        let table: CSVTable
        do {
            table = try CSVReader.parse(bytes, file: path, keep: keep)
        } catch {
            if case let .input(file, line, column, message) = error { throw .input(file: file, line: line + offset, column: column, message: message) }
            throw error
        }
        let lineNumbers = (0..<table.rowCount).map { Int32(clamping: table.line(ofRow: $0) + offset) }
        return CSVTable(file: path, header: table.header, columns: table.columns, rowCount: table.rowCount, recordLines: lineNumbers)
    }

    /// Counts rows handed out by a caller that scans chunks itself.
    func count(rows n: Int) { rows += n }

    /// The next chunk parsed (every header column, the kept ones filled), nil after the
    /// last; the first call returns a table even for a file with a header only.
    public func next() throws(VantageError) -> CSVTable? {
        guard let chunk = try nextBytes() else { return nil }
        let table = try parse(chunk.bytes, lineOffset: chunk.lineOffset)
        rows += table.rowCount
        return table
    }

}
