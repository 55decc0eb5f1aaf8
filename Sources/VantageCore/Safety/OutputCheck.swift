import Foundation

/// The check every writing command makes before any work: an output must not be, contain
/// or lie inside an input, and an existing output must be a previous output of the same
/// kind (or `force` given). Violations are usage errors (exit 64) naming both paths.
public enum OutputCheck {
    /// One input: a file or folder the command reads and must never change.
    public struct Input: Sendable {
        public var path: String
        public var role: String
        public init(_ path: String, role: String) {
            self.path = path
            self.role = role
        }
    }

    /// Checks `out` (as given to `option`) against `inputs`; `companions` are suffixes of
    /// files written beside it (`.manifest.json`). Returns the resolved real path.
    @discardableResult
    public static func check(_ out: String, option: String = "--out", kind: OutputKind, inputs: [Input],
                             companions: [String] = [], force: Bool) throws(VantageError) -> String {
        guard !out.isEmpty else { throw .usage("\(option) is empty: name the \(kind.isFolder ? "folder" : "file") to write") }
        let real = RealPath.resolve(out)
        if real == "/" { throw .usage("\(option) \(out): cannot write over the root folder") }
        try checkNotInput(out, option: option, inputs: inputs)
        for suffix in companions { try checkNotInput(out + suffix, option: option, inputs: inputs) }
        switch RealPath.kind(real) {
        case .missing:
            break
        case .other:
            throw .usage("\(option) \(out) is not a regular file or folder: refusing to write there")
        case .file, .folder:
            if !force && !kind.recognises(real) {
                throw .usage("\(option) \(out) exists and is not a \(kind.noun): refusing to replace it (pass --force to replace it anyway)")
            }
        }
        return real
    }

    /// Refuses `path` (written through `option`) when it is, contains or lies inside an input.
    public static func checkNotInput(_ path: String, option: String, inputs: [Input]) throws(VantageError) {
        let real = RealPath.resolve(path)
        for input in inputs {
            let inReal = RealPath.resolve(input.path)
            if real == inReal {
                throw .usage("\(option) \(path) is the \(input.role) \(input.path): refusing to overwrite an input")
            }
            if RealPath.contains(real, inReal) {
                throw .usage("\(option) \(path) contains the \(input.role) \(input.path): refusing to replace an input")
            }
            if RealPath.contains(inReal, real) {
                throw .usage("\(option) \(path) lies inside the \(input.role) \(input.path): refusing to write into an input")
            }
        }
    }

    /// Checks that a path read as an input is a regular file (not a FIFO or device, which
    /// could block or never end), when it exists; missing files are reported by the reader.
    public static func requireRegularFile(_ path: String, role: String) throws(VantageError) {
        switch RealPath.kind(path) {
        case .other: throw .io(path: path, message: "the \(role) is not a regular file (a FIFO or device?); expected a file")
        default: return
        }
    }

    /// Every file a spec reads: the spec itself, the spine and every view's CSV or SQLite database.
    public static func inputs(of spec: Spec) -> [Input] {
        var out = [Input(spec.path, role: "spec")]
        func add(_ source: SourceLocation, _ role: String) {
            switch source {
            case let .csv(path), let .parquet(path): out.append(Input(path, role: role))
            case let .sqliteTable(db, _), let .sqliteQuery(db, _): out.append(Input(db, role: role + "'s database"))
            }
        }
        add(spec.spine.source, "spine")
        for v in spec.views { add(v.source, "view \(v.name)'s source") }
        return out
    }

    /// Refuses non-regular input files of a spec up front.
    public static func requireRegularInputs(_ spec: Spec) throws(VantageError) {
        for i in inputs(of: spec) { try requireRegularFile(i.path, role: i.role) }
    }
}
