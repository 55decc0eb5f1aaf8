import Foundation
import Testing
@testable import VantageCore

/// The bounded-memory reader (`CSVStream`) and the spine re-reader (`SpineRecordReader`)
/// against the whole-file parser, on random files cut into blocks of every size.
@Suite("Streaming reads")
struct StreamingReadTests {
    /// A random CSV text: quoted fields with commas, quotes and line breaks, quotes in the
    /// middle of unquoted fields, CRLF or LF, blank lines, a BOM, no final line break.
    /// `plain`: no quotes, and each line ended by LF, CRLF or (now and then) a lone CR.
    static func randomCSV(_ rng: inout PropertyTests.Rng, columns: Int, rows: Int, plain: Bool = false) -> String {
        let pieces = ["a", "7", "007", "x y", "é", "2024-01-01T00:00:00Z", "", "1.5"]
        var out = rng.int(4) == 0 ? "\u{FEFF}" : ""
        var lineEnd = rng.int(3) == 0 ? "\r\n" : "\n"
        out += (0..<columns).map { "c\($0)" }.joined(separator: ",") + lineEnd
        for r in 0..<rows {
            if plain { lineEnd = rng.int(10) == 0 ? "\r" : lineEnd }
            if columns > 1 && rng.int(15) == 0 { out += lineEnd }  // a blank line
            var fields = [String]()
            for _ in 0..<columns {
                var f = pieces[rng.int(pieces.count)]
                switch plain ? 8 : rng.int(8) {
                case 0: f = "\"\(f),\(f)\""
                case 1: f = "\"say \"\"\(f)\"\"\""
                case 2: f = "\"two\nlines\""
                case 3: f = "\"cr\r\nlf\""
                case 4: f = "ab\"c"  // a quote inside an unquoted field is text
                default: break
                }
                fields.append(f)
            }
            out += fields.joined(separator: ",")
            if r < rows - 1 || rng.int(2) == 0 { out += lineEnd }
        }
        return out
    }

    static func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "stream-\(UUID().uuidString).csv"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func same(_ a: CSVTable, _ b: CSVTable) -> Bool {
        guard a.header == b.header, a.rowCount == b.rowCount, Set(a.columns.keys) == Set(b.columns.keys) else { return false }
        for (i, c) in a.columns {
            guard let d = b.columns[i] else { return false }
            for r in 0..<a.rowCount where c.value(r) != d.value(r) { return false }
        }
        return (0..<a.rowCount).allSatisfy { a.line(ofRow: $0) == b.line(ofRow: $0) }
    }

