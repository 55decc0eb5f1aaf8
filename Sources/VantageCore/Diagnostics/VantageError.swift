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
    /// The run was stopped by SIGINT or SIGTERM (exit code 128 + signal); its outputs
    /// were removed on the way out, like after any other error.
    case cancelled(signal: Int32)

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
        case let .cancelled(signal):
            return "interrupted by \(signal == 2 ? "SIGINT" : signal == 15 ? "SIGTERM" : "signal \(signal)"); nothing was written"
        }
    }

    /// True when the error is the caller's wording rather than the data (exit code 64).
    public var isUsage: Bool {
        if case .usage = self { return true }
        return false
    }

    /// The process exit code: 64 for usage, 128 + signal when interrupted, else 1.
    public var exitCode: Int32 {
        switch self {
        case .usage: return 64
        case let .cancelled(signal): return 128 + signal
        default: return 1
        }
    }
}
