#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The private folder `vantage-spill-<pid>` under `--tmp` that holds a spilling run's
/// partition and run files. Removed when released, so success, an error and an interrupt
/// (which unwinds as an error, see `Cancellation`) all leave nothing behind; creating one
/// first removes the folders of processes that no longer exist (killed with SIGKILL).
public final class SpillFolder {
    public let path: String
    /// The folder given as `--tmp`, named in errors.
    public let parent: String
    /// The space the run needs there, named when it is missing.
    public let needed: Int

    static let prefix = "vantage-spill-"

    public init(parent: String, needed: Int) throws(VantageError) {
        self.parent = parent
        self.needed = needed
        path = parent + "/" + Self.prefix + "\(getpid())"
        Self.cleanStale(parent)
        Self.raiseFileLimit()
        try? FileManager.default.removeItem(atPath: path)
        guard mkdir(path, 0o700) == 0 else {
            throw .io(path: parent, message: "cannot create a spill folder there (\(String(cString: strerror(errno)))); "
                      + "this run needs about \(Self.text(needed)) of free space for spill files: give --tmp a writable folder or a larger --memory")
        }
        var st = statvfs()
        if statvfs(path, &st) == 0 {
            let free = Int(clamping: UInt64(st.f_bavail) &* UInt64(st.f_frsize))
            if free < needed {
                try? FileManager.default.removeItem(atPath: path)
                throw noSpace(free: free)
            }
        }
    }

    /// The error for a full disk, naming the folder and the space needed.
    func noSpace(free: Int? = nil) -> VantageError {
        .io(path: parent, message: "not enough free space for spill files: this run needs about \(Self.text(needed))"
            + (free.map { ", \(Self.text($0)) are free" } ?? "") + "; give --tmp a folder on a larger disk or a larger --memory")
    }

    /// `n` bytes in MiB or GiB, for messages.
    static func text(_ n: Int) -> String {
        n >= 1 << 30 ? String(format: "%.1f GiB", Double(n) / Double(1 << 30)) : String(format: "%.0f MiB", Double(n) / Double(1 << 20) + 0.5)
    }

    /// The partition pass keeps two files open per partition and target: lift the soft
    /// limit on open files to the hard one.
    static func raiseFileLimit() {
        var limit = rlimit()
        #if canImport(Darwin)
        let which = RLIMIT_NOFILE
        #else
        let which = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #endif
        guard getrlimit(which, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(which, &limit)
    }

    /// Removes `vantage-spill-<pid>` folders under `parent` whose process is gone.
    static func cleanStale(_ parent: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for e in entries where e.hasPrefix(prefix) {
            guard let pid = pid_t(e.dropFirst(prefix.count)), pid > 0, !StaleOutputs.isAlive(pid) else { continue }
            try? FileManager.default.removeItem(atPath: parent + "/" + e)
        }
    }

    public func file(_ name: String) -> String { path + "/" + name }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

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

    func flush() throws(VantageError) {
        guard buffer.count > 0 else { return }
        do { try WriteFaults.willWrite(buffer.count, path: path) } catch { throw folder.noSpace() }
        var done = 0
        while done < buffer.count {
            let n = write(fd, buffer.base + done, buffer.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                if errno == ENOSPC || errno == EDQUOT { throw folder.noSpace() }
                throw .io(path: folder.parent, message: "cannot write a spill file: \(String(cString: strerror(errno)))")
            }
            done += n
        }
        buffer.clear()
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

    func int64() throws(VantageError) -> Int64 {
        var v: Int64 = 0
        try take(8) { p in memcpy(&v, p, 8) }
        return v
    }

    func uint32() throws(VantageError) -> UInt32 {
        var v: UInt32 = 0
        try take(4) { p in memcpy(&v, p, 4) }
        return v
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
