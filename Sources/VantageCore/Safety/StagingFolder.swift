#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A hidden folder beside an output's final name (`.<name>.tmp-<pid>`) where the whole
/// output is built; `Publication` moves it (or files in it) into place once everything
/// succeeded. Removed when released, so an error or an interrupt leaves nothing behind.
/// Creating one first clears what dead processes left in that folder (`StaleOutputs`).
public final class StagingFolder {
    /// The staging folder.
    public let path: String
    /// The output's final name.
    public let final: String

    public init(final: String) throws(VantageError) {
        self.final = final
        let url = URL(fileURLWithPath: final)
        let dir = url.deletingLastPathComponent().path
        path = dir + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw .io(path: dir, message: "cannot create the output's folder: \(error.localizedDescription)")
        }
        StaleOutputs.clean(directory: dir)
        try? FileManager.default.removeItem(atPath: path)
        guard mkdir(path, 0o755) == 0 else {
            throw .io(path: final, message: "cannot create the staging folder \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// The staged location of a file named `name` (for outputs that are files).
    public func file(_ name: String) -> String { path + "/" + name }

    /// Runs `body`, naming in its errors `shownAs` (the final folder, or for file outputs
    /// the folder they go to) instead of the staging folder.
    public func naming<T>(_ shownAs: String, _ body: () throws(VantageError) -> T) throws(VantageError) -> T {
        do {
            return try body()
        } catch {
            throw error.replacingPath(path, with: shownAs)
        }
    }

    deinit {
        if RealPath.kind(path) != .missing { try? FileManager.default.removeItem(atPath: path) }
    }
}
