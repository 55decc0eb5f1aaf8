/// Interns byte strings to dense `Int32` ids (0, 1, 2, …) with an open-addressing hash
/// table over a byte arena, so key matching runs on integers and no `String` is built per
/// row. Keys compare as exact bytes (docs/semantics.md, "Keys": `"007"` ≠ `"7"`, NFC ≠ NFD).
///
/// - Complexity: expected O(length) per `intern` / `find`.
public struct KeyDictionary: Sendable {
    private var arena: [UInt8] = []
    private var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Slot → the hash's high 32 bits, then id + 1 in the low 32 (0 = empty): a probe
    /// rejects most other keys on the slot alone, without touching `hashes` or the arena
    /// (each a cache miss on a table of a million keys).
    private var slots: [UInt64]
    private var mask: Int

    public init(expectedCount: Int = 1024) {
        var size = 16
        while size < expectedCount * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
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
        guard let b = p.baseAddress, p.count > 0 else { return true }
        return arena.withUnsafeBufferPointer { a in Self.same(a.baseAddress! + s, b, p.count) }
    }

    /// Byte equality of short keys in 8-byte words, inline (a `memcmp` call costs more
    /// than comparing a typical 6-byte id).
    @inline(__always)
    static func same(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        while i &+ 8 <= n {
            if UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self) { return false }
            i &+= 8
        }
        while i < n {
            if a[i] != b[i] { return false }
            i &+= 1
        }
        return true
    }

    @inline(__always)
    private static func tag(_ h: UInt64) -> UInt64 { h & 0xFFFF_FFFF_0000_0000 }

    /// The slot holding `p`, or the empty slot where it would go.
    @inline(__always)
    private func probe(_ p: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> (slot: Int, id: Int32?) {
        let t = Self.tag(h)
        var slot = Int(truncatingIfNeeded: h) & mask
        return slots.withUnsafeBufferPointer { sl in
            while true {
                let s = sl[slot]
                if s == 0 { return (slot, nil) }
                if s & 0xFFFF_FFFF_0000_0000 == t {
                    let id = Int(s & 0xFFFF_FFFF) - 1
                    if equals(id, p) { return (slot, Int32(id)) }
                }
                slot = (slot &+ 1) & mask
            }
        }
    }

    /// The ids of fields `rows` of `column` into `out[rows]`: -1 for an empty field or a
    /// key never interned. One set of raw views for the whole range, so the loop does no
    /// reference counting (shared between threads, that would bounce cache lines).
    func findAll(_ column: TextColumn, rows: Range<Int>, into out: UnsafeMutablePointer<Int32>) {
        arena.withUnsafeBufferPointer { a in
        starts.withUnsafeBufferPointer { st in
        slots.withUnsafeBufferPointer { sl in
        column.bytes.withUnsafeBufferPointer { cb in
        column.offsets.withUnsafeBufferPointer { co in
            let arenaBase = a.baseAddress ?? UnsafePointer(bitPattern: 1)!
            let bytes = cb.baseAddress ?? UnsafePointer(bitPattern: 1)!
            for r in rows {
                let s = Int(co[r]), e = Int(co[r &+ 1])
                if s == e { out[r] = -1; continue }
                let p = UnsafeBufferPointer(start: bytes + s, count: e &- s)
                let h = Self.hash(p)
                let t = Self.tag(h)
                var slot = Int(truncatingIfNeeded: h) & mask
                var found: Int32 = -1
                while true {
                    let v = sl[slot]
                    if v == 0 { break }
                    if v & 0xFFFF_FFFF_0000_0000 == t {
                        let id = Int(v & 0xFFFF_FFFF) &- 1
                        let ks = st[id], ke = st[id &+ 1]
                        if ke &- ks == p.count && Self.same(arenaBase + ks, p.baseAddress!, p.count) {
                            found = Int32(id)
                            break
                        }
                    }
                    slot = (slot &+ 1) & mask
                }
                out[r] = found
            }
        }}}}}
    }

    /// The id of `p`, or nil when it was never interned.
    public func find(_ p: UnsafeBufferPointer<UInt8>) -> Int32? {
        probe(p, hash: Self.hash(p)).id
    }

    /// The id of `p`, adding it if new.
    public mutating func intern(_ p: UnsafeBufferPointer<UInt8>) -> Int32 {
        let h = Self.hash(p)
        let (slot, found) = probe(p, hash: h)
        if let found { return found }
        let id = hashes.count
        arena.append(contentsOf: p)
        starts.append(arena.count)
        hashes.append(h)
        slots[slot] = Self.tag(h) | UInt64(id + 1)
        if hashes.count * 2 > slots.count { grow() }
        return Int32(id)
    }

    private mutating func grow() {
        let size = slots.count * 2
        var fresh = [UInt64](repeating: 0, count: size)
        let m = size - 1
        for (id, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h) & m
            while fresh[slot] != 0 { slot = (slot + 1) & m }
            fresh[slot] = Self.tag(h) | UInt64(id + 1)
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
