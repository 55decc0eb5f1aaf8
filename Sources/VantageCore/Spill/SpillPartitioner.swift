import Foundation

/// The partition pass of a spilling join: streams one CSV input in bounded chunks and
/// appends each record, its bytes as read, to the partition of its key (only the key
/// fields are looked at, by `RawRecordScanner`), after the file's own header, plus a side
/// file of each record's physical line (and, for the spine, its row number), so errors
/// found later name the original file and line. A chunk the scanner finds irregular is
/// parsed by the ordinary parser, which names the bad line exactly.
struct SpillPartitioner {
    /// One way of partitioning the rows of the file: by these key columns, into these files.
    struct Target {
        var keys: [String]
        /// Per partition: the CSV file and the side file.
        var files: [(csv: String, meta: String)]
        /// Record each row's partition (the spine, for the assembly).
        var recordAssignment: Bool
    }

    struct Result {
        var header: [String]
        var record: InputRecord
        /// Per target recording it, the partition of every row, in file order.
        var assignments: [[UInt16]]
    }

    let path: String
    let targets: [Target]
    let partitions: Int
    let isSpine: Bool
    private var writers = [[(csv: SpillWriter, meta: SpillWriter)]]()
    private var keyIndexes = [[Int]]()
    private var assignments: [[UInt16]]
    private var header = [String]()
    /// Rows written so far (the next row's number in the file).
    private var rowBase = 0

    /// Partitions the file at `path`, read as the in-memory path reads it (`keep`).
    static func run(path: String, keep: Set<String>?, targets: [Target], partitions: Int, chunkBytes: Int,
                    folder: SpillFolder, isSpine: Bool,
                    progress: ((_ bytesDone: Int, _ bytesTotal: Int) -> Void)?) throws(VantageError) -> Result {
        let chunks = try CSVChunks(path: path, keep: keep, chunkBytes: chunkBytes)
        let total = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        var pass = SpillPartitioner(path: path, targets: targets, partitions: partitions, isSpine: isSpine)
        while let chunk = try chunks.nextBytes() {
            let before = pass.rowBase
            try pass.take(chunk.bytes, headerBytes: chunk.headerBytes, lineOffset: chunk.lineOffset, chunks: chunks, folder: folder)
            chunks.count(rows: pass.rowBase - before)
            progress?(chunks.bytesRead, total)
        }
        for w in pass.writers { for f in w { try f.csv.close(); try f.meta.close() } }
        let record = InputRecord(role: "", source: path, rows: chunks.rows, bytes: chunks.bytesRead, sha256: chunks.sha256Hex())
        return Result(header: pass.header, record: record, assignments: pass.assignments)
    }

