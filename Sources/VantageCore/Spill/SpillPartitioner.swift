import Foundation

/// The partition pass of a spilling join: streams one CSV input in bounded chunks and
/// appends each record, its bytes as read (for the spine, its parsed time and keys,
/// `Target.time`), to the partition of its
/// key (only the key fields are looked at, by `RawRecordScanner`), after the file's own
/// header, plus a side file of each record's
/// physical line, so errors found later name the original file and line. A partition
/// keeps the file's order, so the spine's rows need no numbers: the partition of each
/// row (`Result.assignments`) says where its records are. A chunk the scanner finds irregular is
/// parsed by the ordinary parser, which names the bad line exactly.
struct SpillPartitioner {
    /// One way of partitioning the rows of the file: by these key columns, into these files.
    struct Target {
        var keys: [String]
        /// Per partition: the CSV file and the side file (each record's physical line;
        /// none for the spine's copies, whose lines nothing reads: their times are
        /// checked in this pass).
        var files: [(csv: String, meta: String?)]
        /// Record each row's partition (the spine, for the assembly).
        var recordAssignment: Bool
        /// Set for the spine's copies: the rows are written as `SpineRows` (this time
        /// column parsed, then the key columns), not as CSV. They carry only what the join
        /// reads; the spine's records are read again from the source for the output.
        var time: (column: String, format: TimeFormat)? = nil
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
    private var writers = [[(csv: SpillWriter, meta: SpillWriter?)]]()
    private var keyIndexes = [[Int]]()
    private var assignments: [[UInt16]]
    /// Per piece of a chunk, its buffers (kept from chunk to chunk).
    private var sinks = [PartitionSinks]()
    /// For targets written as `SpineRows`: which, and their time column (header index).
    private var rowTargets: (targets: [Bool], time: Int, format: TimeFormat)?
    /// Bad times seen (empty, or not a time of the format), and the first one's line and value.
    private var badTimes = 0
    private var firstBadTime: (line: Int, text: String)?
    private var header = [String]()
    /// Rows written so far (the next row's number in the file).
    private var rowBase = 0

    /// Partitions the file at `path`, read as the in-memory path reads it (`keep`).
    static func run(path: String, keep: Set<String>?, targets: [Target], partitions: Int, chunkBytes: Int,
                    folder: SpillFolder, streamHash: Bool = false, dropPagesBehind: Bool = false,
                    progress: ((_ bytesDone: Int, _ bytesTotal: Int) -> Void)?) throws(VantageError) -> Result {
        let chunks = try CSVChunks(path: path, keep: keep, chunkBytes: chunkBytes, streamHash: streamHash, dropPagesBehind: dropPagesBehind)
        let total = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        var pass = SpillPartitioner(path: path, targets: targets, partitions: partitions)
        while let chunk = try chunks.nextBytes() {
            let before = pass.rowBase
            try pass.take(chunk.bytes, headerBytes: chunk.headerBytes, lineOffset: chunk.lineOffset, chunks: chunks, folder: folder)
            chunks.count(rows: pass.rowBase - before)
            progress?(chunks.bytesRead, total)
        }
        for w in pass.writers { for f in w { try f.csv.close(); try f.meta?.close() } }
        // A bad spine time is reported as the in-memory path reports it: the first in
        // the file, and how many more there are.
        if let first = pass.firstBadTime, let rows = pass.rowTargets {
            throw TimeColumn.badTime(file: path, line: first.line, column: rows.time, name: pass.header[rows.time], format: rows.format,
                                     text: first.text, count: pass.badTimes)
        }
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
            if let time = t.time {
                guard let i = names.firstIndex(of: time.column) else {
                    throw .spec(path: "spine.time", message: "no column \"\(time.column)\" in \(path) (columns: \(names.joined(separator: ", ")))")
                }
                if rowTargets == nil { rowTargets = ([Bool](repeating: false, count: targets.count), i, time.format) }
                // One time column for all such targets: the spine's.
                guard rowTargets!.time == i, rowTargets!.format == time.format else {
                    throw .usage("spine copies with different time columns (internal)")
                }
                rowTargets!.targets[keyIndexes.count - 1] = true
            }
            var w = [(csv: SpillWriter, meta: SpillWriter?)]()
            for f in t.files {
                let csv = try SpillWriter(f.csv, folder: folder)
                if t.time == nil {
                    var head = CSVBuffer(capacity: 256)
                    head.record(names)
                    try csv.append { s in head.bytes.withUnsafeBufferPointer { s.bytes($0.baseAddress!, $0.count) } }
                }
                w.append((csv, try f.meta.map { (m) throws(VantageError) in try SpillWriter(m, folder: folder) }))
            }
            writers.append(w)
        }
    }

