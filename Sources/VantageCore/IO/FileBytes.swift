#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Whole-file reads with POSIX calls: one `read` loop straight into a buffer sized from
/// `fstat`, then chunked reads for whatever a growing file or a pipe still holds.
/// (Crash-safe writes, a temporary sibling renamed into place, are `AtomicFile`'s job.)
public enum FileBytes {
    /// Opens a regular file for reading (blocking reads) and returns it with its size;
    /// folders, FIFOs and devices are refused with an `error:` naming the path. The caller
    /// closes the descriptor.
    static func openRegularFile(path: String) throws(VantageError) -> (fd: Int32, size: Int) {
        // Non-blocking open, so a FIFO cannot block here before it is refused below.
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { throw .io(path: path, message: "cannot open: \(String(cString: strerror(errno)))") }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let e = errno
            close(fd)
            throw .io(path: path, message: "cannot stat: \(String(cString: strerror(e)))")
        }
        if (st.st_mode & S_IFMT) == S_IFDIR { close(fd); throw .io(path: path, message: "is a folder, expected a file") }
        if (st.st_mode & S_IFMT) != S_IFREG {
            close(fd)
            throw .io(path: path, message: "is not a regular file (a FIFO or device?); expected a file")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return (fd, max(Int(st.st_size), 0))
    }

    public static func read(path: String) throws(VantageError) -> [UInt8] {
        let (fd, size) = try openRegularFile(path: path)
        defer { close(fd) }
        var out = [UInt8]()
        var capacity = size + 1
        out.reserveCapacity(capacity)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var failure: Int32 = 0
        // Read straight into the array's spare capacity when the size is known.
        out = [UInt8](unsafeUninitializedCapacity: capacity) { dst, initialized in
            var filled = 0
            while true {
                if filled == capacity { break }
                // At most 64 MiB per call, so a large input notices SIGINT/SIGTERM soon.
                if Cancellation.requestedSignal != nil { break }
                let got = Glibc.read(fd, dst.baseAddress! + filled, min(capacity - filled, 64 << 20))
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if got == 0 { break }
                filled += got
            }
            initialized = filled
        }
        if failure != 0 { throw .io(path: path, message: "cannot read: \(String(cString: strerror(failure)))") }
        try Cancellation.check()
        // A file that grew, or a pipe that reported no size: read the rest.
        if out.count == capacity {
            while true {
                let got = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
                if got < 0 {
                    if errno == EINTR { continue }
                    throw .io(path: path, message: "cannot read: \(String(cString: strerror(errno)))")
                }
                if got == 0 { break }
                out.append(contentsOf: chunk[0..<got])
                capacity += got
            }
        }
        return out
    }

    /// Calls `body` with the file's bytes mapped into memory (read-only), not copied: no
    /// read into fresh memory, which for the spill files of a 100M-event join was a copy
    /// of every byte plus a page fault per 4 KiB. Only for files this process wrote and
    /// alone uses (a spill folder): a file shrunk by another process while mapped would
    /// fault on access. An empty file gives an empty buffer.
    static func withMapped<R>(path: String, _ body: (UnsafeBufferPointer<UInt8>) throws(VantageError) -> R) throws(VantageError) -> R {
        let (fd, size) = try openRegularFile(path: path)
        defer { close(fd) }
        // An empty file has nothing to map: the parsers get an empty buffer with an address.
        guard size > 0 else { return try [UInt8]().withUnsafeBufferPointer { buf throws(VantageError) in try body(buf) } }
        #if os(Linux)
        let flags = MAP_PRIVATE | MAP_POPULATE
        #else
        let flags = MAP_PRIVATE
        #endif
        guard let map = mmap(nil, size, PROT_READ, flags, fd, 0), map != MAP_FAILED else {
            throw .io(path: path, message: "cannot map: \(String(cString: strerror(errno)))")
        }
        defer { munmap(map, size) }
        return try body(UnsafeBufferPointer(start: map.assumingMemoryBound(to: UInt8.self), count: size))
    }
}
