import Foundation
import Dispatch

/// Writes a training set as RFC 4180 CSV (SEMANTICS.md, "Output"), formatting blocks of
/// rows on all cores and writing them in order, through a temporary file renamed into
/// place. Memory stays at a few reused blocks, whatever the row count.
public enum TrainingSetWriter {
    static let blockRows = 16_384

    public static func write(_ set: TrainingSet, to path: String, progress: ((Int) -> Void)? = nil) throws(VantageError) {
        let file = try AtomicFile(path: path)
        var head = CSVBuffer(capacity: 4096)
        head.record(set.header)
        try file.write(head.bytes)
        let spineColumns = (0..<set.spine.header.count).map { set.spine.columns[$0] ?? TextColumn() }
        let parts = set.writerParts
        let rows = set.rowCount
        let blocks = (rows + blockRows - 1) / blockRows
        let batch = ProcessInfoCores.count * 2
        // Two sets of buffers: while one batch is written (a kernel copy on one core),
        // the next is formatted on the others.
        let sinkSets = [SharedBuffer<ByteSink>(count: batch, value: ByteSink(capacity: 1)),
                        SharedBuffer<ByteSink>(count: batch, value: ByteSink(capacity: 1))]
        for set in sinkSets { for k in 0..<batch { set.pointer[k] = ByteSink(capacity: 1 << 20) } }
        defer { for set in sinkSets { for k in 0..<batch { set.pointer[k].free() } } }
        let writer = _BackgroundWriter(file: file)
        var b = 0, current = 0
        withExtendedLifetime((spineColumns, parts)) {
            let cells = _CellSources(spine: spineColumns, parts: parts)
            while b < blocks && !writer.failed {
                let n = min(batch, blocks - b)
                let first = b
                let sinks = sinkSets[current]
                DispatchQueue.concurrentPerform(iterations: n) { k in
                    let start = (first + k) * blockRows
                    cells.format(rows: start..<min(rows, start + blockRows), into: &sinks.pointer[k])
                }
                writer.waitForPrevious()
                writer.write(sinks, count: n)
                current = 1 - current
                b += n
                progress?(min(rows, b * blockRows))
            }
            writer.waitForPrevious()
        }
        if let failure = writer.failure { throw failure }
        try file.commit()
    }

    /// Formats rows of columns into CSV bytes (no header).
    static func format(rows: Range<Int>, spine: [TextColumn], features: [FeatureColumn]) -> [UInt8] {
        withExtendedLifetime((spine, features)) {
            var sink = ByteSink(capacity: 1 << 16)
            defer { sink.free() }
            _CellSources(spine: spine, features: features).format(rows: rows, into: &sink)
            return sink.takeArray()
        }
    }
}

/// Raw views of every output column, taken once so the per-cell loop neither copies
/// column structs nor retains their arrays. Valid while the columns are kept alive.
///
/// Why `@unchecked Sendable`: the pointers are read-only views into the training set's
/// columns, which the writer keeps alive and unchanged until every batch is formatted.
struct _CellSources: @unchecked Sendable {
    enum Source {
        case text(bytes: UnsafePointer<UInt8>, offsets: UnsafePointer<Int>, rows: UnsafePointer<Int32>?)
        /// A pre-formatted run of `width` fields; a missing row writes `width - 1` commas.
        case fragment(bytes: UnsafePointer<UInt8>, offsets: UnsafePointer<Int>, rows: UnsafePointer<Int32>, width: Int)
        case integers(UnsafePointer<Int64>)
        case reals(UnsafePointer<Double>)
    }

    let sources: [Source]

    static func pointers(_ c: TextColumn) -> (UnsafePointer<UInt8>, UnsafePointer<Int>) {
        let b = c.bytes.withUnsafeBufferPointer { $0.baseAddress ?? UnsafePointer(bitPattern: 1)! }
        let o = c.offsets.withUnsafeBufferPointer { $0.baseAddress! }
        return (b, o)
    }