    /// Partitions one chunk (`bytes`: the header, then whole records): scans it in
    /// pieces on all cores, each copying its records to its own buffer per partition
    /// (`ScannedPiece`), then appends each partition's buffers, piece after piece, the
    /// targets on all cores.
    private mutating func take(_ bytes: UnsafeBufferPointer<UInt8>, headerBytes: Int, lineOffset: Int, chunks: CSVChunks, folder: SpillFolder) throws(VantageError) {
        var head = CSVParser(buf: bytes, file: path)
        if let names = try? head.header(keep: chunks.keep).names, head.pos == headerBytes {
            try start(header: names, folder: folder)
            let cuts = ScannedPiece.cuts(bytes, from: head.pos, count: 2 * ProcessInfoCores.count)
            while sinks.count < cuts.count - 1 { sinks.append(PartitionSinks(count: targets.count * partitions)) }
            /// Why `@unchecked Sendable`: the chunk is read-only while the pieces scan it,
            /// and each piece and its sinks are filled by its job alone and read once all
            /// have joined.
            struct Shared: @unchecked Sendable {
                let buf: UnsafeBufferPointer<UInt8>
                let cuts: [Int], keys: [[Int]]
                let width: Int, partitions: Int
                let sinks: [PartitionSinks]
                let rows: (targets: [Bool], time: Int, format: TimeFormat)?
            }
            struct Piece: @unchecked Sendable { var scanned: ScannedPiece }
            let shared = Shared(buf: bytes, cuts: cuts, keys: keyIndexes, width: header.count, partitions: partitions,
                                sinks: sinks, rows: rowTargets)
            let pieces = ParallelMap.run(cuts.count - 1) { k in
                Piece(scanned: ScannedPiece(shared.buf, range: shared.cuts[k]..<shared.cuts[k + 1], width: shared.width,
                                            keys: shared.keys, rows: shared.rows,
                                            partitions: shared.partitions, into: shared.sinks[k]))
            }.map(\.scanned)
            if !pieces.contains(where: \.irregular) {
                // Each piece's first line in the file.
                var lineBase = [Int]()
                var line = head.line + lineOffset
                for p in pieces {
                    lineBase.append(line)
                    if let bad = p.firstBadTime, firstBadTime == nil { firstBadTime = (bad.line + line, bad.text) }
                    badTimes += p.badTimes
                    line += p.lines
                }
                for t in targets.indices where targets[t].recordAssignment {
                    for p in pieces { assignments[t].append(contentsOf: p.partOf[t]) }
                }
                try write(pieces.count, lineBase: lineBase)
                rowBase += pieces.reduce(0) { $0 + $1.count }
                return
            }
        }
        // The parser names what is wrong; should it accept the chunk, its rows are
        // written from the parsed columns.
        let table = try chunks.parse(bytes, lineOffset: lineOffset)
        try start(header: table.header, folder: folder)
        try writeParsed(table)
    }

