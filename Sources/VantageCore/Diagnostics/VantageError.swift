/// Every failure the library reports. Each case carries the offending value and renders
/// as one lowercase, actionable paragraph; `Equatable` so tests compare errors exactly.
public enum VantageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A problem in an input file at a position (1-based line and column; 0 = unknown).
    case input(file: String, line: Int, column: Int, message: String)
    /// A problem in the spec, at a coding path such as `views[1].ttl`.
    case spec(path: String, message: String)
    /// A command-line value that cannot be used (exit code 64).
    case usage(String)
    /// A file that cannot be opened, read or written.
    case io(path: String, message: String)
    /// An SQLite source or store failure.
    case sqlite(database: String, message: String)

    public var description: String {
        switch self {
        case let .input(file, line, column, message):
            var at = file
            if line > 0 { at += ", line \(line)" }
            if column > 0 { at += ", column \(column)" }
            return "\(at): \(message)"
        case let .spec(path, message):
            return path.isEmpty ? "spec: \(message)" : "spec: \(path): \(message)"
        case let .usage(message):
            return message
        case let .io(path, message):
            return "\(path): \(message)"
        case let .sqlite(database, message):
            return "sqlite \(database): \(message)"
        }
    }

    /// True when the error is the caller's wording rather than the data (exit code 64).
    public var isUsage: Bool {
        if case .usage = self { return true }
        return false
    }
}
