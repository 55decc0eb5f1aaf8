import Foundation

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

    static func run(_ args: [String], in dir: String? = nil) throws -> Output {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        if let dir { p.currentDirectoryURL = URL(fileURLWithPath: dir) }
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