    /// Appends the first `count` pieces' buffers to their partitions' files, piece after
    /// piece (file order within each partition). Every file is written by one job, and
    /// the jobs (a target's partitions cut into ranges) run on all cores.
    ///
    /// Why ranges and not one job per target: a write into the page cache costs about a
    /// CPU-second per GB on a virtual machine, and a view's pass has one target; with a
    /// job per target one core wrote while the other waited (at 100 million events, 30 %
    /// of the CPU time of the views' pass was idle, per `perf`).
    private func write(_ count: Int, lineBase: [Int]) throws(VantageError) {
        /// Why `@unchecked Sendable`: the sinks are read-only here, and each
        /// partition's writers are used by the one job whose range holds it.
        struct Shared: @unchecked Sendable {
            let sinks: ArraySlice<PartitionSinks>, lineBase: [Int]
            let writers: [[(csv: SpillWriter, meta: SpillWriter?)]]
            let partitions: Int
        }
        let shared = Shared(sinks: sinks[0..<count], lineBase: lineBase, writers: writers, partitions: partitions)
        let ranges = max(1, min(partitions, 2 * ProcessInfoCores.count / targets.count))
        let failures = ParallelMap.run(targets.count * ranges) { job -> VantageError? in
            let t = job / ranges, range = job % ranges
            do throws(VantageError) {
                for p in (shared.partitions * range / ranges)..<(shared.partitions * (range + 1) / ranges) {
                    let w = shared.writers[t][p]
                    let i = t * shared.partitions + p
                    for (q, piece) in shared.sinks.enumerated() {
                        let bytes = piece.bytes[i], lines = piece.lines[i]
                        guard bytes.count > 0 else { continue }
                        try w.csv.append(bytes: bytes.base, count: bytes.count)
                        // The lines, from the piece's start to the file's.
                        guard let meta = w.meta else { continue }
                        let base = shared.lineBase[q]
                        let n = lines.count / 4
                        try meta.append { s in
                            s.reserve(n * 4)
                            let from = UnsafeRawPointer(lines.base)
                            for k in 0..<n {
                                let l = Int32(bitPattern: UInt32(littleEndian: from.loadUnaligned(fromByteOffset: k * 4, as: UInt32.self)))
                                s.uint32(UInt32(bitPattern: Int32(clamping: Int(l) + base)))
                            }
                        }
                    }
                }
                return nil
            } catch {
                return error
            }
        }
        if let failure = failures.compactMap({ $0 }).first { throw failure }
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
            try w.meta?.append { s in s.uint32(UInt32(bitPattern: line32)) }
        }
        rowBase += 1
    }

    /// Writes the rows of a parsed chunk, each formatted again from its fields.
    private mutating func writeParsed(_ table: CSVTable) throws(VantageError) {
        let keyColumns = keyIndexes.map { ks in ks.map { table.columns[$0] ?? TextColumn() } }
        let columns = header.indices.map { table.columns[$0] }
        let rows = rowTargets
        var parser = TimeParser.DayCache(format: rows?.format ?? .iso8601)
        for r in 0..<table.rowCount {
            var parsedTime: Int64 = 0
            if let rows, let text = table.columns[rows.time] {
                if let t = text.withField(r, { $0.isEmpty ? nil : parser.parse($0) }) {
                    parsedTime = t
                } else {
                    if firstBadTime == nil { firstBadTime = (table.line(ofRow: r), text.string(r)) }
                    badTimes += 1
                }
            }
            try write(line: table.line(ofRow: r)) { t, partitions in
                keyColumns[t].isEmpty ? 0 : KeyHash.partition(keyColumns[t], row: r, count: partitions)
            } record: { t, s in
                if rows?.targets[t] == true {
                    SpineRows.append(time: parsedTime, keys: keyColumns[t], row: r, to: &s)
                    return
                }
                for (i, c) in columns.enumerated() {
                    if i > 0 { s.byte(44) }
                    if let c { c.withField(r) { f in if f.count > 0 { s.field(f.baseAddress!, f.count) } } }
                }
                s.byte(10)
            }
        }
    }
}
