import Foundation
import Testing
@testable import VantageCore

/// The split-over-cores paths of `Gather` and `Grouping.sortGroups` against one-line
/// sequential references, on arrays large enough to take the parallel path.
@Suite("Parallel gathers and group sorts")
struct ParallelOrderTests {
    static let rows = Gather.parallelThreshold * 3 + 17

    static func permutation(_ rng: inout PropertyTests.Rng, _ n: Int) -> [Int32] {
        var p = (0..<n).map(Int32.init)
        for i in stride(from: n - 1, to: 0, by: -1) { p.swapAt(i, rng.int(i + 1)) }
        return p
    }

    @Test("a parallel gather reads values[order[k]] for every k")
    func gatherMatchesReference() {
        var rng = PropertyTests.Rng(state: 41)
        for n in [0, 5, Gather.parallelThreshold - 1, Self.rows] {
            let values = (0..<n).map { _ in Int64(bitPattern: rng.next()) }
            let order = Self.permutation(&rng, n)
            #expect(Gather.values(values, at: order) == order.map { values[Int($0)] })
        }
    }

    @Test("a parallel scatter writes every key-order value to its row and fills the rest")
    func scatterMatchesReference() {
        var rng = PropertyTests.Rng(state: 42)
        for n in [3, Self.rows] {
            // A grouping's order leaves out rows without a key: take a subset.
            let order = Array(Self.permutation(&rng, n).prefix(n * 2 / 3))
            let buffer = SharedBuffer<Int32>(count: order.count, value: 0)
            for k in 0..<order.count { buffer.pointer[k] = Int32(rng.int(1000)) }
            var expected = [Int32](repeating: -1, count: n)
            for (k, r) in order.enumerated() { expected[Int(r)] = buffer.pointer[k] }
            #expect(Gather.scatter(buffer, to: order, rows: n, fill: -1) == expected)
        }
    }

    @Test("groups sorted on all cores equal a stable sort by (key, time, row)")
    func sortGroupsMatchesStableSort() {
        var rng = PropertyTests.Rng(state: 43)
        for keyCount in [1, 7, 5000] {
            let n = Self.rows
            // Mostly ascending times with ties and some out of order, as in real logs.
            let keys = (0..<n).map { _ in rng.int(50) == 0 ? Int32(-1) : Int32(rng.int(keyCount)) }
            let times = (0..<n).map { i in Int64(i / 3) - (rng.int(10) == 0 ? Int64(rng.int(1000)) : 0) }
            var g = Grouping(keys: keys, keyCount: keyCount)
            var fromGathered = g
            g.sortGroups(by: times)
            let expected = (0..<n).filter { keys[$0] >= 0 }.sorted {
                (keys[$0], times[$0], $0) < (keys[$1], times[$1], $1)
            }.map(Int32.init)
            #expect(g.order == expected)
            // The same order from times gathered first, which stay in step with it.
            var gathered = Gather.values(times, at: fromGathered.order)
            fromGathered.sortGroups(gathered: &gathered)
            #expect(fromGathered.order == expected)
            #expect(gathered == expected.map { times[Int($0)] })
        }
    }
}

/// The loader's one-ahead reader of view sources.
@Suite("Source prefetch")
struct SourcePrefetchTests {
    static func table(_ i: Int) -> (CSVTable, InputRecord) {
        (CSVTable(file: "f\(i)", header: ["k"], columns: [:], rowCount: i, recordLines: nil),
         InputRecord(role: "", source: "f\(i)", rows: i, bytes: nil, sha256: nil))
    }

    /// Waits (at most ten seconds) until `count` reads have started.
    static func wait(until count: Int, _ started: Locked<[Int]>) {
        let deadline = Date().addingTimeInterval(10)
        while started.withLock({ $0.count }) < count && Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
    }

    @Test("sources come in order, at most `ahead` read before they are taken")
    func inOrderAhead() throws {
        for ahead in [1, 2] {
            let started = Locked([Int]())
            let prefetch = SourcePrefetch(order: [3, 1, 2, 4], ahead: ahead) { i throws(VantageError) in
                started.withLock { $0.append(i) }
                return Self.table(i)
            }
            defer { prefetch.stop() }
            // Before anything is taken, only the first `ahead` sources may be read: once
            // they have started (on a loaded machine a background read may start late),
            // a moment more must not start another.
            Self.wait(until: ahead, started)
            Thread.sleep(forTimeInterval: 0.05)
            #expect(started.withLock { $0 } == Array([3, 1, 2, 4].prefix(ahead)))
            #expect(try prefetch.take(3).0.rowCount == 3)
            Self.wait(until: ahead + 1, started)
            Thread.sleep(forTimeInterval: 0.05)
            #expect(started.withLock { $0 } == Array([3, 1, 2, 4].prefix(ahead + 1)))
            #expect(try prefetch.take(1).0.rowCount == 1)
            #expect(try prefetch.take(2).1.source == "f2")
            #expect(try prefetch.take(4).1.source == "f4")
            #expect(started.withLock { $0 } == [3, 1, 2, 4])
        }
    }

    @Test("a failed read is the error of its take, and reading stops there")
    func errorSurfaces() {
        let started = Locked([Int]())
        let prefetch = SourcePrefetch(order: [1, 2, 3], ahead: 1) { i throws(VantageError) in
            started.withLock { $0.append(i) }
            if i == 2 { throw .io(path: "f2", message: "cannot read") }
            return Self.table(i)
        }
        defer { prefetch.stop() }
        #expect((try? prefetch.take(1))?.0.rowCount == 1)
        #expect(throws: VantageError.self) { _ = try prefetch.take(2) }
        Thread.sleep(forTimeInterval: 0.05)
        #expect(started.withLock { $0 } == [1, 2])
    }

    @Test("stopping before every source is taken ends the reader")
    func stopEarly() {
        let started = Locked([Int]())
        let prefetch = SourcePrefetch(order: [1, 2, 3], ahead: 1) { i throws(VantageError) in
            started.withLock { $0.append(i) }
            return Self.table(i)
        }
        Thread.sleep(forTimeInterval: 0.05)
        prefetch.stop()
        Thread.sleep(forTimeInterval: 0.05)
        #expect(started.withLock { $0 }.count <= 2)
    }
}
