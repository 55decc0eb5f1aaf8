import Foundation
import Testing
@testable import VantageCore

@Suite("Work spread over cores")
struct ConcurrencyTests {
    @Test func parallelMapKeepsOrder() {
        #expect(ParallelMap.run(0) { $0 }.isEmpty)
        #expect(ParallelMap.run(1) { $0 * 3 } == [0])
        #expect(ParallelMap.run(1000) { $0 * $0 } == (0..<1000).map { $0 * $0 })
    }

    @Test func coreCountIsTheActiveProcessorCountUncapped() {
        #expect(ProcessInfoCores.count == max(1, ProcessInfo.processInfo.activeProcessorCount))
    }

    /// A spine with a composite key whose parts repeat, so pair maps are built too.
    static func spine(rows: Int) throws -> CSVTable {
        var text = "a,b,t\n"
        for r in 0..<rows { text += "a\(r % 37),\(r % 5 == 0 ? "" : "b\(r % 11)"),2024-01-01T00:00:00Z\n" }
        return try CSVReader.parse(Array(text.utf8), file: "spine.csv")
    }

    /// Many threads asking one fresh encoder for key spaces and view encodings at once get
    /// what a single thread gets (the caches are filled under a lock).
    @Test func keyEncoderIsSafeToShareWhileItsCachesFill() throws {
        let spine = try Self.spine(rows: 5000)
        let view = try CSVReader.parse(Array("a,b\na3,b3\na36,b2\na1,\nzz,b1\na0,b0\n".utf8), file: "view.csv")
        let viewColumns = [view.columns[0]!, view.columns[1]!]
        let keySets = [["a"], ["b"], ["a", "b"], ["b", "a"]]
        let reference = KeyEncoder(spine: spine)
        let expected = keySets.map { (reference.space($0).spineIds, reference.encode(view: $0 == ["b", "a"] ? viewColumns.reversed() : viewColumns, rows: view.rowCount, spineColumns: $0)) }
        for _ in 0..<20 {
            let shared = KeyEncoder(spine: spine)
            let got = ParallelMap.run(64) { i in
                let keys = keySets[i % keySets.count]
                let columns = keys == ["b", "a"] ? Array(viewColumns.reversed()) : viewColumns
                return (shared.space(keys).spineIds, shared.encode(view: columns, rows: view.rowCount, spineColumns: keys))
            }
            for (i, g) in got.enumerated() {
                #expect(g.0 == expected[i % keySets.count].0)
                #expect(g.1 == expected[i % keySets.count].1)
            }
        }
    }
}

@Suite("Stage trace")
struct TraceTests {
    @Test func durationNeverWrapsBelowZero() {
        #expect(Trace.milliseconds(from: 5_000_000, to: 2_000_000) == 0)
        #expect(Trace.milliseconds(from: 1_000_000, to: 3_500_000) == 2.5)
        #expect(Trace.milliseconds(from: .max, to: 0) == 0)
        #expect(Trace.line(Trace.milliseconds(from: 10, to: 5), "x") == "[     0.0 ms] x\n")
    }

    @Test func firstElapsedReadingIsSmallAndNotNegative() {
        let ms = Trace.elapsedSinceStart()
        #expect(ms >= 0 && ms < 3_600_000)
    }
}
