#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A file written under a temporary sibling name and renamed into place by `commit()`,
/// so an interrupted or failed run never leaves a partial file under the final name.
/// Temporary names are registered so a signal handler can remove them (`TemporaryFiles`).
public final class AtomicFile {
    public let path: String
    public let temporaryPath: String
    private var fd: Int32
    private var committed = false

    public init(path: String) throws(VantageError) {
        self.path = path
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) {
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            } catch {
                throw .io(path: dir, message: "cannot create the folder: \(error.localizedDescription)")
            }
        }
        temporaryPath = dir + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        TemporaryFiles.shared.register(temporaryPath)
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            TemporaryFiles.shared.unregister(temporaryPath)
            throw .io(path: path, message: "cannot create: \(String(cString: strerror(errno)))")
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(VantageError) {
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, message: "cannot write: \(String(cString: strerror(errno)))")
            }
            done += n
        }
    }

    public func write(_ bytes: [UInt8]) throws(VantageError) {
        let failure: VantageError? = bytes.withUnsafeBytes { raw in
            do throws(VantageError) { try write(raw); return nil } catch { return error }
        }
        if let failure { throw failure }
    }

    public func write(_ text: String) throws(VantageError) { try write(Array(text.utf8)) }

    /// Closes the temporary file and renames it to the final name.
    public func commit() throws(VantageError) {
        close(fd)
        fd = -1
        guard rename(temporaryPath, path) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(temporaryPath)
            TemporaryFiles.shared.unregister(temporaryPath)
            throw .io(path: path, message: "cannot rename into place: \(why)")
        }
        TemporaryFiles.shared.unregister(temporaryPath)
        committed = true
    }

    deinit {
        if fd >= 0 { close(fd) }
        if !committed {
            unlink(temporaryPath)
            TemporaryFiles.shared.unregister(temporaryPath)
        }
    }

    /// Writes a whole file atomically.
    public static func write(_ bytes: [UInt8], to path: String) throws(VantageError) {
        let f = try AtomicFile(path: path)
        try f.write(bytes)
        try f.commit()
    }
}

/// Temporary paths still being written, removed on SIGINT/SIGTERM by `removeAll()`.
public final class TemporaryFiles: @unchecked Sendable {
    public static let shared = TemporaryFiles()
    private let lock = NSLock()
    private var paths = Set<String>()

    public func register(_ p: String) { lock.lock(); paths.insert(p); lock.unlock() }
    public func unregister(_ p: String) { lock.lock(); paths.remove(p); lock.unlock() }

    /// Unlinks every registered temporary (files and folders).
    public func removeAll() {
        lock.lock()
        let all = paths
        paths.removeAll()
        lock.unlock()
        for p in all { try? FileManager.default.removeItem(atPath: p) }
    }
}
