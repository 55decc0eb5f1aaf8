import Foundation

/// The partition pass of a spilling join: streams one CSV input in bounded chunks and
/// appends each record, its bytes as read (or only some of its fields, `Target.fields`),
/// to the partition of its key (only the key fields are looked at, by
/// `RawRecordScanner`), after the file's own header, plus a side file of each record's
/// physical line, so errors found later name the original file and line. A partition
/// keeps the file's order, so the spine's rows need no numbers: the partition of each
/// row (`Result.assignments`) says where its records are. A chunk the scanner finds irregular is
/// parsed by the ordinary parser, which names the bad line exactly.
struct SpillPartitioner {
    /// One way of partitioning the rows of the file: by these key columns, into these files.
    struct Target {
        var keys: [String]
        /// Per partition: the CSV file and the side file (each record's physical line).
        var files: [(csv: String, meta: String)]
        /// Record each row's partition (the spine, for the assembly).
        var recordAssignment: Bool
        /// The columns whose values are written; the others are written empty, so the
        /// file keeps the header and field count of the source (nil: records as read).
        /// The spine's copies carry only what the join reads; its records are read again
        /// from the source when the output is assembled.
        var fields: Set<String>? = nil
    }

    struct Result {
        var header: [String]
        var record: InputRecord
        /// Per target recording it, the partition of every row, in file order.
        var assignments: [[UInt16]]
        /// The `StreamHash` of the file's bytes (when asked for), so a second read can
        /// check it reads the same file.
        var streamHash: UInt64?
    }

    let path: String
    let targets: [Target]
    let partitions: Int
    private var writers = [[(csv: SpillWriter, meta: SpillWriter)]]()
    private var keyIndexes = [[Int]]()
    /// Per target, the columns written (nil: whole records as read).
    private var written = [[Bool]?]()
    private var assignments: [[UInt16]]
    private var header = [String]()
    /// Rows written so far (the next row's number in the file).
    private var rowBase = 0

    /// Partitions the file at `path`, read as the in-memory path reads it (`keep`).
    static func run(path: String, keep: Set<String>?, targets: [Target], partitions: Int, chunkBytes: Int,
                    folder: SpillFolder, streamHash: Bool = false,
                    progress: ((_ bytesDone: Int, _ bytesTotal: Int) -> Void)?) throws(VantageError) -> Result {
        let chunks = try CSVChunks(path: path, keep: keep, chunkBytes: chunkBytes, streamHash: streamHash)
        let total = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        var pass = SpillPartitioner(path: path, targets: targets, partitions: partitions)
        while let chunk = try chunks.nextBytes() {
            let before = pass.rowBase
            try pass.take(chunk.bytes, headerBytes: chunk.headerBytes, lineOffset: chunk.lineOffset, chunks: chunks, folder: folder)
            chunks.count(rows: pass.rowBase - before)
            progress?(chunks.bytesRead, total)
        }
        for w in pass.writers { for f in w { try f.csv.close(); try f.meta.close() } }
        let record = InputRecord(role: "", source: path, rows: chunks.rows, bytes: chunks.bytesRead, sha256: chunks.sha256Hex())
        return Result(header: pass.header, record: record, assignments: pass.assignments,
                      streamHash: streamHash ? chunks.streamHash() : nil)
    }

    private init(path: String, targets: [Target], partitions: Int) {
        self.path = path
        self.targets = targets
        self.partitions = partitions
        assignments = [[UInt16]](repeating: [], count: targets.count)
    }

