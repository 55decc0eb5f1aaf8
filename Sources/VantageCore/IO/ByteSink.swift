import CPrefetch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable byte buffer on raw memory: appends cost a bounds check and a copy, without
/// the uniqueness and capacity checks of `Array.append` that dominate per-field loops.
/// Owned by one thread; `takeArray()` hands the bytes over as an `[UInt8]`.
struct ByteSink {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = max(64, capacity)
        base = Self.allocate(self.capacity)
    }

    /// Releases the memory; call exactly once, when done.
    func free() { releaseMemory(base) }

    /// Hands the memory over (the new owner frees it) and starts again, empty, on fresh memory.
    mutating func take() -> (base: UnsafeMutablePointer<UInt8>, count: Int, capacity: Int) {
        defer {
            capacity = 64
            base = Self.allocate(capacity)
            count = 0
        }
        return (base, count, capacity)
    }

    /// `malloc`, so that growing can `realloc`: a large block then grows in place or by
    /// remapping its pages, without a second copy of a column's bytes resident meanwhile.
    private static func allocate(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        guard let p = malloc(n) else { fatalError("out of memory allocating \(n) bytes") }
        return p.assumingMemoryBound(to: UInt8.self)
    }

    @inline(__always)
    mutating func reserve(_ extra: Int) {
        // `count` and `extra` are sizes of allocated memory: their sum cannot wrap.
        if count &+ extra > capacity { grow(count &+ extra) }
    }

    private mutating func grow(_ needed: Int) {
        var c = capacity * 2
        while c < needed { c *= 2 }
        guard let fresh = realloc(base, c) else { fatalError("out of memory growing a buffer to \(c) bytes") }
        base = fresh.assumingMemoryBound(to: UInt8.self)
        capacity = c
    }

    // After `reserve(k)`, `count + k <= capacity`, so the writes below use wrapping
    // arithmetic: it cannot wrap, and it keeps the per-byte paths free of overflow branches.

    @inline(__always)
    mutating func byte(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count &+= 1
    }

    @inline(__always)
    mutating func bytes(_ p: UnsafePointer<UInt8>, _ n: Int) {
        reserve(n)
        Self.copy(base + count, p, n)
        count &+= n
    }

    /// Copies `n` bytes, the short runs of a CSV field (most are under 16 bytes) inline as
    /// two overlapping loads and stores instead of a call to `memcpy` per field, which
    /// cost more than the copy itself in the parser's and the writer's per-field loops.
    /// Reads and writes only `src[0..<n]` and `dst[0..<n]`.
    @inline(__always)
    static func copy(_ dst: UnsafeMutablePointer<UInt8>, _ src: UnsafePointer<UInt8>, _ n: Int) {
        let d = UnsafeMutableRawPointer(dst), s = UnsafeRawPointer(src)
        if n >= 8 {
            if n > 16 {
                if n > 64 {
                    memcpy(dst, src, n)
                } else if n > 32 {
                    // The first 32 and the last 32 bytes (a whole spine record, say).
                    let a = s.loadUnaligned(as: SIMD16<UInt8>.self), b = s.loadUnaligned(fromByteOffset: 16, as: SIMD16<UInt8>.self)
                    let c = s.loadUnaligned(fromByteOffset: n &- 32, as: SIMD16<UInt8>.self)
                    let e = s.loadUnaligned(fromByteOffset: n &- 16, as: SIMD16<UInt8>.self)
                    d.storeBytes(of: a, as: SIMD16<UInt8>.self)
                    d.storeBytes(of: b, toByteOffset: 16, as: SIMD16<UInt8>.self)
                    d.storeBytes(of: c, toByteOffset: n &- 32, as: SIMD16<UInt8>.self)
                    d.storeBytes(of: e, toByteOffset: n &- 16, as: SIMD16<UInt8>.self)
                } else {
                    let a = s.loadUnaligned(as: SIMD16<UInt8>.self), e = s.loadUnaligned(fromByteOffset: n &- 16, as: SIMD16<UInt8>.self)
                    d.storeBytes(of: a, as: SIMD16<UInt8>.self)
                    d.storeBytes(of: e, toByteOffset: n &- 16, as: SIMD16<UInt8>.self)
                }
                return
            }
            let head = s.loadUnaligned(as: UInt64.self), tail = s.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
            d.storeBytes(of: head, as: UInt64.self)
            d.storeBytes(of: tail, toByteOffset: n &- 8, as: UInt64.self)
        } else if n >= 4 {
            let head = s.loadUnaligned(as: UInt32.self), tail = s.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
            d.storeBytes(of: head, as: UInt32.self)
            d.storeBytes(of: tail, toByteOffset: n &- 4, as: UInt32.self)
        } else if n > 0 {
            // 1 to 3 bytes: the first, the middle and the last (some the same byte).
            let a = src[0], b = src[n &>> 1], c = src[n &- 1]
            dst[0] = a
            dst[n &>> 1] = b
            dst[n &- 1] = c
        }
    }

    /// Four bytes, little-endian.
    @inline(__always)
    mutating func uint32(_ v: UInt32) {
        reserve(4)
        UnsafeMutableRawPointer(base + count).storeBytes(of: v.littleEndian, as: UInt32.self)
        count &+= 4
    }

    /// Eight bytes, little-endian.
    @inline(__always)
    mutating func uint64(_ v: UInt64) {
        reserve(8)
        UnsafeMutableRawPointer(base + count).storeBytes(of: v.littleEndian, as: UInt64.self)
        count &+= 8
    }

    /// Overwrites four bytes written earlier at `offset` (a length known only after
    /// what it measures was written), little-endian.
    @inline(__always)
    func set(uint32 v: UInt32, at offset: Int) {
        precondition(offset >= 0 && offset + 4 <= count)
        UnsafeMutableRawPointer(base + offset).storeBytes(of: v.littleEndian, as: UInt32.self)
    }

    /// A CSV field: copied as is unless it holds `,` `"` CR or LF, then quoted with `""`.
    @inline(__always)
    mutating func field(_ p: UnsafePointer<UInt8>, _ n: Int) {
        reserve(n)
        var needsQuotes = false
        let out = base + count
        for i in 0..<n {
            let b = p[i]
            out[i] = b
            if b == 44 || b == 34 || b == 13 || b == 10 { needsQuotes = true }
        }
        if !needsQuotes {
            count &+= n
            return
        }
        reserve(2 * n + 2)
        base[count] = 34
        count += 1
        for i in 0..<n {
            if p[i] == 34 { base[count] = 34; count += 1 }
            base[count] = p[i]
            count += 1
        }
        base[count] = 34
        count += 1
    }

    mutating func integer(_ v: Int64) {
        reserve(20)
        if v == 0 { base[count] = 48; count += 1; return }
        var x = v.magnitude
        if v < 0 { base[count] = 45; count += 1 }
        var digits = 0
        var t = x
        while t > 0 { digits &+= 1; t /= 10 }  // at most 20
        var i = count &+ digits &- 1
        while x > 0 {
            base[i] = UInt8(truncatingIfNeeded: 48 &+ x % 10)
            x /= 10
            i &-= 1
        }
        count &+= digits
    }

    /// The shortest decimal text that reads back to the same double; whole numbers under
    /// 2^53 as plain integers (`2`), so one value always prints one way.
    mutating func real(_ v: Double) {
        if v == v.rounded(), abs(v) < 9.007_199_254_740_992e15 {
            integer(v == 0 ? 0 : Int64(v))
            return
        }
        // Few fraction digits (money, counts over windows): the smallest k for which the
        // k-digit decimal `round(v·10^k) / 10^k` reads back as exactly `v` is the shortest
        // round-trip text; printed by integer arithmetic, no String in the loop.
        if abs(v) >= 1e-3, abs(v) < 1e9 {
            var scale = 1.0
            for k in 1...6 {
                scale *= 10  // 10^k, exact in a double
                let x = (v * scale).rounded()
                if x / scale == v {
                    decimal(Int64(x), fractionDigits: k)
                    return
                }
            }
        }
        var s = v.description
        s.withUTF8 { bytes($0.baseAddress!, $0.count) }
    }

    /// Forgets the contents, keeping the memory for reuse.
    mutating func clear() { count = 0 }

    /// `x / 10^k` with its fraction's trailing zeros dropped, written in place.
    private mutating func decimal(_ x: Int64, fractionDigits k: Int) {
        // At most 20 digits, a sign and a point after `reserve(24)`: nothing below can
        // wrap, so the loops use wrapping arithmetic.
        var m = x.magnitude
        var digits = k
        while digits > 0 && m % 10 == 0 {
            m /= 10
            digits &-= 1
        }
        reserve(24)
        if x < 0 { base[count] = 45; count &+= 1 }
        // Integer part and fraction together: at least digits + 1 characters.
        var tmp = m, n = 0
        repeat { n &+= 1; tmp /= 10 } while tmp > 0
        let width = max(n, digits &+ 1) &+ (digits > 0 ? 1 : 0)
        var i = count &+ width &- 1
        var written = 0
        while i >= count {
            if digits > 0 && written == digits {
                base[i] = 46
            } else {
                base[i] = UInt8(truncatingIfNeeded: 48 &+ m % 10)
                m /= 10
            }
            written &+= 1
            i &-= 1
        }
        count &+= width
    }

    /// The bytes as an array (copied), leaving the sink empty but usable.
    mutating func takeArray() -> [UInt8] {
        let out = Array(UnsafeBufferPointer(start: base, count: count))
        count = 0
        return out
    }
}

/// The C library's `free`, for memory from `malloc`/`realloc` (a type's own `free()` method
/// would shadow the name inside the type).
func releaseMemory(_ p: UnsafeMutableRawPointer?) { free(p) }

/// Hands memory freed inside malloc's arenas back to the system (glibc's `malloc_trim`),
/// which otherwise keeps it for the thread that freed it.
func releaseFreedMemory() { vantage_release_freed_memory() }

/// Makes malloc keep freed blocks up to `bytes` for reuse (glibc's `mallopt`) rather
/// than returning each large one to the system.
///
/// Why: a spilled join allocates the same large arrays again for every partition. Handed
/// back and mapped anew each time, every page faults in afresh, which on a virtual
/// machine costs about a CPU-second per GB (10 million events in two partitions: system
/// time 3.0 s, 1.7–2.0 s with the blocks kept). Kept, the next partition reuses them.
func keepFreedMemory(upTo bytes: Int) { vantage_keep_freed_memory(Int32(clamping: bytes)) }
