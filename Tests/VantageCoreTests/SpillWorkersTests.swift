import Foundation
import Testing
@testable import VantageCore

/// Partitions joined several at once (issue 12) give the bytes and the errors of a run
/// that joins them one after the other.
@Suite("spill partitions in parallel", .serialized)
struct SpillWorkersTests {
    /// Joins `spec` spilled into `partitions`, `workers` at a time.
    static func spilled(_ spec: Spec, level: FreshnessLevel, partitions: Int, workers: Int, dir: String) -> Result<[UInt8], VantageError> {
        let out = dir + "/out-\(workers).csv"
        do throws(VantageError) {
            _ = try JoinRun.run(spec: spec, level: level, out: out,
                                memory: MemoryBudget(bytes: 1 << 40, tmp: dir, forcedPartitions: partitions, forcedWorkers: workers))
            return .success(try FileBytes.read(path: out))
        } catch {
            return .failure(error)
        }
    }

    @Test("random cases: one, two or four partitions at once, the in-memory bytes")
    func sameBytes() throws {
        for seed in 0..<UInt64(30) {
            let dir = try SpillTests.folder()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let (spec, level) = try SpillTests.randomCase(seed: seed, dir: dir)
            _ = try JoinRun.run(spec: spec, level: level, out: dir + "/memory.csv", memory: MemoryBudget(bytes: 1 << 40, tmp: dir))
            let memory = try FileBytes.read(path: dir + "/memory.csv")
            for workers in [1, 2, 4] {
                let r = Self.spilled(spec, level: level, partitions: 2 + Int(seed % 7), workers: workers, dir: dir)
                #expect(r == .success(memory), "seed \(seed), \(workers) at once")
            }
            #expect(!(try FileManager.default.contentsOfDirectory(atPath: dir)).contains { $0.hasPrefix(SpillFolder.prefix) })
        }
    }

    @Test("bad times in several partitions: the error of the first, however many run at once")
    func firstErrorInOrder() throws {
        let dir = try SpillTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var f = "k,ts,x\n"
        for i in 0..<400 { f += "k\(i % 40),\(i % 37 == 36 ? "bad" : "2024-01-01T00:00:00Z"),\(i)\n" }
        try f.write(toFile: dir + "/f.csv", atomically: true, encoding: .utf8)
        var spine = "k,t\n"
        for i in 0..<40 { spine += "k\(i),2024-02-01T00:00:00Z\n" }
        try spine.write(toFile: dir + "/spine.csv", atomically: true, encoding: .utf8)
        let spec = try SpecDecoder.decode(text: "version: 1\nspine: {path: spine.csv, keys: [k], time: t}\nviews:\n  - {name: f, path: f.csv, keys: [k], time: ts, features: [x]}\n",
                                          path: "spec.yaml", baseDirectory: dir)
        let one = Self.spilled(spec, level: .realtime, partitions: 9, workers: 1, dir: dir)
        guard case .failure = one else { Issue.record("expected an error, got \(one)"); return }
        for _ in 0..<5 {
            #expect(Self.spilled(spec, level: .realtime, partitions: 9, workers: 4, dir: dir) == one)
        }
    }

    @Test("the worker pool: results in order; the first failing index's error")
    func pool() throws {
        let squares = try PartitionWorkers.run(50, workers: 3) { (i) throws(VantageError) -> Int in i * i }
        #expect(squares == (0..<50).map { $0 * $0 })
        #expect(throws: VantageError.usage("7")) {
            _ = try PartitionWorkers.run(50, workers: 4) { (i) throws(VantageError) -> Int in
                if i == 7 || i == 30 { throw .usage("\(i)") }
                return i
            }
        }
    }

    @Test("how many partitions fit the budget at once")
    func workersForBudget() {
        let b = MemoryBudget(bytes: 512 << 20, tmp: "/tmp")
        #expect(b.partitionWorkers(largest: 60 << 20) == 1)  // 180 MiB a partition: one in 256 MiB
        #expect(b.partitionWorkers(largest: 40 << 20) == min(2, ProcessInfoCores.count))
        #expect(b.partitionWorkers(largest: 1 << 30) == 1)
        #expect(MemoryBudget(bytes: 512 << 20, tmp: "/tmp", forcedWorkers: 3).partitionWorkers(largest: 1 << 30) == 3)
    }
}
