#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// An append-only spill file with a write buffer. A failed write (full disk) becomes
/// the folder's "not enough free space" error.
final class SpillWriter {
    let path: String
    private let folder: SpillFolder
    private var fd: Int32
    private var buffer = ByteSink(capacity: 1 << 18)
    static let flushAt = 1 << 18

    init(_ path: String, folder: SpillFolder) throws(VantageError) {
        self.path = path
        self.folder = folder
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw .io(path: folder.parent, message: "cannot create a spill file: \(String(cString: strerror(errno)))") }
    }

    /// Appends through `body`, flushing when the buffer is full.
    func append(_ body: (inout ByteSink) -> Void) throws(VantageError) {
        body(&buffer)
        if buffer.count >= Self.flushAt { try flush() }
    }

    /// Appends `n` bytes at `p`: a long run goes to the file directly, after what is
    /// buffered, rather than through the buffer.
    func append(bytes p: UnsafePointer<UInt8>, count n: Int) throws(VantageError) {
        if n < Self.flushAt / 4 {
            buffer.bytes(p, n)
            if buffer.count >= Self.flushAt { try flush() }
            return
        }
        try flush()
        try writeAll(p, n)
    }

    func flush() throws(VantageError) {
        guard buffer.count > 0 else { return }
        try writeAll(buffer.base, buffer.count)
        buffer.clear()
    }

    private func writeAll(_ p: UnsafePointer<UInt8>, _ count: Int) throws(VantageError) {
        do { try WriteFaults.willWrite(count, path: path) } catch { throw folder.noSpace() }
        var done = 0
        while done < count {
            let n = write(fd, p + done, count - done)
            if n < 0 {
                if errno == EINTR { continue }
                if errno == ENOSPC || errno == EDQUOT { throw folder.noSpace() }
                throw .io(path: folder.parent, message: "cannot write a spill file: \(String(cString: strerror(errno)))")
            }
            done += n
        }
    }

    /// Flushes and closes.
    func close() throws(VantageError) {
        try flush()
        if fd >= 0 { _ = Glibc.close(fd) }
        fd = -1
    }

    deinit {
        if fd >= 0 { _ = Glibc.close(fd) }
        buffer.free()
    }
}
