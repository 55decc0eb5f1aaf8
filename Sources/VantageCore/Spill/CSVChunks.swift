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
    /// The header, then the bytes read but not yet handed out: the reader's one copy of
    /// the file's bytes (a chunk is handed out in place, the header in front).
    private var window: ReadWindow
    private var headerBytes = 0
    private var headerLines = 0
    /// Lines in the file before the bytes after the header.
    private var linesBefore = 0
    private var headerRead = false
    private var returned = false
    /// The record bytes handed out by the last call, dropped at the next.
    private var handedOut = 0
    private(set) var rows = 0

    /// `streamHash`: also take the file's `StreamHash` (see `streamHash()`).
    /// `dropPagesBehind`: see `ReadAhead.init`.
    public init(path: String, keep: Set<String>?, chunkBytes: Int, streamHash: Bool = false, dropPagesBehind: Bool = false) throws(VantageError) {
        self.path = path
        self.keep = keep
        self.chunkBytes = max(1 << 16, chunkBytes)
        window = ReadWindow(capacity: 2 * self.chunkBytes)
        // A folder, FIFO or device is refused with an `error:` naming it, as for whole reads.
        source = try ReadAhead(path: path, chunkBytes: self.chunkBytes, streamHash: streamHash, dropBehind: dropPagesBehind)
    }

    deinit { window.free() }

    /// Bytes of the file read so far.
    var bytesRead: Int { window.total }

    /// The file's SHA-256, once every chunk was read (call once).
    func sha256Hex() -> String { source.finishHex() }

    /// The file's `StreamHash`, once every chunk was read, when asked for at `init`.
    func streamHash() -> UInt64 { source.finishStreamHash() }

    /// The end (after its line end) of the last complete record after the header, and
    /// the lines before it.
    private func lastBoundary() -> (end: Int, lines: Int)? {
        RecordBoundary.find(in: UnsafeBufferPointer(start: window.base + headerBytes, count: window.count - headerBytes), first: false)
    }

    /// The next chunk's bytes, the header in front, nil after the last; the first call
    /// returns a chunk even for a file with a header only. The bytes are valid until the
    /// next call. `lineOffset` is what to add to a line number found by parsing `bytes`
    /// to get the line in the file.
    func nextBytes() throws(VantageError) -> (bytes: UnsafeBufferPointer<UInt8>, headerBytes: Int, lineOffset: Int)? {
        try Cancellation.check()
        if !headerRead {
            headerRead = true
            var first = RecordBoundary.find(in: window.buffer, first: true, skipBOM: true)
            while first == nil && !window.eof {
                try window.fill(from: source)
                first = RecordBoundary.find(in: window.buffer, first: true, skipBOM: true)
            }
            if let first {
                headerBytes = first.end
                headerLines = first.lines
                linesBefore = first.lines
            } else {
                // The whole file is the header (or empty: the parser says so).
                headerBytes = window.count
            }
        } else {
            window.discard(handedOut, after: headerBytes)
        }
        handedOut = 0
        if !window.eof { try window.fill(from: source) }
        var cut = window.eof ? nil : lastBoundary()
        while cut == nil && !window.eof {
            try window.fill(from: source)
            cut = window.eof ? nil : lastBoundary()
        }
        let take = cut?.end ?? (window.count - headerBytes)
        if take == 0 && returned { return nil }
        returned = true
        handedOut = take
        let offset = linesBefore - headerLines
        linesBefore += cut?.lines ?? 0
        return (UnsafeBufferPointer(start: window.base, count: headerBytes + take), headerBytes, offset)
    }

    /// Parses one chunk from `nextBytes`, errors naming the line in the file.
    func parse(_ bytes: UnsafeBufferPointer<UInt8>, lineOffset offset: Int) throws(VantageError) -> CSVTable {
        let table: CSVTable
        do {
            table = try CSVReader.parse(Array(bytes), file: path, keep: keep)
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
