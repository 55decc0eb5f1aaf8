#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Paths as the file system sees them, so two spellings of one file (`in/../in/a.csv`,
/// a symbolic link, `./a.csv`) compare equal when outputs are checked against inputs.
public enum RealPath {
    /// The absolute, symlink-free form of `path`. Components that do not exist yet are
    /// appended to the real form of their deepest existing ancestor (`..` and `.` applied).
    public static func resolve(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return resolveAbsolute(absolute)
    }

    private static func resolveAbsolute(_ path: String) -> String {
        if let real = realpath(path, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        var trimmed = path
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard trimmed != "/", let slash = trimmed.lastIndex(of: "/") else { return "/" }
        let parentText = String(trimmed[..<slash])
        let name = String(trimmed[trimmed.index(after: slash)...])
        let parent = resolveAbsolute(parentText.isEmpty ? "/" : parentText)
        switch name {
        case "", ".": return parent
        case "..": return parent == "/" ? "/" : (parent as NSString).deletingLastPathComponent
        default: return parent == "/" ? "/" + name : parent + "/" + name
        }
    }

    /// True when `inner` is `outer` or lies inside it (both real paths).
    public static func contains(_ outer: String, _ inner: String) -> Bool {
        inner == outer || inner.hasPrefix(outer == "/" ? "/" : outer + "/")
    }

    /// What is at `path`, without following a final symbolic link's target's type beyond `stat`.
    public enum Kind: Equatable { case missing, file, folder, other }

    public static func kind(_ path: String) -> Kind {
        var st = stat()
        guard stat(path, &st) == 0 else { return .missing }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        default: return .other
        }
    }
}