    @Test("the stream hash is the same however the bytes are cut, and changes with any byte or the length")
    func streamHashIgnoresCuts() {
        var rng = PropertyTests.Rng(state: 23)
        for round in 0..<1000 {
            // Short pieces go word by word, long ones four lanes at a time: the same hash.
            let bytes = (0..<rng.int(round % 2 == 0 ? 70 : 400)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let whole = StreamHash.of(bytes)
            var cut = StreamHash()
            var at = 0
            bytes.withUnsafeBufferPointer { b in
                while at < bytes.count {
                    let n = min(bytes.count - at, rng.int(round % 3 == 0 ? 12 : 90))
                    cut.update(b.baseAddress! + at, count: n)
                    at += n
                }
            }
            #expect(cut.finish() == whole)
            if !bytes.isEmpty {
                var flipped = bytes
                let i = rng.int(bytes.count)
                flipped[i] ^= UInt8(1 << rng.int(8))
                #expect(StreamHash.of(flipped) != whole)
                #expect(StreamHash.of(Array(bytes.dropLast())) != whole)
            }
            #expect(StreamHash.of(bytes + [0]) != whole)
        }
    }

    @Test("read-ahead hands out the file in order, chunk by chunk, with its SHA-256, at every length")
    func readAheadCoversTheFile() throws {
        var rng = PropertyTests.Rng(state: 21)
        for chunk in [1, 3, 64] {
            for length in [0, 1, chunk - 1, chunk, chunk + 1, 3 * chunk, 3 * chunk + 2] where length >= 0 {
                let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                let path = NSTemporaryDirectory() + "ahead-\(UUID().uuidString).bin"
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                defer { try? FileManager.default.removeItem(atPath: path) }
                let ahead = try ReadAhead(path: path, chunkBytes: chunk)
                var got = [UInt8](), buffer = [UInt8](repeating: 0, count: chunk), calls = 0
                while true {
                    let n = try buffer.withUnsafeMutableBufferPointer { try ahead.next(into: $0.baseAddress!) }
                    got += buffer.prefix(n)
                    calls += 1
                    if n < chunk { break }
                }
                #expect(got == bytes)
                #expect(calls == length / chunk + 1)
                #expect(try buffer.withUnsafeMutableBufferPointer { try ahead.next(into: $0.baseAddress!) } == 0)
                #expect(ahead.finishHex() == Checksum.sha256Hex(bytes))
                #expect(ahead.size == length)
            }
        }
        #expect(throws: VantageError.self) { _ = try ReadAhead(path: NSTemporaryDirectory() + "no-such-\(UUID().uuidString)", chunkBytes: 8) }
    }

    #if os(Linux)
    /// A spilled run's last read of an input drops its pages behind it (`dropBehind`): the
    /// same bytes and checksum, and afterwards none of the file's pages in the page cache
    /// (`mincore`), where an ordinary read leaves them there.
    @Test("a read that drops its pages behind: the same bytes, and the file leaves the page cache")
    func dropBehind() throws {
        let chunk = 1 << 20
        var rng = PropertyTests.Rng(state: 5)
        let bytes = (0..<(3 * chunk + 12_345)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        // On a disk's file system (`/var/tmp` by convention, where `/tmp` may be a tmpfs,
        // which keeps its pages whatever the advice).
        let folder = FileManager.default.fileExists(atPath: "/var/tmp") ? "/var/tmp/" : NSTemporaryDirectory()
        let path = folder + "ahead-\(UUID().uuidString).bin"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Written back first: the advice drops clean pages only.
        let fd = open(path, O_RDONLY)
        #expect(fd >= 0 && fsync(fd) == 0)
        close(fd)
        func readAll(dropBehind: Bool) throws -> [UInt8] {
            let ahead = try ReadAhead(path: path, chunkBytes: chunk, dropBehind: dropBehind)
            var got = [UInt8](), buffer = [UInt8](repeating: 0, count: chunk)
            while true {
                let n = try buffer.withUnsafeMutableBufferPointer { try ahead.next(into: $0.baseAddress!) }
                got += buffer.prefix(n)
                if n < chunk { break }
            }
            #expect(ahead.finishHex() == Checksum.sha256Hex(bytes))
            return got
        }
        #expect(try readAll(dropBehind: false) == bytes)
        let cachedAfterRead = try Self.residentPages(path)
        #expect(try readAll(dropBehind: true) == bytes)
        let cachedAfterDrop = try Self.residentPages(path)
        // The control: a plain read leaves the file cached (all of it unless the machine
        // is short of memory, so only "some" is asserted, to stay steady on a busy host).
        #expect(cachedAfterRead.resident > 0, "\(cachedAfterRead)")
        #expect(cachedAfterDrop.resident == 0, "\(cachedAfterDrop)")
    }

    /// How many of a file's pages are in the page cache.
    static func residentPages(_ path: String) throws -> (resident: Int, total: Int) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw VantageError.io(path: path, message: "cannot open") }
        defer { close(fd) }
        let size = Int(lseek(fd, 0, SEEK_END))
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let pages = (size + page - 1) / page
        guard let map = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0), map != MAP_FAILED else {
            throw VantageError.io(path: path, message: "cannot map")
        }
        defer { munmap(map, size) }
        var vector = [UInt8](repeating: 0, count: pages)
        guard mincore(map, size, &vector) == 0 else { throw VantageError.io(path: path, message: "mincore failed") }
        return (vector.filter { $0 & 1 == 1 }.count, pages)
    }
    #endif

    @Test("blocks of every size give the whole-file parse, lines included")
    func matchesWholeFileParse() throws {
        var rng = PropertyTests.Rng(state: 12)
        for _ in 0..<300 {
            let columns = 1 + rng.int(4)
            let text = Self.randomCSV(&rng, columns: columns, rows: rng.int(30))
            let path = try Self.write(text)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let keep: Set<String>? = rng.int(2) == 0 ? nil : ["c0"]
            let whole = try CSVReader.parse(Array(text.utf8), file: path, keep: keep)
            let block = 1 + rng.int(40)
            let streamed = try CSVStream.read(path: path, file: path, keep: keep, streamHash: true, blockBytes: block)
            #expect(streamed.table.streamHash == StreamHash.of(Array(text.utf8)))
            #expect(Self.same(whole, streamed.table), "block \(block): \(text.debugDescription)")
            #expect(streamed.bytes == text.utf8.count)
            #expect(streamed.sha256 == Checksum.sha256Hex(Array(text.utf8)))
        }
    }

    @Test("errors are the whole-file parser's, with the same line")
    func sameErrors() throws {
        for text in ["a,b\n1,2\n3,4,5\n", "a,b\n1,\"open\n2,3\n", "a,b\n\"x\"y,2\n", "a,b\n1,2\n\n3\n", ""] {
            let path = try Self.write(text)
            defer { try? FileManager.default.removeItem(atPath: path) }
            var wholeError: String?
            do { _ = try CSVReader.parse(Array(text.utf8), file: path) } catch { wholeError = "\(error)" }
            for block in [1, 3, 64] {
                var streamError: String?
                do { _ = try CSVStream.read(path: path, file: path, keep: nil, blockBytes: block) } catch { streamError = "\(error)" }
                #expect(wholeError != nil && streamError == wholeError, "\(text.debugDescription) block \(block)")
            }
        }
    }

    @Test("blocks split over the cores give the sequential parse")
    func largeBlocksSplit() throws {
        var rng = PropertyTests.Rng(state: 5)
        var text = "id,t,note\n"
        for r in 0..<120_000 {
            let note = r % 997 == 0 ? "\"line\nbreak, \"\"quoted\"\"\"" : (r % 13 == 0 ? "" : "n\(rng.int(1000))")
            text += "\(r),2024-01-0\(1 + r % 9)T00:00:00Z,\(note)\n"
        }
        let path = try Self.write(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let whole = try Array(text.utf8).withUnsafeBufferPointer { buf throws(VantageError) -> CSVTable in
            var parser = CSVParser(buf: buf, file: path)
            return try parser.run(keep: nil)
        }
        for block in [CSVReader.chunkedThreshold, 5 << 20] {
            let streamed = try CSVStream.read(path: path, file: path, keep: nil, blockBytes: block)
            #expect(Self.same(whole, streamed.table))
            // Times parsed inside the pieces, on all cores, equal the text parse.
            let timed = try CSVStream.read(path: path, file: path, keep: nil, times: ["t": .iso8601], blockBytes: block).table
            #expect(timed.columns[1] == nil)
            #expect(try TimeColumn.values(table: timed, column: 1, format: .iso8601)
                    == TimeColumn.values(table: whole, column: 1, format: .iso8601))
        }
    }

    /// Several blocks large enough to be split into pieces, so the pieces' builders of one
    /// block are emptied and filled again by the next (`parseSplit`'s pool), with field
    /// widths that change from block to block and one block whose quoted line break sends
    /// it to the sequential parser in between.
    @Test("blocks parsed in pieces with recycled builders read as the whole file")
    func recycledPieceBuilders() throws {
        var rng = PropertyTests.Rng(state: 23)
        var lines = ["id,t,note,v"]
        for r in 0..<330_000 {
            let wide = (r / 60_000) % 2 == 1
            let note = r == 170_000 ? "\"two\nlines\"" : (r % 11 == 0 ? "" : String(repeating: "w", count: wide ? 1 + rng.int(30) : rng.int(3)))
            lines.append("\(r),2024-02-\(10 + r % 9)T01:02:03Z,\(note),\(rng.int(100_000))")
        }
        let text = lines.joined(separator: "\n") + "\n"
        #expect(text.utf8.count > 3 * CSVReader.chunkedThreshold)
        let path = try Self.write(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let whole = try Array(text.utf8).withUnsafeBufferPointer { buf throws(VantageError) -> CSVTable in
            var parser = CSVParser(buf: buf, file: path)
            return try parser.run(keep: nil)
        }
        let streamed = try CSVStream.read(path: path, file: path, keep: nil, blockBytes: CSVReader.chunkedThreshold)
        #expect(Self.same(whole, streamed.table))
        let timed = try CSVStream.read(path: path, file: path, keep: ["id", "t", "v"], times: ["t": .iso8601],
                                       blockBytes: CSVReader.chunkedThreshold).table
        #expect(try TimeColumn.values(table: timed, column: 1, format: .iso8601)
                == TimeColumn.values(table: whole, column: 1, format: .iso8601))
        #expect((0..<whole.rowCount).allSatisfy { timed.columns[3]!.value($0) == whole.columns[3]!.value($0) })
    }

    @Test("time columns parsed while reading match the text parse, errors and drops included")
    func parsedTimesMatchText() throws {
        let text = "k,t,c\na,2024-01-01T00:00:00Z,\nb,bad,2024-01-02\nc,,x\nd,2024-01-03,2024-01-01\ne,nope,\n"
        let path = try Self.write(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let held = try CSVStream.read(path: path, file: path, keep: nil).table
        let parsed = try CSVStream.read(path: path, file: path, keep: nil, times: ["t": .iso8601, "c": .iso8601], blockBytes: 7).table
        #expect(parsed.columns[1] == nil && parsed.parsedTimes[1] != nil)
        func outcome(_ table: CSVTable, column: Int, fallback: [Int64]?, drop: Bool) -> String {
            let dropped = drop ? TimeColumn.Dropped() : nil
            do {
                let v = try TimeColumn.values(table: table, column: column, format: .iso8601, nullAs: fallback, dropInto: dropped)
                let kept = (0..<v.count).filter { dropped?.rows.contains($0) != true }.map { v[$0] }
                return "\(kept) \(dropped?.rows.sorted() ?? [])"
            } catch {
                return "\(error)"
            }
        }
        let fallback: [Int64] = [1, 2, 3, 4, 5]
        for column in [1, 2] {
            for fb in [nil, fallback] {
                for drop in [false, true] {
                    #expect(outcome(held, column: column, fallback: fb, drop: drop) == outcome(parsed, column: column, fallback: fb, drop: drop))
                }
            }
        }
    }

    /// Blocks without quotes, where `RecordBoundary` takes its fast path when every CR is
    /// part of a CRLF: the last record end and the lines before it must be those of a
    /// byte-by-byte reading (LF, CRLF or a lone CR ends a line; a CR at the very end of
    /// the block may be the first half of a CRLF, so it ends nothing yet).
    @Test("record boundaries of blocks without quotes: the fast path agrees with a byte loop")
    func plainBoundaries() {
        var rng = PropertyTests.Rng(state: 5)
        for _ in 0..<3000 {
            let text = Array(Self.randomCSV(&rng, columns: 1 + rng.int(3), rows: 1 + rng.int(12), plain: true).utf8)
            let cut = rng.int(text.count + 1)
            let block = Array(text[0..<cut])
            var end = -1, lines = 0, firstEnd = -1
            var i = 0
            while i < block.count {
                let b = block[i]
                if b == 10 || (b == 13 && i + 1 < block.count) {
                    let next = b == 13 && block[i + 1] == 10 ? i + 2 : i + 1
                    lines += 1
                    end = next
                    if firstEnd < 0 { firstEnd = next }
                    i = next
                } else {
                    i += 1
                }
            }
            block.withUnsafeBufferPointer { buf in
                let last = RecordBoundary.find(in: buf, first: false)
                #expect(last?.end == (end > 0 ? end : nil), "\(block)")
                if end > 0 { #expect(last?.lines == lines, "\(block)") }
                #expect(RecordBoundary.find(in: buf, first: true)?.end == (firstEnd > 0 ? firstEnd : nil), "\(block)")
            }
        }
    }

    @Test("a spine re-read from its file is each row in output form; a changed file is an error")
    func spineRecords() throws {
        var rng = PropertyTests.Rng(state: 99)
        for _ in 0..<600 {
            let columns = 1 + rng.int(3)
            let text = Self.randomCSV(&rng, columns: columns, rows: 1 + rng.int(25), plain: rng.int(3) == 0)
            let path = try Self.write(text)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let table = try CSVReader.parse(Array(text.utf8), file: path)
            let held = (0..<table.header.count).map { table.columns[$0]! }
            let skipped = (0..<table.rowCount).filter { _ in rng.int(5) == 0 }
            let source = SpineRecordSource(path: path, streamHash: StreamHash.of(Array(text.utf8)), records: table.rowCount,
                                           width: table.header.count, skipped: skipped)
            // Tiny chunks: records cut across reads, and many steps read ahead.
            let reader = try SpineRecordReader(source: source, chunkBytes: rng.int(2) == 0 ? 1 + rng.int(40) : 4 << 20)
            let kept = (0..<table.rowCount).filter { !skipped.contains($0) }
            let expected = kept.map { String(decoding: TrainingSetWriter.format(rows: $0..<($0 + 1), spine: held, features: []).dropLast(2), as: UTF8.self) }
            var got = [String]()
            var previous: ColumnBuilder?
            while got.count < kept.count, let chunk = try reader.next(recycling: previous) {
                #expect(chunk.rows > 0)
                got += (0..<chunk.rows).map { r in
                    String(decoding: UnsafeBufferPointer(start: chunk.bytes.base + Int(chunk.offsets[r]),
                                                         count: Int(chunk.offsets[r + 1] - chunk.offsets[r])), as: UTF8.self)
                }
                previous = chunk
            }
            #expect(got == expected, "\(text.debugDescription)")
            try reader.finish(recycling: previous)
        }
        let path = try Self.write("a,b\n1,2\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let stale = SpineRecordSource(path: path, streamHash: 0, records: 1, width: 2, skipped: [])
        let reader = try SpineRecordReader(source: stale)
        let only = try reader.next(recycling: nil)
        #expect(only?.rows == 1)
        #expect(throws: VantageError.self) { try reader.finish(recycling: only) }
    }

    @Test("a spine edited between the join's read and its write is an error, and nothing is written")
    func spineChangedBeforeWrite() throws {
        let dir = NSTemporaryDirectory() + "reread-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("k,t,y\na,2024-01-02T00:00:00Z,1\nb,2024-01-03T00:00:00Z,0\n".utf8).write(to: URL(fileURLWithPath: dir + "/spine.csv"))
        try Data("k,ts,x\na,2024-01-01T00:00:00Z,5\n".utf8).write(to: URL(fileURLWithPath: dir + "/f.csv"))
        let spec = try SpecDecoder.decode(text: lookupSpec(), path: dir + "/spec.yaml", baseDirectory: dir)
        let inputs = try Loader.load(spec, options: .init(spineColumns: []))
        #expect(inputs.spine.rereadSource != nil && inputs.spine.columns.isEmpty)
        let engine = PointInTimeEngine(inputs: inputs)
        let set = engine.trainingSet(levels: engine.levels(varying: .realtime))
        // Same size, other bytes: only the checksum tells.
        try Data("k,t,y\na,2024-01-02T00:00:00Z,0\nb,2024-01-03T00:00:00Z,0\n".utf8).write(to: URL(fileURLWithPath: dir + "/spine.csv"))
        #expect(throws: VantageError.self) { try TrainingSetWriter.write(set, to: dir + "/out.csv") }
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(left == ["f.csv", "spine.csv"])
    }

    /// `internAll` (the spine's keys, a column at a time) must give the ids `intern` gives
    /// row by row: numbers that fill the dense table, that make it grow, that lie beyond
    /// it, that it is sized for ahead from a sample (and numbers the sample missed), with
    /// leading zeros (text, not numbers), text keys and empty fields; and a second column
    /// interned after the first, its numbers perhaps beyond the first's.
    @Test("the key dictionary's bulk interning gives the ids of interning row by row")
    func bulkIntern() {
        var rng = PropertyTests.Rng(state: 17)
        for round in 0..<100 {
            let spread = [50, 5000, 9000, 1 << 18, 1 << 27][round % 5]
            func column(_ spread: Int) -> TextColumn {
                TextColumn((0..<(1 + rng.int(3000))).map { _ -> String? in
                    switch rng.int(10) {
                    case 0: return nil
                    case 1: return "k\(rng.int(300))"
                    case 2: return "0\(rng.int(99))"
                    default: return String(rng.int(spread))
                    }
                })
            }
            var bulk = KeyDictionary(expectedCount: 16)
            var single = KeyDictionary(expectedCount: 16)
            for (part, c) in [column(spread), column(spread * (1 + rng.int(3)))].enumerated() {
                var ids = [Int32](repeating: 7, count: c.count)
                ids.withUnsafeMutableBufferPointer { bulk.internAll(c, into: $0.baseAddress!) }
                let expected = (0..<c.count).map { r in c.isNull(r) ? -1 : c.withField(r) { single.intern($0) } }
                #expect(ids == expected, "round \(round), column \(part)")
                #expect(bulk.count == single.count)
            }
        }
    }

    @Test("the key dictionary's bulk lookup finds what `find` finds")
    func bulkFind() {
        var rng = PropertyTests.Rng(state: 3)
        var dict = KeyDictionary(expectedCount: 16)
        let keys = (0..<500).map { "k\($0 * 7)" + String(repeating: "x", count: $0 % 11) }
        for k in keys where rng.int(2) == 0 { _ = dict.intern(k) }
        let column = TextColumn((0..<2000).map { _ in rng.int(10) == 0 ? nil : keys[rng.int(keys.count)] })
        var out = [Int32](repeating: 7, count: column.count)
        out.withUnsafeMutableBufferPointer { dict.findAll(column, rows: 0..<column.count, into: $0.baseAddress!) }
        for r in 0..<column.count {
            let expected: Int32 = column.isNull(r) ? -1 : (column.withField(r) { dict.find($0) } ?? -1)
            #expect(out[r] == expected)
        }
    }

    @Test("keys written as numbers are matched as exact text, however sparse")
    func numericKeys() {
        var rng = PropertyTests.Rng(state: 41)
        for round in 0..<40 {
            var dict = KeyDictionary(expectedCount: 16)
            var reference = [String: Int32]()
            let spread = [10, 1000, 1 << 20, 99_999_999][round % 4]
            func key() -> String {
                switch rng.int(10) {
                case 0: return "0" + String(rng.int(100))  // a leading zero: not the number
                case 1: return "-" + String(rng.int(100))
                case 2: return String(rng.int(spread)) + "x"
                case 3: return String(repeating: "9", count: 9 + rng.int(3))  // more digits than the fast path reads
                default: return String(rng.int(spread))
                }
            }
            for _ in 0..<3000 {
                let k = key()
                let id = dict.intern(k)
                if let known = reference[k] { #expect(id == known, "\(k)") } else {
                    #expect(Int(id) == reference.count, "\(k)")
                    reference[k] = id
                }
            }
            let probes = (0..<2000).map { _ in key() }
            let column = TextColumn(probes)
            var out = [Int32](repeating: 7, count: probes.count)
            out.withUnsafeMutableBufferPointer { dict.findAll(column, rows: 0..<probes.count, into: $0.baseAddress!) }
            for (r, k) in probes.enumerated() {
                var copy = k
                let found = copy.withUTF8 { dict.find($0) }
                #expect(found == reference[k] && out[r] == (reference[k] ?? -1), "\(k)")
            }
        }
    }

    @Test("a column past 4 GiB is flagged, not wrapped")
    func offsetOverflow() {
        var flag = false
        #expect(ColumnBuilder.offset(Int(UInt32.max), &flag) == UInt32.max && !flag)
        _ = ColumnBuilder.offset(Int(UInt32.max) + 1, &flag)
        #expect(flag)
    }
}

extension KeyDictionary {
    mutating func intern(_ s: String) -> Int32 {
        var copy = s
        return copy.withUTF8 { intern($0) }
    }
}
