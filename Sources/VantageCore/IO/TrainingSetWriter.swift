import Foundation
import Dispatch

/// Writes a training set as RFC 4180 CSV (docs/semantics.md, "CSV form"), formatting blocks of
/// rows on all cores and writing them in order, through a temporary file renamed into
/// place. Memory stays at a few reused blocks, whatever the row count.
enum TrainingSetWriter {
    static let blockRows = 16_384

    static func write(_ set: TrainingSet, to path: String, progress: ((Int) -> Void)? = nil) throws(VantageError) {
        let file = try AtomicFile(path: path)
        var head = CSVBuffer(capacity: 4096)
        head.record(set.header)
        try file.write(head.bytes)
        let spineColumns = (0..<set.spine.header.count).map { set.spine.columns[$0] ?? TextColumn() }
        let features = set.featureColumns
        let rows = set.rowCount
        let blocks = (rows + blockRows - 1) / blockRows
        let batch = ProcessInfoCores.count * 2
        // Two sets of buffers: while one batch is written (a kernel copy on one core),
        // the next is formatted on the others.
        let sinkSets = [SharedBuffer<ByteSink>(count: batch, value: ByteSink(capacity: 1)),
                        SharedBuffer<ByteSink>(count: batch, value: ByteSink(capacity: 1))]
        for set in sinkSets { for k in 0..<batch { set.pointer[k] = ByteSink(capacity: 1 << 20) } }
        defer { for set in sinkSets { for k in 0..<batch { set.pointer[k].free() } } }
        let writer = BackgroundWriter(file: file)
        // The spine's records, when they are read again from its file rather than held.
        let records = try set.spine.rereadSource.map { source throws(VantageError) in try SpineRecordReader(source: source) }
        var b = 0, current = 0
        var failure: VantageError?
        withExtendedLifetime((spineColumns, features)) {
            let held = CellSources(spine: spineColumns, features: features)
            // Stops at a batch boundary when a signal asked to (checked below).
            while b < blocks && !writer.failed && Cancellation.requestedSignal == nil {
                let n = min(batch, blocks - b)
                let first = b
                let sinks = sinkSets[current]
                let firstRow = first * blockRows, endRow = min(rows, (first + n) * blockRows)
                var batchCells = held
                if let records {
                    do throws(VantageError) {
                        try records.fill(endRow - firstRow)
                        guard records.pending.rows >= endRow - firstRow else {
                            throw .io(path: records.source.path, message: "the file changed while the run read it (fewer records); run again on a file that is not being written")
                        }
                    } catch {
                        failure = error
                        break
                    }
                    batchCells = CellSources(records: records.pending, first: firstRow, features: features)
                }
                let cells = batchCells
                DispatchQueue.concurrentPerform(iterations: n) { k in
                    let start = (first + k) * blockRows
                    cells.format(rows: start..<min(rows, start + blockRows), into: &sinks.pointer[k])
                }
                records?.drop(endRow - firstRow)
                writer.waitForPrevious()
                writer.write(sinks, count: n)
                current = 1 - current
                b += n
                progress?(min(rows, b * blockRows))
            }
            writer.waitForPrevious()
        }
        if let failure { throw failure }
        if let failure = writer.failure { throw failure }
        try Cancellation.check()
        try records?.finish()
        try file.commit()
    }

    /// Formats rows of columns into CSV bytes (no header).
    static func format(rows: Range<Int>, spine: [TextColumn], features: [FeatureColumn]) -> [UInt8] {
        withExtendedLifetime((spine, features)) {
            var sink = ByteSink(capacity: 1 << 16)
            defer { sink.free() }
            CellSources(spine: spine, features: features).format(rows: rows, into: &sink)
            return sink.takeArray()
        }
    }
}
