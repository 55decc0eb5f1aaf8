import Foundation
import Testing
@testable import VantageCore

/// The lengths in the spill files (`ShortLength`): one byte below 255, else 255 and four
/// bytes. Every value round-trips on both sides of that edge, through a sink, a run read
/// back in pieces, and a spilled join whose keys and features cross it.
@Suite("spill file lengths")
struct ShortLengthTests {
    static let sizes = [0, 1, 254, 255, 256, 1_000, 70_000]

    static func value(_ n: Int) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) } }

    @Test("lengths written ahead or after the value decode to the value, at every size")
    func roundTrip() {
        var sink = ByteSink(capacity: 16)
        defer { sink.free() }
        for n in Self.sizes {
            sink.shortLength(n)
            Self.value(n).withUnsafeBufferPointer { if n > 0 { sink.bytes($0.baseAddress!, n) } }
            let at = sink.count
            sink.byte(0)
            Self.value(n).withUnsafeBufferPointer { if n > 0 { sink.bytes($0.baseAddress!, n) } }
            sink.finishShortLength(at: at)
        }
        var pos = 0
        for n in Self.sizes {
            for _ in 0..<2 {
                guard let (length, size) = ShortLength.decode(sink.base + pos, available: sink.count - pos) else {
                    Issue.record("size \(n): no length")
                    return
                }
                #expect(length == n)
                #expect(size == (n < 255 ? 1 : 5))
                #expect(Array(UnsafeBufferPointer(start: sink.base + pos + size, count: length)) == Self.value(n))
                pos += size + length
            }
        }
        #expect(pos == sink.count)
        // Cut short: no length.
        var long = ByteSink(capacity: 16)
        defer { long.free() }
        long.shortLength(300)
        #expect(ShortLength.decode(long.base, available: 4) == nil)
        #expect(ShortLength.decode(long.base, available: 0) == nil)
    }

    @Test("a run's fragments read back whole, the reader's buffer smaller or larger than them", arguments: [64, 1 << 18])
    func runFragments(capacity: Int) throws {
        let dir = try SpillTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let folder = try SpillFolder(parent: dir, needed: 0)
        let path = folder.file("run")
        let w = try SpillWriter(path, folder: folder)
        for n in Self.sizes {
            try w.append { s in
                let at = s.count
                s.byte(0)
                Self.value(n).withUnsafeBufferPointer { if n > 0 { s.bytes($0.baseAddress!, n) } }
                s.finishShortLength(at: at)
            }
        }
        try w.close()
        let r = try SpillReader(path, capacity: capacity)
        var out = ByteSink(capacity: 16)
        defer { out.free() }
        for n in Self.sizes {
            out.clear()
            #expect(r.fragment(into: &out))
            #expect(Array(UnsafeBufferPointer(start: out.base, count: out.count)) == Self.value(n), "size \(n)")
        }
        #expect(try r.atEnd())
    }

    @Test("a spilled join with keys and features of 254 to 300 bytes: the in-memory bytes")
    func longKeysAndValues() throws {
        let dir = try SpillTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func text(_ n: Int, _ c: Character) -> String { String(repeating: c, count: n) }
        var spine = "k,t\n", view = "k,ts,x\n"
        for (i, n) in [254, 255, 256, 300, 3].enumerated() {
            let key = text(n, Character(UnicodeScalar(UInt8(97 + i))))
            spine += "\(key),2024-01-02T00:00:00Z\n\"\(key),q\",2024-01-02T00:00:00Z\n"
            view += "\(key),2024-01-01T00:00:00Z,\(text(n, "v"))\n\"\(key),q\",2024-01-01T00:00:00Z,\"\(text(n - 1, "w")),\"\n"
        }
        try spine.write(toFile: dir + "/spine.csv", atomically: true, encoding: .utf8)
        try view.write(toFile: dir + "/f.csv", atomically: true, encoding: .utf8)
        let spec = try SpecDecoder.decode(text: """
            version: 1
            spine: {path: spine.csv, keys: [k], time: t}
            views:
              - {name: f, path: f.csv, keys: [k], time: ts, features: [x]}
            """, path: "spec.yaml", baseDirectory: dir)
        for partitions in [1, 3] {
            let r = try SpillTests.both(spec, level: .realtime, partitions: partitions)
            guard case let .success(a) = r.memory, case let .success(b) = r.spilled else {
                Issue.record("\(r.memory) vs \(r.spilled)")
                return
            }
            #expect(a == b)
            #expect(String(decoding: a, as: UTF8.self).contains(text(300, "v")))
            #expect(r.left.isEmpty)
        }
    }
}
