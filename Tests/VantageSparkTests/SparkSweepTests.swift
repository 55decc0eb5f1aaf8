import Foundation
import Testing
import VantageCore
@testable import VantageSpark

/// `vantage sweep --engine spark` end to end on local Spark: the finished folder equals
/// the Swift sweep's (files byte for byte, the profile), and a failing job is reported
/// with its error while leaving no folder behind.
@Suite("Spark sweep", .serialized)
struct SparkSweepTests {
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-spark-sweep-\(getpid())").path

    func python() throws -> SparkLauncher {
        guard let p = SparkLauncher.search("python3", ProcessInfo.processInfo.environment) else {
            throw VantageError.usage("python3 is needed for the Spark tests")
        }
        return SparkLauncher(executable: p, isSparkSubmit: false)
    }

    @Test("the folder is the Swift sweep's: level files, manifest outputs, profile")
    func sweepMatchesSwift() throws {
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        guard let c = try ConformanceCorpus.all().first(where: { $0.name == "delay_per_view" }) else {
            Issue.record("missing conformance case")
            return
        }
        let spec = try c.spec()
        let levels = try SweepRun.levels(c.levels.map(\.text))
        let swift = try SweepRun.run(spec: spec, out: work + "/swift", options: .init(levels: levels))
        let spark = try SparkSweep.run(spec: spec, out: work + "/spark", options: .init(
            levels: levels, sparkSubmit: nil, master: "local[2]", launcher: try python()))
        #expect(spark.profile == swift.profile)
        #expect(spark.manifest.outputs == swift.manifest.outputs)
        #expect(spark.manifest.inputs == swift.manifest.inputs)
        #expect(spark.manifest.levels == swift.manifest.levels)
        for level in levels {
            #expect(try FileBytes.read(path: "\(work)/spark/\(level.name).csv") == FileBytes.read(path: "\(work)/swift/\(level.name).csv"),
                    "\(level.name).csv differs")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: work + "/spark").sorted()
        #expect(left == (levels.map { $0.name + ".csv" } + ["sweep.json"]).sorted())
        let decoded = try JSONDecoder().decode(SweepRun.Report.self, from: Data(try FileBytes.read(path: work + "/spark/sweep.json")))
        #expect(decoded.profile == swift.profile)
    }

    @Test("a failing job surfaces its error and leaves no folder")
    func failureLeavesNothing() throws {
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        try Array("k,t\na,2024-05-01T00:00:00Z\nb,2024-13-01\n".utf8).write(to: work + "/spine.csv")
        try Array("k,ts,x\na,2024-04-01T00:00:00Z,1\n".utf8).write(to: work + "/f.csv")
        let spec = try SpecDecoder.decode(text: """
            version: 1
            spine: {path: spine.csv, keys: [k], time: t}
            views:
              - {name: f, path: f.csv, keys: [k], time: ts, features: [x]}
            """, path: work + "/spec.yaml", baseDirectory: work)
        do {
            _ = try SparkSweep.run(spec: spec, out: work + "/out", options: .init(
                levels: [.realtime], master: "local[2]", launcher: try python()))
            Issue.record("expected the job to fail")
        } catch let error as VantageError {
            #expect(error.description.contains("spine.csv, line 3, column 2: column t: expected a time (iso8601), got \"2024-13-01\""),
                    "\(error)")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: work).sorted()
        #expect(left == ["f.csv", "spine.csv"], "left behind: \(left)")
    }
}
