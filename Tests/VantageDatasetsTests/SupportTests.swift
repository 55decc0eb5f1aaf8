// The building blocks: the CSV writer (header, separators, CRLF, quoting only
// when needed, null as an empty field, fixed-point numbers, the partial file and
// its rename), the random streams (reproducible, independent per stream, in
// range), the alias table against its weights, and exact apportionment.
import Foundation
import Testing

@testable import VantageDatasets

@Suite("CSV writer")
struct CSVWriterTests {
    @Test func writesRFC4180WithCRLF() throws {
        let directory = temporaryDirectory("csv")
        try _prepareDirectory(directory)
        let writer = try ScenarioCSVWriter(directory: directory, name: "t.csv", header: ["a", "b,c", "say \"hi\""])
        writer.int(-42)
        writer.null()
        writer.text("x\r\ny")
        try writer.endRow()
        writer.fixed(1234, decimals: 2)
        writer.fixed(-5, decimals: 1)
        writer.fixed(7, decimals: 0)
        try writer.endRow()
        writer.id("H", 7, width: 4)
        writer.literal("walk_in")
        writer.timestamp(instant("2024-03-01T00:00:00.250000Z"))
        writer.noteTime(5)
        writer.noteTime(-3)
        try writer.endRow()
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("t.csv").path))
        try writer.finish()
        let text = try String(contentsOf: directory.appendingPathComponent("t.csv"), encoding: .utf8)
        #expect(text == "a,\"b,c\",\"say \"\"hi\"\"\"\r\n-42,,\"x\r\ny\"\r\n12.34,-0.5,7\r\nH0007,walk_in,2024-03-01T00:00:00.250000Z\r\n")
        #expect(writer.rows == 3)
        #expect(writer.bytes == text.utf8.count)
        #expect(writer.timeRange == -3...5)
        #expect(try fileNames(directory) == ["t.csv"])
    }

    @Test func discardLeavesNothing() throws {
        let directory = temporaryDirectory("discard")
        try _prepareDirectory(directory)
        let writer = try ScenarioCSVWriter(directory: directory, name: "t.csv", header: ["a"])
        writer.int(1)
        try writer.endRow()
        writer.discard()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
}

@Suite("Random streams and apportionment")
struct RandomTests {
    @Test func sameSeedSameStream() {
        var a = Xoshiro256(seed: 7, stream: 2)
        var b = Xoshiro256(seed: 7, stream: 2)
        var c = Xoshiro256(seed: 7, stream: 3)
        let xs = (0..<100).map { _ in a.next() }
        #expect(xs == (0..<100).map { _ in b.next() })
        #expect(xs != (0..<100).map { _ in c.next() })
    }

    @Test func splitMixReferenceValues() {
        // SplitMix64 from seed 0 (reference implementation by Vigna).
        var mix = SplitMix64(seed: 0)
        #expect(mix.next() == 0xE220_A839_7B1D_CDAF)
        #expect(mix.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func drawsStayInRange() {
        var rng = Xoshiro256(seed: 1)
        for bound in [1, 2, 3, 7, 1000, Int(Int32.max)] {
            for _ in 0..<2000 {
                let x = rng.below(bound)
                #expect(x >= 0 && x < bound)
            }
        }
        for _ in 0..<10_000 {
            let u = rng.uniform()
            #expect(u >= 0 && u < 1)
            let k = rng.int(-3, 3)
            #expect(k >= -3 && k <= 3)
        }
    }

    @Test func aliasTableFollowsItsWeights() {
        let weights = [1.0, 0, 3, 6]
        let table = AliasTable(weights: weights)
        var rng = Xoshiro256(seed: 5)
        var counts = [0, 0, 0, 0]
        let n = 200_000
        for _ in 0..<n { counts[table.draw(&rng)] += 1 }
        #expect(counts[1] == 0)
        for i in weights.indices {
            let expected = weights[i] / 10
            #expect(abs(Double(counts[i]) / Double(n) - expected) < 0.005, "index \(i): \(counts[i])")
        }
    }

    @Test(arguments: [0, 1, 59, 60, 61, 10_007, 1_000_000])
    func apportionIsExact(total: Int) {
        let weights = (0..<60).map { Double(1 + $0 % 7) }
        let parts = TrafficCalendar.apportion(total, weights: weights)
        #expect(parts.reduce(0, +) == total)
        for (i, part) in parts.enumerated() {
            let quota = Double(total) * weights[i] / weights.reduce(0, +)
            #expect(abs(Double(part) - quota) < 1)
        }
    }
}
