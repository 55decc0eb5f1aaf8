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
    /// Keys written as plain decimal numbers (`0`, or `1`–`9` then digits; no sign, no
    /// leading zero) below `dense.count` are found by their value: `dense[value]` is
    /// id + 1, 0 when absent. Such text and its number determine each other, so this is
    /// still exact byte matching, at one access into a small array instead of a hash
    /// probe into a large one (ids of a million cards: 4 MB against 32 MB). The array
    /// grows only while it stays within `densePerKey` entries per key; numbers beyond it
    /// are hashed, and remembered in `numbersBeyond` so that a later growth takes them in.
    private var dense: [Int32] = []
    private var numbersBeyond: [(value: Int, id: Int32)] = []
    static let denseLimit = 1 << 26
    /// 32, not fewer: a spilling join's partition holds one key in P of a space spread
    /// over the whole range of values, so its keys are P times sparser than the file's;
    /// at 100M events (22 partitions) a limit of 8 sent every key of every partition
    /// through the hash table (four times the cost per key).
    static let densePerKey = 32

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

    /// Interns every field of `column` in row order into `out` (-1 for an empty field):
    /// the ids `intern` would give row by row. Runs of keys already in `dense` are looked
    /// up through one raw view of it, with no reference counting or access checks per
    /// row; any other key goes through `intern`, which may grow `dense`, so the view is
    /// taken again after it.
    mutating func internAll(_ column: TextColumn, into out: UnsafeMutablePointer<Int32>) {
        let rows = column.count
        coverSampledNumbers(of: column)
        var r = 0
        column.bytes.withUnsafeBufferPointer { cb in
        column.offsets.withUnsafeBufferPointer { co in
            let bytes = cb.baseAddress ?? UnsafePointer(bitPattern: 1)!
            while r < rows {
                dense.withUnsafeBufferPointer { dn in
                    while r < rows {
                        let s = Int(co[r]), e = Int(co[r &+ 1])
                        if s == e {
                            out[r] = -1
                        } else if let v = Self.plainNumber(bytes + s, e &- s), v < dn.count, dn[v] > 0 {
                            out[r] = dn[v] &- 1
                        } else {
                            return
                        }
                        r &+= 1
                    }
                }
                guard r < rows else { break }
                let s = Int(co[r]), e = Int(co[r &+ 1])
                out[r] = intern(UnsafeBufferPointer(start: bytes + s, count: e &- s))
                r &+= 1
            }
        }}
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
        dense.withUnsafeBufferPointer { dn in
            let arenaBase = a.baseAddress ?? UnsafePointer(bitPattern: 1)!
            let bytes = cb.baseAddress ?? UnsafePointer(bitPattern: 1)!
            for r in rows {
                let s = Int(co[r]), e = Int(co[r &+ 1])
                if s == e { out[r] = -1; continue }
                if let v = Self.plainNumber(bytes + s, e &- s), v < dn.count {
                    out[r] = dn[v] &- 1
                    continue
                }
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
        }}}}}}
    }

    /// The value of a key written as a plain decimal number of at most 8 digits, else nil.
    @inline(__always)
    static func plainNumber(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        guard n > 0, n <= 8 else { return nil }
        if n > 1 && p[0] == 48 { return nil }  // a leading zero: "007" is not "7"
        var v = 0
        var i = 0
        while i < n {
            let d = p[i] &- 48
            guard d < 10 else { return nil }
            v = v &* 10 &+ Int(d)
            i &+= 1
        }
        return v
    }

    /// The id of `p`, or nil when it was never interned.
    public func find(_ p: UnsafeBufferPointer<UInt8>) -> Int32? {
        if let b = p.baseAddress, let v = Self.plainNumber(b, p.count), v < dense.count {
            return dense[v] > 0 ? dense[v] - 1 : nil
        }
        return probe(p, hash: Self.hash(p)).id
    }

    /// The id of `p`, adding it if new.
    public mutating func intern(_ p: UnsafeBufferPointer<UInt8>) -> Int32 {
        let number = p.baseAddress.flatMap { Self.plainNumber($0, p.count) }
        if let v = number, v < dense.count { if dense[v] > 0 { return dense[v] - 1 } }
        let h = Self.hash(p)
        let (slot, found) = probe(p, hash: h)
        if let found { return found }
        let id = hashes.count
        if let v = number {
            if v >= dense.count { growDense(toCover: v, keys: id + 1) }
            if v < dense.count { dense[v] = Int32(id + 1) } else { numbersBeyond.append((v, Int32(id))) }
        }
        arena.append(contentsOf: p)
        starts.append(arena.count)
        hashes.append(h)
        slots[slot] = Self.tag(h) | UInt64(id + 1)
        if hashes.count * 2 > slots.count { grow() }
        return Int32(id)
    }

    /// Sizes `dense`, before a column is interned, for the largest plain number among
    /// evenly spaced rows of it, when that is at most `densePerRow` entries per row.
    ///
    /// Why: `dense` otherwise grows with the keys interned, so a column whose numbers are
    /// sparse covers them only once most of its keys are in, and until then every row,
    /// repeated keys too, went through the hash table. A spilling join's partition is such
    /// a column (at 100M events: 4.3M rows, 0.4M cards numbered up to 10M), where the
    /// hashing was a tenth of the partitions' work.
    private mutating func coverSampledNumbers(of column: TextColumn) {
        let rows = column.count
        guard rows > 0 else { return }
        let step = max(1, rows / 4096)
        var largest = -1
        column.bytes.withUnsafeBufferPointer { cb in
        column.offsets.withUnsafeBufferPointer { co in
            guard let bytes = cb.baseAddress else { return }
            for r in stride(from: 0, to: rows, by: step) {
                if let v = Self.plainNumber(bytes + Int(co[r]), Int(co[r + 1] - co[r])) { largest = max(largest, v) }
            }
        }}
        guard largest >= dense.count, largest < min(Self.sizedAheadLimit, Self.densePerRow * rows) else { return }
        resizeDense(largest + 1)
    }

    /// At most this many `dense` entries per row of a column sized ahead
    /// (`coverSampledNumbers`), and at most 64 MiB of them: a column of many rows and few
    /// keys may have large numbers.
    static let densePerRow = 4
    static let sizedAheadLimit = 1 << 24

    /// Grows `dense` to cover `value` if it then holds at most `densePerKey` entries per key, taking
    /// in the numbers hashed before because they lay beyond it.
    private mutating func growDense(toCover value: Int, keys: Int) {
        let size = max(value + 1, dense.count * 2)
        guard size <= max(1 << 16, Self.densePerKey * keys), size <= Self.denseLimit else { return }
        resizeDense(size)
    }

    /// Grows `dense` to `size` entries, taking in the numbers hashed before because they
    /// lay beyond it.
    private mutating func resizeDense(_ size: Int) {
        dense += [Int32](repeating: 0, count: size - dense.count)
        var beyond = [(value: Int, id: Int32)]()
        for entry in numbersBeyond {
            if entry.value < size { dense[entry.value] = entry.id + 1 } else { beyond.append(entry) }
        }
        numbersBeyond = beyond
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
