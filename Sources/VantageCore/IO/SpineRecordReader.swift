#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Reads a spine's records again, in order, each as its output text: its fields in CSV
/// form joined by commas (docs/semantics.md, "CSV form"), exactly what the writer would
/// make from the parsed columns. Blocks without quotes or carriage returns, the usual
/// case, are copied line by line as they are; other blocks are parsed and re-formatted.
///
/// Records come a read chunk at a time, and the next chunk is read and split on a queue
/// of its own while the caller formats the one it has, so the second pass over the spine
/// adds little to the write.
///
/// Why `@unchecked Sendable`: the reading state (`window`, `file`, `seen`, `nextSkip`,
/// `headerSkipped`, `spare`, `lent`) is touched only by read jobs, which run one at a time, and by
/// the caller only when no job is in flight (after `waitForStep()`); `step` is written by a
/// job and read by the caller after the job has signalled `done`.
final class SpineRecordReader: @unchecked Sendable {
    let source: SpineRecordSource
    private var window: ReadWindow
    private let file: ReadAhead
    private var headerSkipped = false
    /// Records of the file seen so far (kept or skipped).
    private var seen = 0
    private var nextSkip = 0
    /// Builders handed back by the caller, for the next steps to fill again.
    private var spare = [ColumnBuilder]()
    /// The records the caller holds, freed here if never handed back (a run that stopped).
    private var lent: ColumnBuilder?
    private var step: Result<ColumnBuilder?, VantageError>?
    private var inFlight = false
    private let done = DispatchSemaphore(value: 0)
    private let queue = DispatchQueue(label: "vantage.spine-records")

    /// `chunkBytes`: how much of the file each step reads (tests use tiny ones).
    init(source: SpineRecordSource, chunkBytes: Int = 4 << 20) throws(VantageError) {
        self.source = source
        file = try ReadAhead(path: source.path, chunkBytes: chunkBytes, sha256: false, streamHash: true, dropBehind: source.dropPagesBehind)
        window = ReadWindow(capacity: file.chunkBytes + (1 << 16))
        start()
    }

    deinit {
        waitForStep()
        if case let .success(records?) = step { records.free() }
        for b in spare { b.free() }
        lent?.free()
        window.free()
    }

    /// The error for a spine that is no longer the file the first pass read.
    func changed(_ what: String) -> VantageError {
        .io(path: source.path, message: "the file changed while the run read it (\(what)); run again on a file that is not being written")
    }

    private func start() {
        inFlight = true
        queue.async { [self] in
            do throws(VantageError) { step = .success(try readStep()) } catch { step = .failure(error) }
            done.signal()
        }
    }

    private func waitForStep() {
        if inFlight {
            done.wait()
            inFlight = false
        }
    }

    /// The next records, at least one, or nil once the file is done. `previous`, the records
    /// the last call returned, is taken back for reuse: the caller must be done with it.
    func next(recycling previous: ColumnBuilder?) throws(VantageError) -> ColumnBuilder? {
        waitForStep()
        if let previous {
            spare.append(previous)
            lent = nil
        }
        guard let result = step else { return nil }
        step = nil
        let records = try result.get()
        lent = records
        if records != nil { start() }
        return records
    }

    /// Reads what is left and checks the file is the one the first pass read: after the
    /// caller took the records it expected, none may remain.
    func finish(recycling previous: ColumnBuilder? = nil) throws(VantageError) {
        var extra = 0
        var last = previous
        while let more = try next(recycling: last) {
            extra += more.rows
            last = more
        }
        if seen != source.records || extra != 0 {
            throw changed("\(seen) records now, \(source.records) before")
        }
        if file.finishStreamHash() != source.streamHash { throw changed("its content differs") }
    }

    /// One job: the records of the next chunk (or more, until a record ends), or nil at the end.
    private func readStep() throws(VantageError) -> ColumnBuilder? {
        var out = spare.popLast() ?? ColumnBuilder(rows: 1 << 16, bytes: file.chunkBytes + 4096)
        out.clear()
        while out.rows == 0 && !(window.eof && window.count == 0) {
            do throws(VantageError) {
                try Cancellation.check()
                try window.fill(from: file)
            } catch {
                spare.append(out)
                throw error
            }
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
            do throws(VantageError) {
                try append(UnsafeBufferPointer(rebasing: window.buffer[0..<cut]), into: &out)
            } catch {
                spare.append(out)
                throw error
            }
            window.discard(cut)
        }
        if out.rows == 0 {
            spare.append(out)
            return nil
        }
        return out
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

    /// Appends the records of `block`, which holds whole records, to `pending`.
    private func append(_ block: UnsafeBufferPointer<UInt8>, into pending: inout ColumnBuilder) throws(VantageError) {
        guard let base = block.baseAddress, block.count > 0 else { return }
        if memchr(base, Int32(CSVParser.quote), block.count) == nil && RecordBoundary.crOnlyBeforeLF(block) {
            // One record per line; as written, each line (without its CR, when it ends
            // in CRLF) is already in output form.
            var start = 0
            while start < block.count {
                let lf = memchr(base + start, Int32(CSVParser.lf), block.count - start)
                let end = lf.map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? block.count
                let recordEnd = end > start && lf != nil && base[end - 1] == CSVParser.cr ? end - 1 : end
                if !(source.width > 1 && recordEnd == start) && keepNext() {
                    pending.append(block, start, recordEnd)
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
        let columns = cols.indices.map { cols[$0].finish() }
        withExtendedLifetime(columns) {
            let cells = CellSources(spine: columns, features: [])
            for r in 0..<count where keepNext() {
                cells.formatRow(r, into: &pending.bytes)
                pending.endField()
            }
        }
    }
}
