#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Reads a CSV file into columns front to back in bounded blocks, so the raw file is
/// never held whole: one block being parsed (plus an unfinished record carried over) and
/// the next one read ahead sit in memory beside the columns being built. The SHA-256 for the manifest is fed on the same pass, and the
/// next block is read and checksummed while this one is parsed (`ReadAhead`).
///
/// Each block is cut after its last complete record and parsed on all cores (split at
/// line breaks, the same way `CSVParser.chunked` splits a whole file); a block whose
/// split falls inside a record, or that holds an error, is parsed sequentially instead,
/// which also gives the exact physical line in messages. Results are identical to
/// `CSVReader.parse` of the whole file, line numbers included.
enum CSVStream {
    struct Result {
        var table: CSVTable
        var bytes: Int
        var sha256: String
    }

    /// Large enough that splitting a block over the cores pays, small against any budget.
    static let blockBytes = 16 << 20

    /// `times`: columns (by name) parsed to µs times while reading (`CSVTable.parsedTimes`)
    /// instead of held as text.
    /// `progress` gets the bytes read so far and the file's size after each block.
    /// `streamHash`: also compute the file's `StreamHash` (a spine read again later).
    static func read(path: String, file: String, keep: Set<String>?, times: [String: TimeFormat] = [:],
                     streamHash: Bool = false, blockBytes: Int = CSVStream.blockBytes,
                     progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws(VantageError) -> Result {
        let source = try ReadAhead(path: path, chunkBytes: blockBytes, streamHash: streamHash)
        let size = source.size
        // Room for one chunk beside an unfinished record carried from the one before (a
        // record longer than 64 KiB makes it grow).
        var window = ReadWindow(capacity: source.chunkBytes + (1 << 16))
        defer { window.free() }

        // The header: read until its record is complete (or the file ends).
        try window.fill(from: source)
        while firstRecordEnd(window.buffer) == nil && !window.eof {
            try window.fill(from: source)
        }
        var head = CSVParser(buf: window.buffer, file: file)
        let (names, wanted) = try head.header(keep: keep)
        var state = State(line: head.line)
        var converted = [Int: ParsedTimes]()
        for (name, format) in times { if let i = names.firstIndex(of: name), wanted[i] { converted[i] = ParsedTimes(format: format) } }
        var cols = CSVParser.builders(wanted: (0..<wanted.count).map { wanted[$0] && converted[$0] == nil },
                                      bytes: max(0, size - head.pos), headerBytes: head.pos)
        var finished = [Bool](repeating: false, count: cols.count)
        defer { for (i, c) in cols.enumerated() where !finished[i] { c.free() } }
        var pool = [[ColumnBuilder]]()
        defer { for set in pool { for c in set { c.free() } } }
        var consumed = head.pos

        while true {
            try Cancellation.check()
            window.discard(consumed)
            try window.fill(from: source)
            var cut = window.eof ? window.count : lastRecordEnd(window.buffer)
            while cut == nil && !window.eof {
                // One record longer than the block: read on until it ends.
                try window.fill(from: source)
                cut = window.eof ? window.count : lastRecordEnd(window.buffer)
            }
            let end = cut ?? window.count
            if end > 0 {
                let first = state.rows == 0
                try parseRecords(UnsafeBufferPointer(rebasing: window.buffer[0..<end]), file: file,
                                 wanted: wanted, into: &cols, times: &converted, state: &state, pool: &pool)
                if first, state.rows > 0, !converted.isEmpty {
                    // Room for the whole file's times at the first block's bytes per row,
                    // plus a fifth: an array grown by doubling instead copies itself about
                    // twenty times and faults in twice its final size. Room never written
                    // is never touched, so it costs no memory.
                    let expected = Int(Double(size - head.pos) / Double(end) * Double(state.rows) * 1.2)
                    for i in converted.keys { converted[i]!.values.reserveCapacity(expected) }
                }
            }
            consumed = end
            progress?(window.total, size)
            if window.eof && consumed == window.count { break }
        }
        // The pieces' builders were filled on worker threads, so their memory returns to
        // those threads' malloc arenas, where nothing else reuses it: it is handed back.
        for set in pool { for c in set { c.free() } }
        pool = []
        releaseFreedMemory()
        var kept = [Int: TextColumn]()
        for i in 0..<wanted.count where wanted[i] && converted[i] == nil {
            if cols[i].overflowed { throw CSVParser.columnTooLarge(file: file, name: names[i], column: i) }
            kept[i] = cols[i].finish()
            cols[i].free()
            finished[i] = true
        }
        var table = CSVTable(file: file, header: names, columns: kept, rowCount: state.rows, recordLines: state.lines)
        table.parsedTimes = converted
        if streamHash { table.streamHash = source.finishStreamHash() }
        return Result(table: table, bytes: window.total, sha256: source.finishHex())
    }

    /// Rows so far, the physical line where the next block starts, and each record's line
    /// once records stopped sitting one per line from line 2.
    struct State {
        var line: Int
        var rows = 0
        var lines: [Int32]?

        /// Adds a block's rows: `blockLines` are their lines when not one per line from
        /// `firstLine`.
        mutating func add(rows count: Int, lines blockLines: [Int32]?, firstLine: Int) {
            if lines == nil && blockLines == nil && firstLine == rows + 2 {
                rows += count
                return
            }
            if lines == nil { lines = (0..<rows).map { Int32(clamping: $0 + 2) } }
            if let blockLines {
                lines!.append(contentsOf: blockLines)
            } else {
                lines!.append(contentsOf: (0..<count).map { Int32(clamping: firstLine + $0) })
            }
            rows += count
        }
    }

    /// Parses the complete records of `block` (it starts and ends at record boundaries)
    /// and appends them: text to `cols`, the columns in `times` parsed to µs.
    /// `pool`: the pieces' builders of the block before, emptied and used again (see
    /// `parseSplit`); the caller frees them once the file is read.
    static func parseRecords(_ block: UnsafeBufferPointer<UInt8>, file: String, wanted: [Bool],
                             into cols: inout [ColumnBuilder], times: inout [Int: ParsedTimes],
                             state: inout State, pool: inout [[ColumnBuilder]]) throws(VantageError) {
        func take(_ piece: [ColumnBuilder]) {
            for i in 0..<wanted.count where wanted[i] {
                if times[i] != nil { times[i]!.append(piece[i]) } else { cols[i].append(contentsOf: piece[i]) }
            }
        }
        // More pieces than cores: the read-ahead shares a core with one of them, and small
        // pieces let the other core take up the slack instead of waiting at the join.
        let parts = ProcessInfoCores.count > 1 ? 4 * ProcessInfoCores.count : 1
        if block.count >= CSVReader.chunkedThreshold, parts > 1,
           let (pieces, count) = parseSplit(block, file: file, wanted: wanted, parts: parts,
                                            times: times.mapValues(\.format), pool: &pool) {
            // Times were parsed inside the pieces, on all cores; the pieces are appended
            // column by column, the columns on all cores too.
            merge(pieces, wanted: wanted, into: &cols, times: &times)
            pool = pieces.map(\.0)
            state.add(rows: count, lines: nil, firstLine: state.line)
            state.line += count
            return
        }
        var parser = CSVParser(buf: block, file: file, atFileStart: false)
        parser.line = state.line
        var local = CSVParser.builders(wanted: wanted, bytes: block.count, headerBytes: 64)
        defer { for c in local { c.free() } }
        let (count, lines) = try parser.records(until: block.count, wanted: wanted, into: &local, firstRowLine: state.line)
        take(local)
        state.add(rows: count, lines: lines, firstLine: state.line)
        state.line = parser.line
    }

    /// Appends the pieces of a block, in order, to the columns they were parsed for.
    static func merge(_ pieces: [([ColumnBuilder], [Int: ParsedTimes])], wanted: [Bool],
                      into cols: inout [ColumnBuilder], times: inout [Int: ParsedTimes]) {
        let columns = (0..<wanted.count).filter { wanted[$0] }
        // Taken out of `times` while appended to, so their arrays are not shared (copied).
        var parsed = columns.map { times.removeValue(forKey: $0) }
        /// Why `@unchecked Sendable`: job `j` touches only column `columns[j]` of `cols` and
        /// entry `j` of `parsed`; the pieces are only read; the caller waits for every job.
        struct Targets: @unchecked Sendable {
            let cols: UnsafeMutablePointer<ColumnBuilder>
            let parsed: UnsafeMutablePointer<ParsedTimes?>
            let pieces: [([ColumnBuilder], [Int: ParsedTimes])]
        }
        cols.withUnsafeMutableBufferPointer { c in
            parsed.withUnsafeMutableBufferPointer { t in
                let targets = Targets(cols: c.baseAddress!, parsed: t.baseAddress!, pieces: pieces)
                DispatchQueue.concurrentPerform(iterations: columns.count) { j in
                    let i = columns[j]
                    for (piece, pieceTimes) in targets.pieces {
                        if let pt = pieceTimes[i] { targets.parsed[j]!.append(contentsOf: pt) } else { targets.cols[i].append(contentsOf: piece[i]) }
                    }
                }
            }
        }
        for (j, i) in columns.enumerated() where parsed[j] != nil { times[i] = parsed[j] }
    }

    /// The block parsed in `parts` pieces on all cores, or nil when a piece did not hold
    /// whole records one per line (a quoted line break, a blank line) or had an error.
    /// `times`: columns parsed to µs inside each piece (by header index).
    ///
    /// `pool`: builders of an earlier block, emptied and filled again, since fresh ones
    /// for every block of a large file were a fifth of the job's page faults (the memory
    /// of a freed block goes back to the system and returns zeroed, a fault per 4 KiB).
    /// When nil is returned the pieces' builders are back in `pool`.
    static func parseSplit(_ block: UnsafeBufferPointer<UInt8>, file: String, wanted: [Bool], parts: Int,
                           times: [Int: TimeFormat] = [:],
                           pool: inout [[ColumnBuilder]]) -> (pieces: [([ColumnBuilder], [Int: ParsedTimes])], rows: Int)? {
        var cuts = [0]
        for k in 1..<parts {
            var p = block.count * k / parts
            while p < block.count && block[p] != CSVParser.lf { p += 1 }
            cuts.append(min(block.count, max(cuts[k - 1], p + 1)))
        }
        cuts.append(block.count)
        /// Why `@unchecked Sendable`: each piece's builders own raw storage that only the
        /// job which filled them touched; they pass to the caller once, after all jobs joined.
        struct Piece: @unchecked Sendable { var cols: [ColumnBuilder]; var times: [Int: ParsedTimes] = [:]; var rows: Int; var ok: Bool }
        /// Why `@unchecked Sendable`: the block is read-only for the duration of the call.
        struct Block: @unchecked Sendable { let buf: UnsafeBufferPointer<UInt8> }
        let shared = Block(buf: block)
        /// Why `@unchecked Sendable`: builder set k is taken by job k alone.
        struct Pool: @unchecked Sendable { let sets: [[ColumnBuilder]] }
        let recycled = Pool(sets: pool)
        pool = []
        let pieces = ParallelMap.run(parts) { [cuts] k -> Piece in
            var parser = CSVParser(buf: shared.buf, file: file, atFileStart: false)
            parser.pos = cuts[k]
            parser.line = 0
            var cols: [ColumnBuilder]
            if k < recycled.sets.count, recycled.sets[k].count == wanted.count {
                cols = recycled.sets[k]
                for i in cols.indices { cols[i].clear() }
            } else {
                if k < recycled.sets.count { for c in recycled.sets[k] { c.free() } }
                cols = CSVParser.builders(wanted: wanted, bytes: cuts[k + 1] - cuts[k], headerBytes: 64)
            }
            do throws(VantageError) {
                let (rows, lines) = try parser.records(until: cuts[k + 1], wanted: wanted, into: &cols, firstRowLine: 0)
                guard lines == nil && parser.pos == cuts[k + 1] else { return Piece(cols: cols, rows: rows, ok: false) }
                var parsed = [Int: ParsedTimes]()
                for (i, format) in times {
                    var t = ParsedTimes(format: format, expectedRows: rows)
                    t.append(cols[i])
                    parsed[i] = t
                }
                return Piece(cols: cols, times: parsed, rows: rows, ok: true)
            } catch {
                return Piece(cols: cols, rows: 0, ok: false)
            }
        }
        // Sets of the pool no piece took (fewer cuts this time) are freed.
        for set in recycled.sets.dropFirst(parts) { for c in set { c.free() } }
        guard pieces.allSatisfy(\.ok) else {
            pool = pieces.map(\.cols)
            return nil
        }
        return (pieces.map { ($0.cols, $0.times) }, pieces.reduce(0) { $0 + $1.rows })
    }

    /// The end (after its line end) of the first record of `buf`, which starts the file;
    /// nil when no record ends inside it.
    static func firstRecordEnd(_ buf: UnsafeBufferPointer<UInt8>) -> Int? {
        RecordBoundary.find(in: buf, first: true, skipBOM: true)?.end
    }

    /// The end (after its line end) of the last complete record of `buf`, which starts at
    /// a record boundary; nil when no record ends inside it.
    static func lastRecordEnd(_ buf: UnsafeBufferPointer<UInt8>) -> Int? {
        RecordBoundary.find(in: buf, first: false, countLines: false)?.end
    }
}
