import Testing
@testable import VantageCore

@Suite("CSV reader")
struct CSVReaderTests {
    func parse(_ s: String) throws -> CSVTable { try CSVReader.parse(Array(s.utf8), file: "x.csv") }

    @Test func quotedFieldsAndLineEnds() throws {
        let t = try parse("\u{FEFF}a,b\r\n\"1,2\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",\r\n")
        #expect(t.header == ["a", "b"])
        #expect(t.rowCount == 2)
        #expect(t.columns[0]!.value(0) == "1,2")
        #expect(t.columns[1]!.value(0) == "say \"hi\"")
        #expect(t.columns[0]!.value(1) == "multi\nline")
        #expect(t.columns[1]!.value(1) == nil)
        #expect(t.line(ofRow: 1) == 3)
    }

    @Test func quotedEmptyIsNull() throws {
        let t = try parse("a,b\n\"\",x\n")
        #expect(t.columns[0]!.isNull(0))
    }

    @Test func noTrailingNewline() throws {
        let t = try parse("a,b\n1,2")
        #expect(t.rowCount == 1)
        #expect(t.columns[1]!.value(0) == "2")
    }

    @Test("errors name line and column", arguments: [
        ("", 1, 0, "empty"),
        ("a,b\n1,2,3\n", 2, 3, "too many fields"),
        ("a,b\n1\n", 2, 1, "too few fields"),
        ("a,b\n1,\"open\n", 2, 2, "unterminated"),
        ("a,a\n1,2\n", 1, 2, "duplicate column"),
        ("a,b\n\"x\"y,2\n", 2, 1, "after a closing quote"),
    ])
    func errors(_ text: String, _ line: Int, _ column: Int, _ words: String) {
        #expect {
            _ = try parse(text)
        } throws: { e in
            guard case let .input(file, l, c, message) = e as? VantageError else { return false }
            return file == "x.csv" && l == line && c == column && message.contains(words)
        }
    }

    @Test func missingRequestedColumn() {
        #expect(throws: VantageError.self) { _ = try CSVReader.parse(Array("a,b\n".utf8), file: "x.csv", keep: ["c"]) }
    }

    @Test func numbers() {
        func n(_ s: String) -> Double? { var c = s; return c.withUTF8 { NumberParser.parse($0) } }
        #expect(n("-2.5") == -2.5)
        #expect(n("10") == 10)
        #expect(n("1e3") == 1000)
        #expect(n("1E-7") == 1e-7)
        #expect(n("2.5e+2") == 250)
        #expect(n("0.1") == 0.1)
        #expect(n("123456789012345678901234") == 123456789012345678901234.0)
        #expect(n("3.141592653589793238") == 3.141592653589793)
        for bad in ["abc", "1e", "--1", "1.2.3", "nan", "inf", "0x10", " 1", "1 "] { #expect(n(bad) == nil, "\(bad)") }
    }
}

@Suite("Number output")
struct NumberOutputTests {
    func text(_ v: Double) -> String {
        var sink = ByteSink(capacity: 64)
        defer { sink.free() }
        sink.real(v)
        return String(decoding: sink.takeArray(), as: UTF8.self)
    }

    @Test func shortestForms() {
        #expect(text(2) == "2")
        #expect(text(-0.0) == "0")
        #expect(text(12.34) == "12.34")
        #expect(text(-0.5) == "-0.5")
        #expect(text(0.05) == "0.05")
        #expect(text(100.25) == "100.25")
        #expect(text(0.1 + 0.2) == "0.30000000000000004")
        #expect(text(1e-7) == "1e-07")
        #expect(text(123456.000001) == "123456.000001")
    }

    @Test func everyValueReadsBack() {
        var state: UInt64 = 42
        for i in 0..<200_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let bits = state
            var v: Double
            switch i % 4 {
            case 0: v = Double(bitPattern: bits)
            case 1: v = Double(Int64(bitPattern: bits) % 10_000_000) / 100
            case 2: v = Double(Int64(bitPattern: bits) % 1_000_000_000) / 1e6
            default: v = (Double(bits % 1_000_000) / 7) * (i % 8 == 3 ? -1 : 1)
            }
            guard v.isFinite else { continue }
            let t = text(v)
            #expect(Double(t) == v, "\(v) printed as \(t)")
            if Double(t) != v { return }
        }
    }
}

@Suite("Chunked CSV parsing")
struct ChunkedCSVTests {
    func chunked(_ text: String) throws -> CSVTable? {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buf throws(VantageError) in try CSVParser.chunked(buf, file: "x.csv", keep: nil, parts: 2) }
    }

    @Test func regularFileParsesTheSameInChunks() throws {
        let text = "a,b\n" + (0..<50).map { "\($0),\"v,\($0)\"\n" }.joined()
        let t = try #require(try chunked(text))
        let s = try CSVReader.parse(Array(text.utf8), file: "x.csv")
        #expect(t.rowCount == 50 && s.rowCount == 50)
        for r in 0..<50 { #expect(t.columns[1]!.value(r) == s.columns[1]!.value(r)) }
    }

    @Test func aQuotedLineBreakEndingAChunkFallsBackToSequential() throws {
        // The multi-line record ends exactly at the cut, so no chunk overruns; the chunked
        // parse must still refuse it, or every later line number would be off by one.
        let text = "a,b\n" + String(repeating: "1,x\n", count: 10) + "2,\"p\nq\"\n" + String(repeating: "3,y\n", count: 11)
        #expect(try chunked(text) == nil)
        let s = try CSVReader.parse(Array(text.utf8), file: "x.csv")
        #expect(s.rowCount == 22)
        #expect(s.line(ofRow: 11) == 14)
    }

    /// The word-at-a-time field scan against a byte loop, from every start, on bytes that
    /// include the delimiters, their neighbours (`+` `-` VT so a near miss is tried), NUL,
    /// 0x80 and above (UTF-8), at every distance from an 8-byte word edge.
    @Test func delimiterScanMatchesByteLoop() {
        var rng = PropertyTests.Rng(state: 77)
        let alphabet: [UInt8] = [44, 10, 13, 43, 45, 11, 12, 9, 14, 0, 1, 0x80, 0xAC, 0x8A, 0xFF, 34, 97, 0x2C ^ 0x80]
        for _ in 0..<400 {
            let n = rng.int(40)
            let bytes = (0..<n).map { _ in rng.int(3) == 0 ? alphabet[rng.int(alphabet.count)] : UInt8(97 + rng.int(26)) }
            bytes.withUnsafeBufferPointer { buf in
                for from in 0...n {
                    var naive = from
                    while naive < n, ![44, 10, 13].contains(buf[naive]) { naive += 1 }
                    #expect(CSVParser.delimiter(in: buf, from: from) == naive, "\(bytes) from \(from)")
                }
            }
        }
    }
}
