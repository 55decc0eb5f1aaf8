import Foundation

/// The partition pass of a spilling join: streams one CSV input in bounded chunks and
/// writes each row to the partition of its key, as CSV with the file's own header (the
/// columns the run reads filled, the others left empty, so column numbers stay those of
/// the file) plus a side file of each row's physical line (and, for the spine, its row
/// number), so errors found later name the original file and line.
struct SpillPartitioner {
    /// One way of partitioning the rows of the file: by these key columns, into these files.
    struct Target {
        var keys: [String]
        /// Columns written (nil: all).
        var columns: Set<String>?
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

    static func run(path: String, keep: Set<String>?, targets: [Target], partitions: Int, chunkBytes: Int,
                    folder: SpillFolder, isSpine: Bool,
                    progress: (@Sendable (String) -> Void)?) throws(VantageError) -> Result {
        let chunks = try CSVChunks(path: path, keep: keep, chunkBytes: chunkBytes)
        let total = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        var writers = [[(csv: SpillWriter, meta: SpillWriter)]]()
        var assignments = [[UInt16]](repeating: [], count: targets.count)
        var header = [String]()
        var rowBase = 0
        while let table = try chunks.next() {
            if writers.isEmpty {
                header = table.header
                for t in targets {
                    var w = [(csv: SpillWriter, meta: SpillWriter)]()
                    for f in t.files {
                        let csv = try SpillWriter(f.csv, folder: folder)
                        var head = CSVBuffer(capacity: 256)
                        head.record(header)
                        try csv.append { s in head.bytes.withUnsafeBufferPointer { s.bytes($0.baseAddress!, $0.count) } }
                        w.append((csv, try SpillWriter(f.meta, folder: folder)))
                    }
                    writers.append(w)
                }
            }
            for (ti, t) in targets.enumerated() {
                var keyColumns = [TextColumn]()
                for k in t.keys {
                    guard let c = table.column(named: k) else {
                        throw .spec(path: "keys", message: "no column \"\(k)\" in \(path) (columns: \(header.joined(separator: ", ")))")
                    }
                    keyColumns.append(c)
                }
                let written = header.indices.map { i -> TextColumn? in
                    (t.columns == nil || t.columns!.contains(header[i])) ? table.columns[i] : nil
                }
                for r in 0..<table.rowCount {
                    let p = keyColumns.isEmpty ? 0 : KeyHash.partition(keyColumns, row: r, count: partitions)
                    if t.recordAssignment { assignments[ti].append(UInt16(p)) }
                    let w = writers[ti][p]
                    try w.csv.append { s in
                        for (i, c) in written.enumerated() {
                            if i > 0 { s.byte(44) }
                            if let c { c.withField(r) { f in if f.count > 0 { s.field(f.baseAddress!, f.count) } } }
                        }
                        s.byte(10)
                    }
                    let line = Int32(clamping: table.line(ofRow: r))
                    let row = Int64(rowBase + r)
                    try w.meta.append { s in
                        if isSpine { withUnsafeBytes(of: row) { s.bytes($0.baseAddress!.assumingMemoryBound(to: UInt8.self), 8) } }
                        withUnsafeBytes(of: line) { s.bytes($0.baseAddress!.assumingMemoryBound(to: UInt8.self), 4) }
                    }
                }
            }
            rowBase += table.rowCount
            progress?("partitioning \(path): \(chunks.bytesRead >> 20) of \(total >> 20) MiB")
        }
        for w in writers { for f in w { try f.csv.close(); try f.meta.close() } }
        let record = InputRecord(role: "", source: path, rows: chunks.rows, bytes: chunks.bytesRead, sha256: chunks.sha256Hex())
        return Result(header: header, record: record, assignments: assignments)
    }
}
