import Foundation
import Dispatch

/// Writes a training set as RFC 4180 CSV (docs/semantics.md, "CSV form"), formatting blocks of
/// rows on all cores and writing them in order, through a temporary file renamed into
/// place. Memory stays at a few reused blocks, whatever the row count.
enum TrainingSetWriter {
    static let blockRows = 16_384

    static func write(_ set: TrainingSet, to path: String, progress: ((Int) -> Void)? = nil) throws(VantageError) {
        let file = try AtomicFile(path: path)
        // Every way out below has waited for the background writer; on an error the
        // temporary file goes at once.
        var committed = false
        defer { if !committed { file.discard() } }
        var head = CSVBuffer(capacity: 4096)
        head.record(set.header)
        try file.write(head.bytes)
        // Spine columns are held, or read again from the file; a missing one would be read
        // out of range through the raw views below, so it stops the run instead.
        precondition(set.spine.rereadSource != nil || set.spine.header.indices.allSatisfy { set.spine.columns[$0] != nil },
                     "a spine column neither held nor read again")
        let spineColumns = (0..<set.spine.header.count).map { set.spine.columns[$0] ?? TextColumn() }
        let features = set.featureColumns
        let rows = set.rowCount
        let batch = ProcessInfoCores.count * 2
        // Two sets of buffers: while one batch is written (a kernel copy on one core),
        // the next is formatted on the others.
        let sinkSets = [SharedBuffer<ByteSink>(count: batch, value: ByteSink(capacity: 1)),
                        SharedBuffer<ByteSink>(count: batch, value: ByteSink(capacity: 1))]
        for set in sinkSets { for k in 0..<batch { set.pointer[k] = ByteSink(capacity: 1 << 20) } }
        defer { for set in sinkSets { for k in 0..<batch { set.pointer[k].free() } } }
        let writer = BackgroundWriter(file: file)
        var current = 0
        /// Formats `rows` in up to `batch` ranges on all cores, then hands them to the writer
        /// while the next rows are prepared.
        func emit(_ rows: Range<Int>, _ cells: CellSources) {
            let n = min(batch, rows.count)
            let sinks = sinkSets[current]
            DispatchQueue.concurrentPerform(iterations: n) { k in
                let lo = rows.lowerBound + rows.count * k / n, hi = rows.lowerBound + rows.count * (k + 1) / n
                cells.format(rows: lo..<hi, into: &sinks.pointer[k])
            }
            writer.waitForPrevious()
            writer.write(sinks, count: n)
            current = 1 - current
            progress?(rows.upperBound)
        }
        var failure: VantageError?
        withExtendedLifetime((spineColumns, features)) {
            guard let source = set.spine.rereadSource else {
                let held = CellSources(spine: spineColumns, features: features)
                var first = 0
                // Stops at a batch boundary when a signal asked to (checked below).
                while first < rows && !writer.failed && Cancellation.requestedSignal == nil {
                    let end = min(rows, first + batch * blockRows)
                    emit(first..<end, held)
                    first = end
                }
                writer.waitForPrevious()
                return
            }
            // The spine's records, read again from its file rather than held: a chunk at a
            // time, the next read while this one is formatted.
            do throws(VantageError) {
                let records = try SpineRecordReader(source: source)
                var first = 0
                var previous: ColumnBuilder?
                while first < rows && !writer.failed && Cancellation.requestedSignal == nil {
                    guard let chunk = try records.next(recycling: previous), first + chunk.rows <= rows else {
                        throw records.changed("its record count differs")
                    }
                    emit(first..<(first + chunk.rows), CellSources(records: chunk, first: first, features: features))
                    first += chunk.rows
                    previous = chunk
                }
                writer.waitForPrevious()
                try Cancellation.check()
                if !writer.failed { try records.finish(recycling: previous) }
            } catch {
                writer.waitForPrevious()
                failure = error
            }
        }
        if let failure { throw failure }
        if let failure = writer.failure { throw failure }
        try Cancellation.check()
        try file.commit()
        committed = true
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
