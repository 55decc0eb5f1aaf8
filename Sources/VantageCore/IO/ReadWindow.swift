#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes read but not yet parsed: malloc'd, grown with `realloc`, refilled a chunk at a
/// time from a `ReadAhead`.
struct ReadWindow {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private(set) var capacity: Int
    private(set) var eof = false
    private(set) var total = 0

    init(capacity: Int) {
        self.capacity = capacity
        guard let p = malloc(capacity) else { fatalError("out of memory allocating a read buffer") }
        base = p.assumingMemoryBound(to: UInt8.self)
    }

    func free() { releaseMemory(base) }

    var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// Drops the first `n` bytes, moving the rest to the front.
    mutating func discard(_ n: Int) {
        guard n > 0 else { return }
        if n < count { memmove(base, base + n, count - n) }
        count -= n
    }

    /// Drops the `n` bytes after the first `kept`, moving the rest down.
    mutating func discard(_ n: Int, after kept: Int) {
        guard n > 0 else { return }
        if kept + n < count { memmove(base + kept, base + kept + n, count - kept - n) }
        count -= n
    }

    mutating func grow() {
        let c = capacity * 2
        guard let p = realloc(base, c) else { fatalError("out of memory growing a read buffer") }
        base = p.assumingMemoryBound(to: UInt8.self)
        capacity = c
    }

    /// Appends the next chunk of `source`, growing to make room; sets `eof` after the last.
    mutating func fill(from source: ReadAhead) throws(VantageError) {
        guard !eof else { return }
        while capacity - count < source.chunkBytes { grow() }
        let got = try source.next(into: base + count)
        count += got
        total += got
        if got < source.chunkBytes { eof = true }
    }
}
