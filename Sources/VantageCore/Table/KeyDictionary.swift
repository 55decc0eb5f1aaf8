/// Interns byte strings to dense `Int32` ids (0, 1, 2, …) with an open-addressing hash
/// table over a byte arena, so key matching runs on integers and no `String` is built per
/// row. Keys compare as exact bytes (docs/semantics.md, "Keys": `"007"` ≠ `"7"`, NFC ≠ NFD).
///
/// - Complexity: expected O(length) per `intern` / `find`.
public struct KeyDictionary: Sendable {
    private var arena: [UInt8] = []
    private var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Slot → id + 1 (0 = empty).
    private var slots: [Int32]
    private var mask: Int

    public init(expectedCount: Int = 1024) {
        var size = 16
        while size < expectedCount * 2 { size <<= 1 }
        slots = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    public var count: Int { hashes.count }

    public func key(_ id: Int32) -> String {
        String(decoding: arena[starts[Int(id)]..<starts[Int(id) + 1]], as: UTF8.self)
    }

    
    static func hash(_ p: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(p.count)
        var i = 0
        let n = p.count
        let raw = UnsafeRawBufferPointer(p)
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(p[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 31
        return h
    }

    private func equals(_ id: Int, _ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let s = starts[id], e = starts[id + 1]
        guard e - s == p.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            p.count == 0 || memcmp(a.baseAddress! + s, p.baseAddress!, p.count) == 0
        }
    }

    /// The id of `p`, or nil when it was never interned.
    public func find(_ p: UnsafeBufferPointer<UInt8>) -> Int32? {
        let h = Self.hash(p)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[slot]
            if s == 0 { return nil }
            let id = Int(s - 1)
            if hashes[id] == h && equals(id, p) { return Int32(id) }
            slot = (slot + 1) & mask
        }
    }

    /// The id of `p`, adding it if new.
    public mutating func intern(_ p: UnsafeBufferPointer<UInt8>) -> Int32 {
        let h = Self.hash(p)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[slot]
            if s == 0 { break }
            let id = Int(s - 1)
            if hashes[id] == h && equals(id, p) { return Int32(id) }
            slot = (slot + 1) & mask
        }
        let id = hashes.count
        arena.append(contentsOf: p)
        starts.append(arena.count)
        hashes.append(h)
        slots[slot] = Int32(id + 1)
        if hashes.count * 2 > slots.count { grow() }
        return Int32(id)
    }

    private mutating func grow() {
        let size = slots.count * 2
        var fresh = [Int32](repeating: 0, count: size)
        let m = size - 1
        for (id, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h) & m
            while fresh[slot] != 0 { slot = (slot + 1) & m }
            fresh[slot] = Int32(id + 1)
        }
        slots = fresh
        mask = m
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
