#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A file written under a temporary sibling name and renamed into place by `commit()`,
/// so an interrupted or failed run never leaves a partial file under the final name.
/// An uncommitted file is removed when released (errors and interrupts unwind to there);
/// one left by a killed process is removed by the next run (`StaleOutputs`).
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
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw .io(path: path, message: "cannot create: \(String(cString: strerror(errno)))")
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(VantageError) {
        try WriteFaults.willWrite(bytes.count, path: path)
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
            throw .io(path: path, message: "cannot rename into place: \(why)")
        }
        committed = true
    }

    /// Closes and removes the temporary file now, on an error, rather than when the last
    /// reference goes (a background writer's job may hold one a moment longer).
    public func discard() {
        guard !committed else { return }
        if fd >= 0 { close(fd) }
        fd = -1
        unlink(temporaryPath)
        committed = true  // nothing left to remove
    }

    deinit {
        if fd >= 0 { close(fd) }
        if !committed { unlink(temporaryPath) }
    }

    /// Writes a whole file atomically.
    public static func write(_ bytes: [UInt8], to path: String) throws(VantageError) {
        let f = try AtomicFile(path: path)
        try f.write(bytes)
        try f.commit()
    }
}
