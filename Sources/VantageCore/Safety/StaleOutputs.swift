#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Leftovers of processes that died without cleaning up (SIGKILL, power loss): staging
/// entries `.<name>.tmp-<pid>` and previous outputs moved aside `.<name>.old-<pid>`,
/// whose pid is no longer alive. Staging is removed; a previous output moved aside is
/// renamed back when nothing took its place, else removed.
enum StaleOutputs {
    static func clean(directory: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for entry in entries {
            guard let (name, kind, pid) = parse(entry), !isAlive(pid) else { continue }
            let path = directory + "/" + entry
            if kind == "old", RealPath.kind(directory + "/" + name) == .missing {
                _ = rename(path, directory + "/" + name)
            } else {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
    }

    /// `.<name>.<tmp|old>-<pid>` split into its parts.
    static func parse(_ entry: String) -> (name: String, kind: String, pid: pid_t)? {
        guard entry.hasPrefix("."), let dash = entry.lastIndex(of: "-"),
              let pid = pid_t(entry[entry.index(after: dash)...]), pid > 0 else { return nil }
        let head = entry[entry.index(after: entry.startIndex)..<dash]
        for kind in ["tmp", "old"] where head.hasSuffix("." + kind) {
            let name = String(head.dropLast(kind.count + 1))
            return name.isEmpty ? nil : (name, kind, pid)
        }
        return nil
    }

    /// True unless the process certainly does not exist (another user's process counts as alive).
    static func isAlive(_ pid: pid_t) -> Bool {
        if pid == getpid() { return true }
        return kill(pid, 0) == 0 || errno != ESRCH
    }
}
