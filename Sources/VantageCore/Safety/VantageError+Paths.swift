extension VantageError {
    /// The same error with `old` (a staging folder's path) replaced by `new` in the paths
    /// it names, so messages name the output the user asked for, not its hidden stage.
    public func replacingPath(_ old: String, with new: String) -> VantageError {
        func fix(_ s: String) -> String { s.replacingOccurrences(of: old, with: new) }
        switch self {
        case let .input(file, line, column, message): return .input(file: fix(file), line: line, column: column, message: fix(message))
        case let .spec(path, message): return .spec(path: path, message: fix(message))
        case let .usage(message): return .usage(fix(message))
        case let .io(path, message): return .io(path: fix(path), message: fix(message))
        case let .sqlite(database, message): return .sqlite(database: fix(database), message: fix(message))
        case .cancelled: return self
        }
    }
}
