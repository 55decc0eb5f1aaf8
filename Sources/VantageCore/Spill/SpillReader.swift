#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import CPrefetch

/// Reads a spill file front to back through a buffer.
final class SpillReader {
    private var fd: Int32
    private var buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var start = 0, end = 0
    let path: String

    init(_ path: String, capacity: Int = 1 << 18) throws(VantageError) {
        self.path = path
        self.capacity = capacity
        buffer = .allocate(capacity: capacity)
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .io(path: path, message: "cannot read a spill file: \(String(cString: strerror(errno)))") }
    }

    private func fill() throws(VantageError) {
        if start > 0 {
            memmove(buffer, buffer + start, end - start)
            end -= start
            start = 0
        }
        while end < capacity {
            let n = read(fd, buffer + end, capacity - end)
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, message: "cannot read a spill file: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            end += n
        }
    }

    /// The next `n` bytes, passed to `body` (valid only there).
    func take(_ n: Int, _ body: (UnsafePointer<UInt8>) -> Void) throws(VantageError) {
        if end - start < n {
            try fill()
            guard end - start >= n else { throw .io(path: path, message: "spill file ends early") }
        }
        body(buffer + start)
        start += n
    }

    /// Whether every byte of the file was taken.
    func atEnd() throws(VantageError) -> Bool {
        if end > start { return false }
        try fill()
        return end == start
    }

    /// Four bytes, little-endian (as `ByteSink.uint32` writes them).
    func uint32() throws(VantageError) -> UInt32 {
        var v: UInt32 = 0
        try take(4) { p in memcpy(&v, p, 4) }
        return UInt32(littleEndian: v)
    }

    /// The error that made `fragment` return false.
    private(set) var failure: VantageError?

    /// Appends the next fragment of a run (its length, `ShortLength`, then its bytes) to
    /// `out`; false when the file ends early or cannot be read (then see `failure`). It
    /// does not throw, so the assembly's row loop can call it through a reference it
    /// does not count.
    @inline(__always)
    func fragment(into out: inout ByteSink) -> Bool {
        if let (n, size) = ShortLength.decode(buffer + start, available: end - start), end - start - size >= n {
            out.bytes(buffer + start + size, n)
            start += size + n
            return true
        }
        do throws(VantageError) {
            var b: UInt8 = 0
            try take(1) { b = $0[0] }
            let n = b == ShortLength.long ? Int(try uint32()) : Int(b)
            try copy(n, into: &out)
            return true
        } catch {
            failure = error
            return false
        }
    }

    /// Asks the CPU to load the bytes the next `fragment` call reads (a hint only).
    ///
    /// Why: the assembly takes one fragment at a time from readers chosen by the
    /// spine's order, dozens of them, and too many streams for the hardware to prefetch;
    /// unhinted, nearly every fragment waited on memory.
    @inline(__always)
    func prefetchNext() {
        vantage_prefetch(buffer + start)
        vantage_prefetch(buffer + start + 64)
    }

    /// Copies `n` bytes into `out`, in pieces when `n` exceeds the buffer.
    func copy(_ n: Int, into out: inout ByteSink) throws(VantageError) {
        var left = n
        while left > 0 {
            let k = min(left, capacity)
            try take(k) { p in out.bytes(p, k) }
            left -= k
        }
    }

    deinit {
        if fd >= 0 { _ = close(fd) }
        buffer.deallocate()
    }
}
