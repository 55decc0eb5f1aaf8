#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes read but not yet parsed: malloc'd, grown with `realloc`, refilled by `read`.
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

    mutating func grow() {
        let c = capacity * 2
        guard let p = realloc(base, c) else { fatalError("out of memory growing a read buffer") }
        base = p.assumingMemoryBound(to: UInt8.self)
        capacity = c
    }

    /// Reads until `target` bytes are held (at most the capacity) or the file ends.
    mutating func fill(fd: Int32, path: String, upTo target: Int, sha: Checksum.Running) throws(VantageError) {
        let goal = min(target, capacity)
        while count < goal && !eof {
            let got = read(fd, base + count, goal - count)
            if got < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, message: "cannot read: \(String(cString: strerror(errno)))")
            }
            if got == 0 { eof = true; break }
            sha.update(base + count, count: got)
            count += got
            total += got
        }
    }
}
