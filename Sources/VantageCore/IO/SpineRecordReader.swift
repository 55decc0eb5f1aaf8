#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a spine's records again, in order, each as its output text: its fields in CSV
/// form joined by commas (docs/semantics.md, "CSV form"), exactly what the writer would
/// make from the parsed columns. Blocks without quotes or carriage returns, the usual
/// case, are copied line by line as they are; other blocks are parsed and re-formatted.
final class SpineRecordReader {
    let source: SpineRecordSource
    /// Records read and not yet dropped, in output form.
    private(set) var pending: ColumnBuilder
    private var window: ReadWindow
    private let file: ReadAhead
    private var headerSkipped = false
    /// Records of the file seen so far (kept or skipped).
    private var seen = 0
    private var nextSkip = 0

    init(source: SpineRecordSource) throws(VantageError) {
        self.source = source
        file = try ReadAhead(path: source.path, chunkBytes: 4 << 20)
        window = ReadWindow(capacity: 2 * file.chunkBytes)
        pending = ColumnBuilder(rows: 1 << 16, bytes: 4 << 20)
    }

    deinit {
        window.free()
        pending.free()
    }

    private func changed(_ what: String) -> VantageError {
        .io(path: source.path, message: "the file changed while the run read it (\(what)); run again on a file that is not being written")
    }

    /// Reads on until at least `n` records are pending or the file ends.
    func fill(_ n: Int) throws(VantageError) {
        while pending.rows < n && !(window.eof && window.count == 0) {
            try Cancellation.check()
            try window.fill(from: file)
            if !headerSkipped {
                guard let end = CSVStream.firstRecordEnd(window.buffer) ?? (window.eof ? window.count : nil) else {
                    continue
                }
                window.discard(end)
                headerSkipped = true
                continue
            }
            guard let cut = window.eof ? window.count : CSVStream.lastRecordEnd(window.buffer) else {
                continue
            }
            try append(UnsafeBufferPointer(rebasing: window.buffer[0..<cut]))
            window.discard(cut)
        }
    }

    /// Forgets the first `n` pending records (written).
    func drop(_ n: Int) { pending.removeFirst(n) }

    /// Reads what is left and checks the file is the one the first pass read.
    func finish() throws(VantageError) {
        try fill(Int.max)
        if seen != source.records || pending.rows != 0 {
            throw changed("\(seen) records now, \(source.records) before")
        }
        if file.finishHex() != source.sha256 { throw changed("its SHA-256 differs") }
    }

    /// Takes record `seen` unless it is one of the skipped.
    private func keepNext() -> Bool {
        defer { seen += 1 }
        if nextSkip < source.skipped.count && source.skipped[nextSkip] == seen {
            nextSkip += 1
            return false
        }
        return true
    }

    /// Appends the records of `block`, which holds whole records.
    private func append(_ block: UnsafeBufferPointer<UInt8>) throws(VantageError) {
        guard let base = block.baseAddress, block.count > 0 else { return }
        let plain = memchr(base, Int32(CSVParser.quote), block.count) == nil
            && memchr(base, Int32(CSVParser.cr), block.count) == nil
        if plain {
            // One record per line; as written, each line is already in output form.
            var start = 0
            while start < block.count {
                let lf = memchr(base + start, Int32(CSVParser.lf), block.count - start)
                let end = lf.map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? block.count
                if !(source.width > 1 && end == start) && keepNext() {
                    pending.append(block, start, end)
                    pending.endField()
                }
                start = end + 1
            }
            return
        }
        var parser = CSVParser(buf: block, file: source.path, atFileStart: false)
        var cols = (0..<source.width).map { _ in ColumnBuilder(rows: 1024, bytes: block.count / max(1, source.width) + 16) }
        defer { for c in cols { c.free() } }
        let count: Int
        do {
            count = try parser.records(until: block.count, wanted: Array(repeating: true, count: source.width),
                                       into: &cols, firstRowLine: 0).rows
        } catch {
            throw changed("it no longer parses: \(error)")
        }
        let columns = cols.map { $0.finish() }
        withExtendedLifetime(columns) {
            let cells = CellSources(spine: columns, features: [])
            for r in 0..<count where keepNext() {
                cells.formatRow(r, into: &pending.bytes)
                pending.endField()
            }
        }
    }
}
