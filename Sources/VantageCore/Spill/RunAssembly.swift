import Foundation

extension SpilledJoin {
    /// Writes the header and every row in spine order: the spine's record, read again
    /// from its file, then every view's fragment from the runs; returns the row count.
    ///
    /// The row loop is most of the assembly, on one core: fragments are copied from the
    /// runs straight to the output when each key space's views sit together in spec
    /// order (the usual case), the runs are reached through references that are not
    /// counted per row, and the output is written on a queue of its own (two buffers
    /// taking turns) while the next rows are assembled.
    static func assemble(out: String, run j: Int, header: [String], spine: SpineRecordSource, spaces: Int, viewSpace: [Int], partitions P: Int,
                         assignments: [[UInt16]], folder: SpillFolder, budget: MemoryBudget,
                         meter: SpillProgress) throws(VantageError) -> Int {
        let file = try AtomicFile(path: out)
        let shown = URL(fileURLWithPath: out).lastPathComponent
        var head = CSVBuffer(capacity: 4096)
        head.record(header)
        try file.write(head.bytes)
        let capacity = max(1 << 14, min(1 << 18, budget.bytes / 8 / max(1, P * spaces)))
        var opened = [SpillReader]()
        for k in 0..<spaces {
            for p in 0..<P { opened.append(try SpillReader(folder.file("r\(j)-\(k)-\(p)"), capacity: capacity)) }
        }
        // `opened` keeps the readers alive; the loop uses these.
        let readers = opened.map { Unmanaged.passUnretained($0) }
        // Spaces are numbered in the order of their first view, so their views sit
        // together in spec order exactly when the views' spaces never decrease.
        let together = zip(viewSpace, viewSpace.dropFirst()).allSatisfy { $0 <= $1 }
        let viewCount = (0..<spaces).map { k in viewSpace.filter { $0 == k }.count }
        // Otherwise: per space, its views in spec order, gathered before being written.
        let viewsOf = (0..<spaces).map { k in viewSpace.indices.filter { viewSpace[$0] == k } }
        var scratch = (0..<spaces).map { _ in ByteSink(capacity: 1 << 12) }
        defer { for s in scratch { s.free() } }
        var ranges = [(space: Int, start: Int, count: Int)](repeating: (0, 0, 0), count: viewSpace.count)

        let buffers = [SharedBuffer(count: 1, value: ByteSink(capacity: 1 << 21)), SharedBuffer(count: 1, value: ByteSink(capacity: 1 << 21))]
        let writer = BackgroundWriter(file: file)
        defer {
            writer.waitForPrevious()
            for b in buffers { b.pointer[0].free() }
        }
        var turn = 0
        var sink = buffers[0].pointer

        func failed(_ reader: Unmanaged<SpillReader>) -> VantageError {
            reader._withUnsafeGuaranteedRef { $0.failure } ?? .io(path: folder.path, message: "a spill run cannot be read")
        }
        let rows = assignments.first?.count ?? 0
        let prefetchDistance = 8
        let records = try SpineRecordReader(source: spine)
        var chunk: ColumnBuilder?
        var r = 0
        while r < rows {
            guard let next = try records.next(recycling: chunk), r + next.rows <= rows else {
                throw records.changed("its record count differs")
            }
            chunk = next
            let bytes = next.bytes.base, offsets = next.offsets
            for i in 0..<next.rows {
                // The readers of a row a few rows on, hinted now (`SpillReader.prefetchNext`).
                if r + prefetchDistance < rows {
                    for k in 0..<spaces {
                        readers[k * P + Int(assignments[k][r + prefetchDistance])]._withUnsafeGuaranteedRef { $0.prefetchNext() }
                    }
                }
                sink[0].bytes(bytes + Int(offsets[i]), Int(offsets[i + 1] - offsets[i]))
                if together {
                    for k in 0..<spaces {
                        let reader = readers[k * P + Int(assignments[k][r])]
                        for _ in 0..<viewCount[k] {
                            sink[0].byte(44)
                            guard reader._withUnsafeGuaranteedRef({ $0.fragment(into: &sink[0]) }) else { throw failed(reader) }
                        }
                    }
                } else {
                    for k in 0..<spaces {
                        let reader = readers[k * P + Int(assignments[k][r])]
                        scratch[k].clear()
                        for v in viewsOf[k] {
                            let start = scratch[k].count
                            guard reader._withUnsafeGuaranteedRef({ $0.fragment(into: &scratch[k]) }) else { throw failed(reader) }
                            ranges[v] = (k, start, scratch[k].count - start)
                        }
                    }
                    for (space, start, count) in ranges {
                        sink[0].byte(44)
                        sink[0].bytes(scratch[space].base + start, count)
                    }
                }
                sink[0].byte(13)
                sink[0].byte(10)
                r += 1
                if sink[0].count >= 1 << 20 {
                    // The other buffer's write is done (and it is empty) before this one goes.
                    writer.waitForPrevious()
                    if let failure = writer.failure { throw failure }
                    writer.write(buffers[turn], count: 1)
                    turn ^= 1
                    sink = buffers[turn].pointer
                    try Cancellation.check()
                    meter.writing(shown, rows: r, of: rows)
                }
            }
        }
        try records.finish(recycling: chunk)
        // Each run holds exactly its partition's rows.
        for k in 0..<spaces { for p in 0..<P where !(try opened[k * P + p].atEnd()) {
            throw .io(path: folder.path, message: "spill run r\(j)-\(k)-\(p) holds more rows than its partition")
        } }
        writer.waitForPrevious()
        if let failure = writer.failure { throw failure }
        try file.write(UnsafeRawBufferPointer(start: sink[0].base, count: sink[0].count))
        try Cancellation.check()
        try file.commit()
        opened = []
        for k in 0..<spaces { for p in 0..<P { unlink(folder.file("r\(j)-\(k)-\(p)")) } }
        return rows
    }
}
