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