    /// On the first chunk: the header, the key columns and the partition files.
    private mutating func start(header names: [String], folder: SpillFolder) throws(VantageError) {
        guard writers.isEmpty else { return }
        header = names
        for t in targets {
            var ks = [Int]()
            for k in t.keys {
                guard let i = names.firstIndex(of: k) else {
                    throw .spec(path: "keys", message: "no column \"\(k)\" in \(path) (columns: \(names.joined(separator: ", ")))")
                }
                ks.append(i)
            }
            keyIndexes.append(ks)
            if let fields = t.fields {
                for f in fields where !names.contains(f) {
                    throw .spec(path: "spine", message: "no column \"\(f)\" in \(path) (columns: \(names.joined(separator: ", ")))")
                }
                written.append(names.map { fields.contains($0) })
            } else {
                written.append(nil)
            }
            var w = [(csv: SpillWriter, meta: SpillWriter)]()
            for f in t.files {
                let csv = try SpillWriter(f.csv, folder: folder)
                var head = CSVBuffer(capacity: 256)
                head.record(names)
                try csv.append { s in head.bytes.withUnsafeBufferPointer { s.bytes($0.baseAddress!, $0.count) } }
                w.append((csv, try SpillWriter(f.meta, folder: folder)))
            }
            writers.append(w)
        }
    }

    /// Partitions one chunk (`bytes`: the header, then whole records): scans it in
    /// pieces on all cores (`ScannedPiece`), then appends each partition's records,
    /// piece after piece, the targets on all cores.
    private mutating func take(_ bytes: UnsafeBufferPointer<UInt8>, headerBytes: Int, lineOffset: Int, chunks: CSVChunks, folder: SpillFolder) throws(VantageError) {
        var head = CSVParser(buf: bytes, file: path)
        if let names = try? head.header(keep: chunks.keep).names, head.pos == headerBytes {
            try start(header: names, folder: folder)
            let cuts = ScannedPiece.cuts(bytes, from: head.pos, count: 2 * ProcessInfoCores.count)
            /// Why `@unchecked Sendable`: the chunk is read-only while the pieces scan it,
            /// and each piece is built by its job alone and read once all have joined.
            struct Shared: @unchecked Sendable {
                let buf: UnsafeBufferPointer<UInt8>
                let cuts: [Int], keys: [[Int]], written: [[Bool]?]
                let width: Int, partitions: Int
            }
            struct Piece: @unchecked Sendable { var scanned: ScannedPiece }
            let shared = Shared(buf: bytes, cuts: cuts, keys: keyIndexes, written: written, width: header.count, partitions: partitions)
            let pieces = ParallelMap.run(cuts.count - 1) { k in
                Piece(scanned: ScannedPiece(shared.buf, range: shared.cuts[k]..<shared.cuts[k + 1], width: shared.width,
                                            keys: shared.keys, written: shared.written, partitions: shared.partitions))
            }.map(\.scanned)
            defer { for p in pieces { p.free() } }
            if !pieces.contains(where: \.irregular) {
                // Each piece's first line in the file.
                var lineBase = [Int]()
                var line = head.line + lineOffset
                for p in pieces {
                    lineBase.append(line)
                    line += p.lines
                }
                for t in targets.indices where targets[t].recordAssignment {
                    for p in pieces { assignments[t].append(contentsOf: p.partOf[t]) }
                }
                try write(pieces, lineBase: lineBase, chunk: bytes)
                rowBase += pieces.reduce(0) { $0 + $1.records.count }
                return
            }
        }
        // The parser names what is wrong; should it accept the chunk, its rows are
        // written from the parsed columns.
        let table = try chunks.parse(bytes, lineOffset: lineOffset)
        try start(header: table.header, folder: folder)
        try writeParsed(table)
    }

