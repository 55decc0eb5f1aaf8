import Foundation
import Testing
@testable import VantageCore

/// The partition pass writes each record's bytes as read (issue 12): every partition
/// file must parse to exactly the rows of the whole file that hash to it, with their
/// original lines, whatever the quoting, line ends and chunk cuts.
@Suite("spill partition pass", .serialized)
struct SpillPartitionerTests {
    /// A file at the edges of CSV: a BOM, CRLF and lone CR line ends, quoted keys with
    /// commas, line breaks and doubled quotes, a quote inside an unquoted field, empty
    /// keys, blank lines, no final line end; `repeats` times over so it spans chunks.
    static func edgeText(repeats: Int) -> String {
        var t = "\u{FEFF}k,\"v,1\",w\r\n"
        for i in 0..<repeats {
            t += "a,\(i),x\r\n"
            t += "\"a\",\"multi\nline \(i)\",\"\"\n"
            t += "\"q\"\"x\",\(i),y\r"
            t += "q\"x,\"with \"\"quotes\"\", and comma\",\(i)\n"
            t += ",\(i),empty key\n"
            t += "\n"
            t += "\"d,e\",\(i),\"crlf\r\ninside\"\r\n"
            t += "k\(i % 17),\(i),\n"
        }
        t += "last,no,end"
        return t
    }

    /// Text without quotes, so the pass cuts its chunks into pieces scanned on several
    /// cores: LF, CRLF and lone CR line ends, blank lines, empty keys and fields, and no
    /// final line end.
    static func plainText(rows: Int) -> String {
        var t = "k,v,w\n"
        for i in 0..<rows {
            let end = ["\n", "\r\n", "\r", "\n\n", "\r\n\r\n"][i % 5]
            t += (i % 11 == 0 ? "" : "key\(i % 97)") + ",\(i),w\(i % 3 == 0 ? "" : String(i))" + end
        }
        return t + "tail,1,2"
    }

    /// A scratch folder holding `text` as `in.csv`, the file parsed whole, and a spill
    /// folder inside it; the caller removes the folder.
    static func input(_ text: String) throws -> (dir: String, whole: CSVTable, folder: SpillFolder) {
        let dir = NSTemporaryDirectory() + "vantage-partitioner-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try text.write(toFile: dir + "/in.csv", atomically: true, encoding: .utf8)
        return (dir, try CSVReader.read(path: dir + "/in.csv"), try SpillFolder(parent: dir, needed: 0))
    }

    /// Partitions `text` and checks every partition against the whole-file parse: the
    /// rows of a partition are those whose key hashes to it, in file order, with their
    /// lines and values.
    static func check(_ text: String, partitions P: Int, chunkBytes: Int) throws {
        let (dir, whole, folder) = try Self.input(text)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = SpillPartitioner.Target(keys: ["k"], files: (0..<P).map { (folder.file("p\($0).csv"), folder.file("p\($0).meta")) },
                                             recordAssignment: true)
        let result = try SpillPartitioner.run(path: dir + "/in.csv", keep: nil, targets: [target], partitions: P,
                                              chunkBytes: chunkBytes, folder: folder, streamHash: true, progress: nil)
        let bytes = try FileBytes.read(path: dir + "/in.csv")
        #expect(result.header == whole.header)
        #expect(result.record.rows == whole.rowCount)
        #expect(result.record.sha256 == Checksum.sha256Hex(bytes))
        #expect(result.streamHash == StreamHash.of(bytes))
        #expect(result.assignments[0].count == whole.rowCount)
        var seen = 0
        for p in 0..<P {
            let part = try SpilledJoin.partTable(folder.file("p\(p)"), shownAs: "in.csv", keep: nil)
            #expect(part.header == whole.header)
            // A partition keeps file order: its rows are the rows assigned to it, in order.
            let rows = result.assignments[0].indices.filter { Int(result.assignments[0][$0]) == p }
            #expect(part.rowCount == rows.count)
            for (r, w) in rows.enumerated() where r < part.rowCount {
                #expect(KeyHash.partition([whole.columns[0]!], row: w, count: P) == p, "row \(w) in partition \(p)")
                #expect(part.line(ofRow: r) == whole.line(ofRow: w), "row \(w)")
                for c in 0..<whole.header.count {
                    #expect(part.columns[c]!.withField(r) { Array($0) } == whole.columns[c]!.withField(w) { Array($0) }, "row \(w) column \(c)")
                }
            }
            seen += part.rowCount
        }
        #expect(seen == whole.rowCount)
    }