    static func source(_ f: FeatureColumn) -> Source {
        switch f {
        case let .text(source, rows):
            let (b, o) = pointers(source)
            return .text(bytes: b, offsets: o, rows: rows.withUnsafeBufferPointer { $0.baseAddress })
        case let .integers(v): return .integers(v.withUnsafeBufferPointer { $0.baseAddress ?? UnsafePointer(bitPattern: 8)! })
        case let .reals(v): return .reals(v.withUnsafeBufferPointer { $0.baseAddress ?? UnsafePointer(bitPattern: 8)! })
        }
    }

    init(spine: [TextColumn], features: [FeatureColumn]) {
        sources = spine.map { let (b, o) = Self.pointers($0); return .text(bytes: b, offsets: o, rows: nil) }
            + features.map(Self.source)
    }

    init(spine: [TextColumn], parts: [(fragment: (TextColumn, [Int32], Int)?, column: FeatureColumn?)]) {
        var s = spine.map { c -> Source in let (b, o) = Self.pointers(c); return .text(bytes: b, offsets: o, rows: nil) }
        for p in parts {
            if let (col, rows, width) = p.fragment {
                let (b, o) = Self.pointers(col)
                s.append(.fragment(bytes: b, offsets: o, rows: rows.withUnsafeBufferPointer { $0.baseAddress ?? UnsafePointer(bitPattern: 4)! }, width: width))
            } else if let c = p.column {
                s.append(Self.source(c))
            }
        }
        sources = s
    }

    /// One row's fields joined by commas, without the line end.
    @inline(__always)
    func formatRow(_ r: Int, into out: inout ByteSink) {
        for (i, src) in sources.enumerated() {
            if i > 0 { out.byte(44) }
            switch src {
            case let .text(bytes, offsets, picks):
                var row = r
                if let picks {
                    row = Int(picks[r])
                    if row < 0 { continue }
                }
                let s = offsets[row], e = offsets[row + 1]
                if e > s { out.field(bytes + s, e - s) }
            case let .fragment(bytes, offsets, picks, width):
                let row = Int(picks[r])
                if row < 0 {
                    for _ in 1..<max(1, width) { out.byte(44) }
                } else {
                    let s = offsets[row], e = offsets[row + 1]
                    out.bytes(bytes + s, e - s)
                }
            case let .integers(v):
                out.integer(v[r])
            case let .reals(v):
                let x = v[r]
                if !x.isNaN { out.real(x) }
            }
        }
    }

    func format(rows: Range<Int>, into out: inout ByteSink) {
        for r in rows {
            formatRow(r, into: &out)
            out.byte(13)
            out.byte(10)
        }
    }
}

/// Writes formatted batches to the file on a serial queue, one batch at a time, so the
/// next batch can be formatted meanwhile; remembers the first failure.
///
/// Why `@unchecked Sendable`: `error` is read and written while holding `lock`; `pending`
/// is touched only by the one thread that calls `write` and `waitForPrevious`; the file is
/// written only from the serial queue.
final class _BackgroundWriter: @unchecked Sendable {
    private let file: AtomicFile
    private let queue = DispatchQueue(label: "vantage.training-set-writer")
    private var pending: DispatchWorkItem?
    private let lock = NSLock()
    private var error: VantageError?

    init(file: AtomicFile) { self.file = file }

    var failure: VantageError? {
        lock.lock()
        defer { lock.unlock() }
        return error
    }

    var failed: Bool { failure != nil }

    func write(_ sinks: SharedBuffer<ByteSink>, count: Int) {
        let item = DispatchWorkItem { [self] in
            for k in 0..<count {
                if failed { break }
                do throws(VantageError) {
                    try file.write(UnsafeRawBufferPointer(start: sinks.pointer[k].base, count: sinks.pointer[k].count))
                } catch {
                    lock.lock()
                    if self.error == nil { self.error = error }
                    lock.unlock()
                }
                sinks.pointer[k].clear()
            }
        }
        pending = item
        queue.async(execute: item)
    }

    func waitForPrevious() {
        pending?.wait()
        pending = nil
    }
}
