import Foundation
import VantageCore

/// Runs the built `vantage` binary and captures what a user would see.
struct CLI {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: URL {
        let exe = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("vantage")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return exe.deletingLastPathComponent().appendingPathComponent("vantage")
    }

    static func run(_ args: [String], in dir: String? = nil, environment: [String: String] = [:]) throws -> Output {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        if let dir { p.currentDirectoryURL = URL(fileURLWithPath: dir) }
        if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Output(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}

/// A temporary folder with files.
struct Workspace {
    let dir: String

    init(_ files: [String: String]) throws {
        dir = NSTemporaryDirectory() + "vantage-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, text) in files {
            let path = dir + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    func read(_ name: String) throws -> String { try String(contentsOfFile: dir + "/" + name, encoding: .utf8) }

    /// Every file and folder under `name` (the whole workspace by default, hidden entries
    /// included) with the SHA-256 of each file: two equal snapshots mean nothing changed.
    func snapshot(_ name: String = "") -> [String: String] {
        let root = name.isEmpty ? dir : dir + "/" + name
        var out = [String: String]()
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDir) else { return [:] }
        if !isDir.boolValue { return [name: Self.sha(root)] }
        for rel in (FileManager.default.subpaths(atPath: root) ?? []) {
            let full = root + "/" + rel
            _ = FileManager.default.fileExists(atPath: full, isDirectory: &isDir)
            out[rel] = isDir.boolValue ? "folder" : Self.sha(full)
        }
        return out
    }

    static func sha(_ path: String) -> String {
        (try? FileBytes.read(path: path)).map { Checksum.sha256Hex($0) } ?? "unreadable"
    }

    /// Hidden staging or set-aside entries (`.<name>.tmp-<pid>`, `.<name>.old-<pid>`) anywhere.
    func leftovers() -> [String] {
        (FileManager.default.subpaths(atPath: dir) ?? []).filter {
            let last = ($0 as NSString).lastPathComponent
            return last.hasPrefix(".") && (last.contains(".tmp-") || last.contains(".old-"))
        }
    }
    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: dir + "/" + name) }
    func files() -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: dir))?.sorted() ?? [] }
}

let sampleSpec = """
    version: 1
    spine:
      path: spine.csv
      keys: [card]
      time: t
      label: y
    views:
      - name: prof
        kind: lookup
        path: prof.csv
        keys: [card]
        time: ts
        features: [limit]
        ttl: 2d
      - name: txn
        kind: aggregate
        path: spine.csv
        keys: [card]
        time: t
        aggregations:
          - {function: count, windows: [1h, 1d]}
          - {function: sum, column: amount, windows: [1d]}
    freshness:
      levels: [realtime, cadence-1h, lag-12h]
      views: [prof, txn]
    """

let sampleFiles = [
    "spec.yaml": sampleSpec,
    "spine.csv": "card,t,amount,y\nc1,2024-01-02T10:00:00Z,5,0\nc1,2024-01-02T10:30:00Z,7.5,1\nc2,2024-01-02T11:00:00Z,1,0\nc1,2024-01-02T12:00:00Z,2,0\n",
    "prof.csv": "card,ts,limit\nc1,2024-01-01T00:00:00Z,100\nc1,2024-01-02T10:15:00Z,150\nc2,2024-01-02T00:00:00Z,50\n",
]