    @Test("raw records at the edges of CSV land whole in the partition of their key", arguments: [1, 3, 8])
    func edges(_ partitions: Int) throws {
        try Self.check(Self.edgeText(repeats: 40), partitions: partitions, chunkBytes: 1 << 16)
    }

    @Test("records cut across many chunks")
    func manyChunks() throws {
        try Self.check(Self.edgeText(repeats: 3000), partitions: 5, chunkBytes: 1)  // 64 KiB chunks at least
    }

    @Test("records without quotes, scanned in pieces on several cores, whatever the line ends", arguments: [1 << 16, 1 << 20])
    func pieces(_ chunkBytes: Int) throws {
        try Self.check(Self.plainText(rows: 30_000), partitions: 7, chunkBytes: chunkBytes)
    }

    /// The spine's copies (`SpineRows`): each partition reads back as the rows that hash
    /// to it, in file order, with their keys' values (quotes and doubled quotes undone),
    /// their times parsed and the other key columns empty; no side file of lines is
    /// written, and a row count that does not match the file is an error.
    @Test("the spine's copies as rows: keys and parsed times per partition, no lines, in pieces and not", arguments: [true, false])
    func spineRows(_ plain: Bool) throws {
        var text = "k,t,j\n"
        for i in 0..<(plain ? 30_000 : 3_000) {
            // Keys written as numbers (`SpineRows` stores those as numbers) and not.
            let numbers = ["\(i % 89)", "0", "007", "123456789012345678", "1234567890123456789", "-5"]
            let key = i % 11 == 0 ? "" : plain ? (i % 2 == 0 ? "key\(i % 97)" : numbers[i % numbers.count])
                : "\"k,\(i % 13)\"\"\nz\""
            // Times mostly rising (stored as differences), with jumps back and forth.
            let seconds = i % 5 == 0 ? 100 + i : 1_700_000_000 + i
            let time = plain || i % 3 != 0 ? "\(seconds)" : "\"\(seconds)\""
            text += "\(key),\(time),j\(i)\(i % 7 == 0 ? "\r\n" : "\n")"
        }
        let (dir, whole, folder) = try Self.input(text)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let P = 5
        let target = SpillPartitioner.Target(keys: ["k"], files: (0..<P).map { (folder.file("p\($0).rows"), nil) },
                                             recordAssignment: true, time: ("t", .epochSeconds))
        let result = try SpillPartitioner.run(path: dir + "/in.csv", keep: nil, targets: [target], partitions: P,
                                              chunkBytes: 1 << 20, folder: folder, progress: nil)
        var seen = 0
        for p in 0..<P {
            let rows = result.assignments[0].indices.filter { Int(result.assignments[0][$0]) == p }
            let part = try SpineRows.table(folder.file("p\(p)"), rows: rows.count, shownAs: "in.csv", header: result.header, time: 1,
                                           format: .epochSeconds, keys: [0], empty: [2])
            #expect(part.rowCount == rows.count)
            #expect(!FileManager.default.fileExists(atPath: folder.file("p\(p).meta")))
            #expect(throws: VantageError.self) {
                try SpineRows.table(folder.file("p\(p)"), rows: rows.count + 1, shownAs: "in.csv", header: result.header, time: 1,
                                    format: .epochSeconds, keys: [0], empty: [2])
            }
            let times = try TimeColumn.values(table: part, column: 1, format: .epochSeconds)
            for (r, w) in rows.enumerated() where r < part.rowCount {
                #expect(part.columns[0]!.string(r) == whole.columns[0]!.string(w), "row \(w)")
                #expect(times[r] == Int64(w % 5 == 0 ? 100 + w : 1_700_000_000 + w) * 1_000_000, "row \(w)")
                #expect(part.columns[2]!.string(r) == "", "row \(w)")
            }
            seen += part.rowCount
        }
        #expect(seen == whole.rowCount)
    }

    @Test("a one-column file keeps its blank lines as empty keys")
    func oneColumn() throws {
        try Self.check("k\na\n\n\"b\"\"\"\r\nc", partitions: 3, chunkBytes: 1 << 16)
    }

    @Test("a quoted key and the same key unquoted hash alike")
    func quotedKeysHashAlike() throws {
        let text = "k,v\n\"q\"\"x\",1\nq\"x,2\n\"a,b\",3\n"
        try text.utf8CString.dropLast().map { UInt8(bitPattern: $0) }.withUnsafeBufferPointer { buf in
            var scan = RawRecordScanner(buf: buf, width: 2, pos: 4, line: 2)
            var parts = [Int]()
            while scan.next() { parts.append(KeyHash.partition([0], of: scan, count: 1 << 20)) }
            #expect(!scan.irregular)
            let whole = try CSVReader.parse(Array(text.utf8), file: "x.csv")
            #expect(parts == (0..<3).map { KeyHash.partition([whole.columns[0]!], row: $0, count: 1 << 20) })
            #expect(parts[0] == parts[1])
        }
    }

    /// Partitions `text` (which holds one bad record) and expects the whole-file reader's
    /// error, naming `message` and `line`.
    static func expectReadersError(_ text: String, message: String, line: Int, chunkBytes: Int) throws {
        let dir = NSTemporaryDirectory() + "vantage-partitioner-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try text.write(toFile: dir + "/in.csv", atomically: true, encoding: .utf8)
        var memory: VantageError?
        do { _ = try CSVReader.read(path: dir + "/in.csv") } catch { memory = error }
        let folder = try SpillFolder(parent: dir, needed: 0)
        let target = SpillPartitioner.Target(keys: ["a"], files: (0..<3).map { (folder.file("p\($0).csv"), folder.file("p\($0).meta")) },
                                             recordAssignment: false)
        #expect(throws: memory!) {
            _ = try SpillPartitioner.run(path: dir + "/in.csv", keep: nil, targets: [target], partitions: 3,
                                         chunkBytes: chunkBytes, folder: folder, progress: nil)
        }
        #expect(memory!.description.contains(message), "\(memory!)")
        #expect(memory!.description.contains("line \(line)"), "\(memory!)")
    }

    /// A bad record after many good ones, in a later chunk: the error names its line in
    /// the file, as the in-memory reader does.
    @Test("a bad record in a later chunk: the parser's error with the file's line", arguments: [
        ("1,2,3,4\n", "too many fields"), ("1\n", "too few fields"), ("\"1\"x,2,3\n", "after a closing quote"), ("\"1,2,3\n", "unterminated"),
    ])
    func badRecord(_ bad: String, _ message: String) throws {
        var text = "a,b,c\n"
        for i in 0..<20_000 { text += "k\(i % 7),\"x\ny\",\(i)\n" }
        text += bad + "z,1,2\n"
        try Self.expectReadersError(text, message: message, line: 40002, chunkBytes: 1)  // 64 KiB chunks at least
    }

    /// The same in a chunk without quotes, scanned in pieces: a piece that stops at a bad
    /// record sends the whole chunk to the parser.
    @Test("a bad record in a chunk scanned in pieces: the parser's error with the file's line", arguments: [
        ("1,2,3,4\n", "too many fields"), ("1\n", "too few fields"),
    ])
    func badRecordInPieces(_ bad: String, _ message: String) throws {
        var text = "a,b,c\n"
        for i in 0..<20_000 { text += "k\(i % 7),x,\(i)\r\n" }
        text += bad + "z,1,2\n"
        for i in 0..<20_000 { text += "k\(i % 7),x,\(i)\n" }
        try Self.expectReadersError(text, message: message, line: 20002, chunkBytes: 1 << 20)
    }
}
