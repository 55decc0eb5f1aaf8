import Foundation
import Testing
@testable import VantageCore

/// Issue 12: a join over inputs larger than the memory budget goes through spill files,
/// partition by partition; its output must be byte for byte the in-memory one. The tests
/// force 7 partitions (`forcedPartitions`) on data that would fit.
@Suite("spilled join", .serialized)
struct SpillTests {
    /// A fresh folder for one test.
    static func folder() throws -> String {
        let d = NSTemporaryDirectory() + "vantage-spill-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    /// Joins `spec` at `level` in memory and spilled into `partitions`; returns both
    /// outputs (or both errors) and what was left in the spill folder.
    static func both(_ spec: Spec, level: FreshnessLevel, partitions: Int = 7) throws -> (memory: Result<[UInt8], VantageError>, spilled: Result<[UInt8], VantageError>, left: [String]) {
        let dir = try folder()
        let tmp = dir + "/tmp"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func run(_ out: String, _ budget: MemoryBudget) -> Result<[UInt8], VantageError> {
            do throws(VantageError) {
                _ = try JoinRun.run(spec: spec, level: level, out: dir + "/" + out, memory: budget)
                return .success(try FileBytes.read(path: dir + "/" + out))
            } catch {
                return .failure(error)
            }
        }
        let a = run("a.csv", MemoryBudget(bytes: 1 << 40, tmp: tmp))
        let b = run("b.csv", MemoryBudget(bytes: 1 << 40, tmp: tmp, forcedPartitions: partitions))
        let left = (try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? []
        return (a, b, left)
    }

    @Test("every conformance case: spilled output is byte-identical", arguments: ConformanceCase.all)
    func conformance(_ name: String) throws {
        let c = try ConformanceCase(name: name)
        let spec = try SpecDecoder.decode(text: c.specYAML, path: "\(name)/spec.yaml", baseDirectory: c.directory)
        for level in c.levels {
            let parsed = try FreshnessLevel(parsing: ConformanceCase.levelText(level))
            let r = try Self.both(spec, level: parsed)
            switch (r.memory, r.spilled) {
            case let (.success(a), .success(b)): #expect(a == b, "\(name) at \(parsed.name)")
            case let (.failure(a), .failure(b)): #expect(a == b, "\(name) at \(parsed.name)")
            default: Issue.record("\(name) at \(parsed.name): \(r.memory) vs \(r.spilled)")
            }
            #expect(r.left.isEmpty, "\(name): spill files left: \(r.left)")
        }
    }

    /// Random spines and views over two key spaces (the spine's `k` and its `g` matched
    /// to a view's `k` through `spine_keys`), with quoted text, nulls and empty keys.
    static func randomCase(seed: UInt64, dir: String) throws -> (Spec, FreshnessLevel) {
        var r = PropertyTests.Rng(state: seed)
        let keys = ["a", "b", "c", "", "d,e", "q\"x"]
        func csv(_ rows: [[String]]) -> String {
            var b = CSVBuffer()
            for row in rows { b.record(row) }
            return String(decoding: b.bytes, as: UTF8.self)
        }
        var spine = [["k", "g", "t", "note"]]
        for i in 0..<(1 + r.int(40)) {
            spine.append([r.pick(keys), r.pick(keys), PropertyTests.text(PropertyTests.time(&r)), r.int(3) == 0 ? "" : "n,\(i)"])
        }
        var f = [["k", "ts", "c", "x"]]
        for i in 0..<r.int(40) {
            let tau = PropertyTests.time(&r)
            f.append([r.pick(keys), PropertyTests.text(tau), r.int(3) == 0 ? PropertyTests.text(tau + Int64(r.int(6)) * 1_800_000_000) : "",
                      r.int(5) == 0 ? "" : "v\"\(i)"])
        }
        var e = [["k", "ts", "v", "m"]]
        for _ in 0..<r.int(60) {
            e.append([r.pick(keys), PropertyTests.text(PropertyTests.time(&r)), r.int(4) == 0 ? "" : "\(Double(r.int(13) - 6) * 0.5)",
                      r.int(4) == 0 ? "" : r.pick(["x", "y", "z"])])
        }
        try csv(spine).write(toFile: dir + "/spine.csv", atomically: true, encoding: .utf8)
        try csv(f).write(toFile: dir + "/f.csv", atomically: true, encoding: .utf8)
        try csv(e).write(toFile: dir + "/e.csv", atomically: true, encoding: .utf8)
        let level = try FreshnessLevel(parsing: r.pick(PropertyTests.levels))
        let delay = r.pick(PropertyTests.durations)
        let ttl = r.pick(PropertyTests.ttls).map { ", ttl: \($0)" } ?? ""
        let function = r.pick(AggregateFunction.allCases)
        let window = r.pick(PropertyTests.windows)
        let column = function.takesColumn ? (function.isNumeric ? ", column: v" : ", column: m") : ""
        let yaml = """
            version: 1
            spine: {path: spine.csv, keys: [k], time: t}
            views:
              - {name: f, path: f.csv, keys: [k], time: ts, created: c, features: [x], delay: \(delay)\(ttl)}
              - {name: e, kind: aggregate, path: e.csv, keys: [k], time: ts, delay: \(delay), aggregations: [{function: \(function.rawValue)\(column), windows: [\(window)]}]}
              - {name: h, path: f.csv, keys: [k], spine_keys: [g], time: ts, features: [x]}
            """
        return (try SpecDecoder.decode(text: yaml, path: "spec.yaml", baseDirectory: dir), level)
    }

    @Test("random cases over two key spaces: spilled output is byte-identical")
    func randomCases() throws {
        for seed in 0..<UInt64(120) {
            let dir = try Self.folder()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let (spec, level) = try Self.randomCase(seed: seed, dir: dir)
            let r = try Self.both(spec, level: level, partitions: 1 + Int(seed % 9))
            guard case let .success(a) = r.memory, case let .success(b) = r.spilled else {
                Issue.record("seed \(seed): \(r.memory) vs \(r.spilled)")
                continue
            }
            #expect(a == b, "seed \(seed)")
            #expect(r.left.isEmpty, "seed \(seed)")
        }
    }

    /// Sweeps `spec` over `levels` (each view apart, ages) in memory and spilled; every
    /// file must be byte-identical and the profiles equal.
    static func sweepBoth(_ spec: Spec, levels: [FreshnessLevel], partitions: Int = 7) throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in ["a", "b", "tmp"] { try FileManager.default.createDirectory(atPath: dir + "/" + name, withIntermediateDirectories: true) }
        let a = try SweepRun.write(spec: spec, into: dir + "/a", options: .init(levels: levels, eachView: true, withAge: true,
                                                                                  memory: MemoryBudget(bytes: 1 << 40, tmp: dir + "/tmp")))
        let b = try SweepRun.write(spec: spec, into: dir + "/b", options: .init(levels: levels, eachView: true, withAge: true,
                                                                                  memory: MemoryBudget(bytes: 1 << 40, tmp: dir + "/tmp", forcedPartitions: partitions)))
        #expect(a.profile == b.profile, "\(spec.path)")
        #expect(a.manifest.outputs == b.manifest.outputs)
        #expect(a.manifest.inputs == b.manifest.inputs)
        #expect(b.manifest.spilled == true && a.manifest.spilled == false)
        let files = FileManager.default.subpaths(atPath: dir + "/a")!.filter { $0.hasSuffix(".csv") }.sorted()
        #expect(files == FileManager.default.subpaths(atPath: dir + "/b")!.filter { $0.hasSuffix(".csv") }.sorted())
        for f in files {
            #expect(try FileBytes.read(path: dir + "/a/" + f) == FileBytes.read(path: dir + "/b/" + f), "\(spec.path): \(f)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/tmp").isEmpty)
    }

    @Test("sweeps of every conformance case: spilled files byte-identical, same profile", arguments: ConformanceCase.all)
    func conformanceSweep(_ name: String) throws {
        let c = try ConformanceCase(name: name)
        let spec = try SpecDecoder.decode(text: c.specYAML, path: "\(name)/spec.yaml", baseDirectory: c.directory)
        var levels = [FreshnessLevel]()
        for level in c.levels {
            let l = try FreshnessLevel(parsing: ConformanceCase.levelText(level))
            if !levels.contains(where: { $0.name == l.name }) { levels.append(l) }
        }
        guard !levels.isEmpty else { return }
        do {
            _ = try Loader.load(spec)
        } catch {
            return  // cases whose inputs are refused are covered by the join test above
        }
        try Self.sweepBoth(spec, levels: levels)
    }

    @Test("random sweeps over two key spaces: spilled files byte-identical, same profile")
    func randomSweeps() throws {
        for seed in 0..<UInt64(30) {
            let dir = try Self.folder()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let (spec, level) = try Self.randomCase(seed: seed, dir: dir)
            try Self.sweepBoth(spec, levels: [.realtime, level, try FreshnessLevel(parsing: "cadence-1h")], partitions: 2 + Int(seed % 5))
        }
    }

    /// The spine's copies carry its times parsed (`SpineRows`): a bad one is found in the
    /// partition pass and must be reported as the in-memory path reports it, the first
    /// in the file and how many more, wherever they fall among the partitions, whether
    /// the chunk was scanned or (with a quote in it) parsed.
    @Test("bad spine times: the in-memory error (first line, count) when spilled", arguments: [false, true])
    func badSpineTimes(quoted: Bool) throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "k,ts,x\nk1,2024-01-01T00:00:00Z,1\nk2,2024-01-01T00:00:00Z,2\n".write(toFile: dir + "/f.csv", atomically: true, encoding: .utf8)
        var spine = "k,t\n"
        for i in 0..<60 {
            switch i {
            case 17: spine += quoted ? "k\(i % 7),\"soon\"\"ish\"\n" : "k\(i % 7),soon\n"
            case 33: spine += "k\(i % 7),\n"
            case 50: spine += "k\(i % 7),2024-13-01T00:00:00Z\n"
            default: spine += "k\(i % 7),2024-02-01T00:00:\(String(format: "%02d", i))Z\n"
            }
        }
        try spine.write(toFile: dir + "/spine.csv", atomically: true, encoding: .utf8)
        let spec = try SpecDecoder.decode(text: "version: 1\nspine: {path: spine.csv, keys: [k], time: t}\nviews:\n  - {name: f, path: f.csv, keys: [k], time: ts, features: [x]}\n",
                                          path: "spec.yaml", baseDirectory: dir)
        for partitions in [1, 3, 8] {
            let r = try Self.both(spec, level: .realtime, partitions: partitions)
            guard case let .failure(a) = r.memory, case let .failure(b) = r.spilled else {
                Issue.record("expected errors: \(r.memory) vs \(r.spilled)")
                return
            }
            #expect(a == b, "\(partitions) partitions")
            #expect(a.description.contains("line 19"), "\(a)")
            #expect(a.description.contains("2 more rows"), "\(a)")
            #expect(a.description.contains(quoted ? "soon\"ish" : "\"soon\""), "\(a)")
            #expect(r.left.isEmpty)
        }
    }

    @Test("a bad time in a view: the same error (file and line) either way, nothing left")
    func errorsNameTheOriginalLine() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var f = "k,ts,x\n"
        for i in 0..<50 { f += "k\(i % 5),2024-01-01T00:00:\(String(format: "%02d", i))Z,\(i)\n" }
        f += "k3,\"not\na time\",1\nk4,2024-01-02T00:00:00Z,2\n"
        try f.write(toFile: dir + "/f.csv", atomically: true, encoding: .utf8)
        try "k,t\nk3,2024-02-01T00:00:00Z\nk1,2024-02-01T00:00:00Z\n".write(toFile: dir + "/spine.csv", atomically: true, encoding: .utf8)
        let spec = try SpecDecoder.decode(text: "version: 1\nspine: {path: spine.csv, keys: [k], time: t}\nviews:\n  - {name: f, path: f.csv, keys: [k], time: ts, features: [x]}\n",
                                          path: "spec.yaml", baseDirectory: dir)
        let r = try Self.both(spec, level: .realtime)
        guard case let .failure(a) = r.memory, case let .failure(b) = r.spilled else {
            Issue.record("expected errors: \(r.memory) vs \(r.spilled)")
            return
        }
        #expect(a == b)
        #expect(a.description.contains("line 52"), "\(a)")
        #expect(r.left.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir + "/b.csv"))
    }

