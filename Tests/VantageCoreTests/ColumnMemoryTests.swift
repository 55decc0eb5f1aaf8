#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import VantageCore

@Suite("Column memory and byte copies")
struct ColumnMemoryTests {
    /// Every length a field can have up to well past the inline tiers, at every alignment
    /// of source and destination: the bytes copied equal the source, and the bytes
    /// around the destination are untouched.
    @Test func smallCopiesMatchMemcpy() {
        let source = (0..<256).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        var dest = [UInt8](repeating: 0, count: 256)
        source.withUnsafeBufferPointer { src in
            for n in 0...130 {
                for from in 0..<8 {
                    for to in 0..<8 {
                        for i in dest.indices { dest[i] = 0xEE }
                        dest.withUnsafeMutableBufferPointer { d in ByteSink.copy(d.baseAddress! + to, src.baseAddress! + from, n) }
                        #expect(Array(dest[to..<(to + n)]) == Array(source[from..<(from + n)]), "length \(n)")
                        #expect(dest[..<to].allSatisfy { $0 == 0xEE } && dest[(to + n)...].allSatisfy { $0 == 0xEE }, "length \(n)")
                    }
                }
            }
        }
    }

    @Test func sinkAppendsFieldsOfEveryLength() {
        var sink = ByteSink(capacity: 64)
        defer { sink.free() }
        var expected = [UInt8]()
        for n in 0...100 {
            let field = (0..<n).map { UInt8(truncatingIfNeeded: 65 &+ $0 &+ n) }
            field.withUnsafeBufferPointer { f in sink.bytes(f.baseAddress ?? UnsafePointer(bitPattern: 1)!, n) }
            expected += field
        }
        #expect(Array(UnsafeBufferPointer(start: sink.base, count: sink.count)) == expected)
    }

    /// A copy shares the block until one of them is written; the other keeps its values.
    @Test func copiesOnWrite() {
        var a = ColumnMemory<UInt32>([1, 2, 3])
        let b = a
        a.append(4)
        #expect(a.count == 4 && b.count == 3)
        #expect((0..<3).map { b[$0] } == [1, 2, 3])
        #expect((0..<4).map { a[$0] } == [1, 2, 3, 4])
        var c = a
        c.append(contentsOf: [5, 6])
        c.shrinkToFit()
        #expect(a.count == 4 && c.count == 6)
        #expect(c.withUnsafeBufferPointer { Array($0) } == [1, 2, 3, 4, 5, 6])
    }

    /// A block taken over from a builder keeps its values, also after spare room is given back.
    @Test func adoptsABuildersMemory() throws {
        let n = 40_000
        let p = try #require(malloc(n * 4 * 4)).assumingMemoryBound(to: UInt32.self)
        for i in 0..<n { p[i] = UInt32(i * 3) }
        var m = ColumnMemory(adopting: p, count: n, capacity: n * 4)
        #expect(m.count == n && m[n - 1] == UInt32((n - 1) * 3))
        m.append(7)
        #expect(m.count == n + 1 && m[n] == 7 && m[12] == 36)
    }

    /// A finished builder hands its fields over and can build again from empty.
    @Test func finishedBuilderStartsAgain() {
        var b = ColumnBuilder(rows: 4, bytes: 16)
        defer { b.free() }
        for f in ["ab", "", "c,d"] {
            let bytes = Array(f.utf8)
            bytes.withUnsafeBufferPointer { b.append($0, 0, $0.count) }
            b.endField()
        }
        let first = b.finish()
        #expect((0..<3).map { first.value($0) } == ["ab", nil, "c,d"])
        #expect(!first.plain)
        #expect(b.rows == 0 && b.bytes.count == 0)
        let x = Array("x".utf8)
        x.withUnsafeBufferPointer { b.append($0, 0, 1) }
        b.endField()
        let second = b.finish()
        #expect(second.count == 1 && second.value(0) == "x" && second.plain)
        #expect(first.value(2) == "c,d")
    }
}