    /// Appends the scanned pieces' records to their partitions' files, in file order
    /// within each partition; each target on a core of its own (its files are its own).
    private func write(_ pieces: [ScannedPiece], lineBase: [Int], chunk: UnsafeBufferPointer<UInt8>) throws(VantageError) {
        /// Why `@unchecked Sendable`: the pieces and the chunk are read-only here, and
        /// target t's writers are used by job t alone.
        struct Shared: @unchecked Sendable {
            let pieces: [ScannedPiece], lineBase: [Int], chunk: UnsafeBufferPointer<UInt8>
            let writers: [[(csv: SpillWriter, meta: SpillWriter)]]
            let partitions: Int
        }
        let shared = Shared(pieces: pieces, lineBase: lineBase, chunk: chunk, writers: writers, partitions: partitions)
        let failures = ParallelMap.run(targets.count) { t -> VantageError? in
            do throws(VantageError) {
                for p in 0..<shared.partitions {
                    let w = shared.writers[t][p]
                    for (q, piece) in shared.pieces.enumerated() {
                        try Self.append(piece, target: t, partition: p, lineBase: shared.lineBase[q], chunk: shared.chunk, to: w)
                    }
                }
                return nil
            } catch {
                return error
            }
        }
        if let failure = failures.compactMap({ $0 }).first { throw failure }
    }

    /// Appends one piece's records of partition `p` in target `t`, and their lines.
    private static func append(_ piece: ScannedPiece, target t: Int, partition p: Int, lineBase: Int, chunk: UnsafeBufferPointer<UInt8>,
                               to w: (csv: SpillWriter, meta: SpillWriter)) throws(VantageError) {
        let from = piece.first[t][p], to = piece.first[t][p + 1]
        guard from < to else { return }
        let order = piece.order[t]
        // In pieces of about one write buffer, so the buffers stay small.
        var k = from
        if let some = piece.projected[t] {
            let ends = piece.projectedEnd[t]
            while k < to {
                try w.csv.append { s in
                    while k < to && s.count < SpillWriter.flushAt {
                        let i = Int(order[k])
                        let start = i == 0 ? 0 : ends[i - 1]
                        s.bytes(some.base + start, ends[i] - start)
                        k += 1
                    }
                }
            }
        } else {
            let records = piece.records
            while k < to {
                try w.csv.append { s in
                    while k < to && s.count < SpillWriter.flushAt {
                        let r = records[Int(order[k])]
                        s.bytes(chunk.baseAddress! + r.start, r.end - r.start)
                        if !r.terminated { s.byte(10) }
                        k += 1
                    }
                }
            }
        }
        k = from
        while k < to {
            try w.meta.append { s in
                while k < to && s.count < SpillWriter.flushAt {
                    s.uint32(UInt32(bitPattern: Int32(clamping: Int(piece.records[Int(order[k])].line) + lineBase)))
                    k += 1
                }
            }
        }
    }

    /// Writes one record to the partition of its key in every target.
    private mutating func write(line: Int, partition: (_ target: Int, _ count: Int) -> Int,
                                record: (_ target: Int, inout ByteSink) -> Void) throws(VantageError) {
        let line32 = Int32(clamping: line)
        for t in targets.indices {
            let p = partition(t, partitions)
            if targets[t].recordAssignment { assignments[t].append(UInt16(p)) }
            let w = writers[t][p]
            try w.csv.append { record(t, &$0) }
            try w.meta.append { s in s.uint32(UInt32(bitPattern: line32)) }
        }
        rowBase += 1
    }

    /// Writes the rows of a parsed chunk, each formatted again from its fields.
    private mutating func writeParsed(_ table: CSVTable) throws(VantageError) {
        let keyColumns = keyIndexes.map { ks in ks.map { table.columns[$0] ?? TextColumn() } }
        let columns = header.indices.map { table.columns[$0] }
        let written = self.written
        for r in 0..<table.rowCount {
            try write(line: table.line(ofRow: r)) { t, partitions in
                keyColumns[t].isEmpty ? 0 : KeyHash.partition(keyColumns[t], row: r, count: partitions)
            } record: { t, s in
                for (i, c) in columns.enumerated() {
                    if i > 0 { s.byte(44) }
                    if written[t]?[i] ?? true, let c { c.withField(r) { f in if f.count > 0 { s.field(f.baseAddress!, f.count) } } }
                }
                s.byte(10)
            }
        }
    }
}