    /// The spilled join reads the spine's records again when it assembles the output:
    /// a spine edited after the partition pass is an error, and nothing is written.
    @Test("a spine edited between the partition pass and the assembly is an error, and nothing is written")
    func spineChangedBeforeAssembly() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "k,t,y\na,2024-01-02T00:00:00Z,1\nb,2024-01-03T00:00:00Z,0\n".write(toFile: dir + "/spine.csv", atomically: true, encoding: .utf8)
        try "k,ts,x\na,2024-01-01T00:00:00Z,5\n".write(toFile: dir + "/f.csv", atomically: true, encoding: .utf8)
        let spec = try SpecDecoder.decode(text: "version: 1\nspine: {path: spine.csv, keys: [k], time: t}\nviews:\n  - {name: f, path: f.csv, keys: [k], time: ts, features: [x]}\n",
                                          path: "spec.yaml", baseDirectory: dir)
        try FileManager.default.createDirectory(atPath: dir + "/tmp", withIntermediateDirectories: true)
        let budget = MemoryBudget(bytes: 1 << 40, tmp: dir + "/tmp", forcedPartitions: 3)
        let output = SpilledJoin.Output(path: dir + "/out.csv", levels: [.realtime], withAge: false)
        // Same size, other bytes: only the checksum tells.
        #expect(throws: VantageError.self) {
            _ = try SpilledJoin.write(spec: spec, outputs: [output], partitions: 3, budget: budget, progress: nil) { _, _, _ in
                try? "k,t,y\na,2024-01-02T00:00:00Z,0\nb,2024-01-03T00:00:00Z,0\n".write(toFile: dir + "/spine.csv", atomically: false, encoding: .utf8)
            }
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/out.csv"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["f.csv", "spine.csv", "spec.yaml", "tmp"].filter { $0 != "spec.yaml" })
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/tmp").isEmpty)
    }

    /// Spine texts at the edges of CSV reading: BOM and CRLF, no final line end, a header
    /// only, an empty file, an unterminated quote, a row with too many fields.
    static let edgeSpines = [
        "\u{FEFF}card,t\r\nc1,2024-01-02T10:00:00Z\r\nc2,2024-01-02T11:00:00Z",
        "card,t\n", "card,t", "", "card,t\nc1,\"2024-01-02T10:00:00Z\n", "card,t\nc1,2024-01-02T10:00:00Z,x\n",
    ]

    @Test("edges of CSV reading: the same output or the same error", arguments: edgeSpines)
    func edges(_ spine: String) throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try spine.write(toFile: dir + "/spine.csv", atomically: true, encoding: .utf8)
        try "card,ts,limit\nc1,2024-01-01T00:00:00Z,\"1,00\"\nc2,2024-01-02T00:00:00Z,50".write(toFile: dir + "/prof.csv", atomically: true, encoding: .utf8)
        let spec = try SpecDecoder.decode(text: "version: 1\nspine: {path: spine.csv, keys: [card], time: t}\nviews:\n  - {name: prof, path: prof.csv, keys: [card], time: ts, features: [limit]}\n",
                                          path: "spec.yaml", baseDirectory: dir)
        let r = try Self.both(spec, level: .realtime, partitions: 3)
        switch (r.memory, r.spilled) {
        case let (.success(a), .success(b)): #expect(a == b)
        case let (.failure(a), .failure(b)): #expect(a == b)
        default: Issue.record("\(r.memory) vs \(r.spilled)")
        }
        #expect(r.left.isEmpty)
    }

    @Test("CSV chunks cut only at record ends, whatever the chunk size")
    func chunksKeepRecordsWhole() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var text = "a,b\r\n"
        for i in 0..<3000 { text += "\"x\(i)\n,\"\"y\"\"\",\(i)\r\n" }
        try text.write(toFile: dir + "/x.csv", atomically: true, encoding: .utf8)
        let whole = try CSVReader.read(path: dir + "/x.csv")
        let chunks = try CSVChunks(path: dir + "/x.csv", keep: nil, chunkBytes: 1)  // 64 KiB at least
        var rows = 0
        while let t = try chunks.next() {
            for r in 0..<t.rowCount {
                #expect(t.columns[0]!.withField(r) { Array($0) } == whole.columns[0]!.withField(rows + r) { Array($0) })
                #expect(t.line(ofRow: r) == whole.line(ofRow: rows + r))
            }
            rows += t.rowCount
        }
        #expect(rows == 3000)
        #expect(chunks.sha256Hex() == Checksum.sha256Hex(try FileBytes.read(path: dir + "/x.csv")))
    }

    @Test("sizes and the spill decision")
    func budget() throws {
        #expect(try MemoryBudget.parse("2GiB") == 2 << 30)
        #expect(try MemoryBudget.parse("512MiB") == 512 << 20)
        #expect(try MemoryBudget.parse("3GB") == 3_000_000_000)
        #expect(throws: VantageError.self) { try MemoryBudget.parse("2 lots") }
        #expect(throws: VantageError.self) { try MemoryBudget.parse("12") }
        let b = MemoryBudget(bytes: 512 << 20, tmp: "/tmp")
        #expect(b.partitions(inputBytes: 100 << 20) == nil)
        #expect(b.partitions(inputBytes: 1_330_000_000)! >= 8)
        #expect(MemoryBudget(bytes: 1 << 40, tmp: "/tmp", forcedPartitions: 7).partitions(inputBytes: 10) == 7)
    }
}