    private init(path: String, targets: [Target], partitions: Int, isSpine: Bool) {
        self.path = path
        self.targets = targets
        self.partitions = partitions
        self.isSpine = isSpine
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

    /// Partitions one chunk (`bytes`: the header, then whole records): finds every
    /// record and its partition per target, then appends each partition's records in
    /// one go (a counting sort of the chunk's records by partition).
    private mutating func take(_ bytes: [UInt8], headerBytes: Int, lineOffset: Int, chunks: CSVChunks, folder: SpillFolder) throws(VantageError) {
        let scanned: (rows: Int, complete: Bool) = try bytes.withUnsafeBufferPointer { buf throws(VantageError) in
            var head = CSVParser(buf: buf, file: path)
            guard let names = try? head.header(keep: chunks.keep).names, head.pos == headerBytes else { return (0, false) }
            try start(header: names, folder: folder)
            var scan = RawRecordScanner(buf: buf, width: names.count, pos: head.pos, line: head.line)
            let keys = keyIndexes
            var records = [(start: Int, end: Int, line: Int32, terminated: Bool)]()
            records.reserveCapacity(buf.count / 64)
            var partOf = [[UInt16]](repeating: [], count: targets.count)
            for t in targets.indices { partOf[t].reserveCapacity(buf.count / 64) }
            while scan.next() {
                records.append((scan.start, scan.end, Int32(clamping: scan.recordLine + lineOffset), scan.terminated))
                for t in keys.indices {
                    partOf[t].append(UInt16(keys[t].isEmpty ? 0 : KeyHash.partition(keys[t], of: scan, count: partitions)))
                }
            }
            for t in targets.indices {
                if targets[t].recordAssignment { assignments[t].append(contentsOf: partOf[t]) }
                // Record indexes grouped by partition, in file order within each.
                var first = [Int](repeating: 0, count: partitions + 1)
                for p in partOf[t] { first[Int(p) + 1] += 1 }
                for p in 0..<partitions { first[p + 1] += first[p] }
                var order = [Int32](repeating: 0, count: records.count)
                var next = first
                for (i, p) in partOf[t].enumerated() {
                    order[next[Int(p)]] = Int32(i)
                    next[Int(p)] += 1
                }
                let base = rowBase
                let isSpine = isSpine
                for p in 0..<partitions where first[p] < first[p + 1] {
                    let w = writers[t][p]
                    // In pieces of about one write buffer, so the buffers stay small.
                    var k = first[p]
                    while k < first[p + 1] {
                        try w.csv.append { s in
                            while k < first[p + 1] && s.count < SpillWriter.flushAt {
                                let r = records[Int(order[k])]
                                s.bytes(buf.baseAddress! + r.start, r.end - r.start)
                                if !r.terminated { s.byte(10) }
                                k += 1
                            }
                        }
                    }
                    k = first[p]
                    while k < first[p + 1] {
                        try w.meta.append { s in
                            while k < first[p + 1] && s.count < SpillWriter.flushAt {
                                let i = Int(order[k])
                                if isSpine { withUnsafeBytes(of: Int64(base + i)) { s.bytes($0.baseAddress!.assumingMemoryBound(to: UInt8.self), 8) } }
                                withUnsafeBytes(of: records[i].line) { s.bytes($0.baseAddress!.assumingMemoryBound(to: UInt8.self), 4) }
                                k += 1
                            }
                        }
                    }
                }
            }
            rowBase += records.count
            return (records.count, !scan.irregular)
        }
        if scanned.complete { return }
        // The parser names what is wrong; should it accept the chunk, its rows are
        // written from the parsed columns.
        let table = try chunks.parse(bytes, lineOffset: lineOffset)
        try start(header: table.header, folder: folder)
        try writeParsed(table, from: scanned.rows)
    }

    /// Writes one record to the partition of its key in every target.
    private mutating func write(line: Int, partition: (_ target: Int, _ count: Int) -> Int,
                                record: (inout ByteSink) -> Void) throws(VantageError) {
        let row = Int64(rowBase)
        let line32 = Int32(clamping: line)
        for t in targets.indices {
            let p = partition(t, partitions)
            if targets[t].recordAssignment { assignments[t].append(UInt16(p)) }
            let w = writers[t][p]
            try w.csv.append(record)
            try w.meta.append { s in
                if isSpine { withUnsafeBytes(of: row) { s.bytes($0.baseAddress!.assumingMemoryBound(to: UInt8.self), 8) } }
                withUnsafeBytes(of: line32) { s.bytes($0.baseAddress!.assumingMemoryBound(to: UInt8.self), 4) }
            }
        }
        rowBase += 1
    }

    /// Writes rows `from...` of a parsed chunk, each formatted again from its fields.
    private mutating func writeParsed(_ table: CSVTable, from first: Int) throws(VantageError) {
        let keyColumns = keyIndexes.map { ks in ks.map { table.columns[$0] ?? TextColumn() } }
        let columns = header.indices.map { table.columns[$0] }
        for r in first..<max(first, table.rowCount) {
            try write(line: table.line(ofRow: r)) { t, partitions in
                keyColumns[t].isEmpty ? 0 : KeyHash.partition(keyColumns[t], row: r, count: partitions)
            } record: { s in
                for (i, c) in columns.enumerated() {
                    if i > 0 { s.byte(44) }
                    if let c { c.withField(r) { f in if f.count > 0 { s.field(f.baseAddress!, f.count) } } }
                }
                s.byte(10)
            }
        }
    }
}
