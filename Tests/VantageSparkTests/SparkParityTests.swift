import Foundation
import Testing
import VantageCore
@testable import VantageSpark

/// Every conformance case compiled to a Spark job and run on local Spark, in one driver
/// process that keeps one Spark session (so the suite takes minutes, not an hour), then
/// compared value by value with the case's expected CSVs at every level, and its
/// freshness profile with the Swift sweep's. If pyspark or Java cannot run, the test
/// fails and says so: it never passes without having run.
@Suite("Spark parity", .serialized)
struct SparkParityTests {
    @Test("every conformance case gives the expected values on Spark")
    func conformanceOnSpark() throws {
        let cases = try ConformanceCorpus.all()
        #expect(cases.count == 52)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-spark-parity-\(getpid())").path
        try? FileManager.default.removeItem(atPath: work)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        var jobs = [(name: String, job: String, out: String)]()
        var specs = [Spec]()
        for (i, c) in cases.enumerated() {
            let spec = try c.spec()
            let levels = try SweepRun.levels(c.levels.map(\.text))
            let job = "\(work)/job_\(i).py"
            try Array(try SparkCompiler.compile(spec, options: .init(levels: levels)).utf8).write(to: job)
            jobs.append((c.name, job, "\(work)/out_\(i)"))
            specs.append(spec)
        }
        let driver = "\(work)/driver.py"
        try Array(ParityDriver.source(jobs: jobs.map { ($0.job, $0.out) }).utf8).write(to: driver)
        let (status, log) = try ParityDriver.run(driver)
        guard status == 0 else {
            Issue.record("the Spark parity run could not run (pyspark with Java 17 is needed; .ci/run installs pyspark): exit \(status)\n\(log.suffix(3000))")
            return
        }
        for (i, c) in cases.enumerated() {
            let out = jobs[i].out
            if let error = try? String(contentsOfFile: out + "/error.txt", encoding: .utf8) {
                Issue.record("\(c.name): the Spark job failed: \(error)")
                continue
            }
            let written = try SweepRun.levels(c.levels.map(\.text))
            for level in c.levels {
                // A sweep writes one file per schedule (`lag-0s` is `lag-0`'s file).
                let parsed = try FreshnessLevel(parsing: level.text)
                let file = written.first { $0.isSameSchedule(as: parsed) }?.name ?? level.text
                let actualBytes = try FileBytes.read(path: "\(out)/\(file).csv")
                let actual = try CSVReader.parse(actualBytes, file: "spark")
                let expected = try CSVReader.parse(try FileBytes.read(path: "\(c.directory)/expected/\(level.name).csv"), file: "expected")
                let problems = ConformanceCorpus.compare(expected: expected, actual: actual, kinds: c.kinds)
                #expect(problems.isEmpty, "\(c.name) at \(level.text) on Spark:\n\(problems.prefix(10).joined(separator: "\n"))")
                #expect(actualBytes.suffix(2) == [13, 10], "\(c.name) at \(level.text): records must end in CRLF")
            }
            // The freshness profile equals the Swift sweep's.
            let swiftOut = "\(work)/swift_\(i)"
            let levels = try SweepRun.levels(c.levels.map(\.text))
            let swift = try SweepRun.run(spec: specs[i], out: swiftOut, options: .init(levels: levels))
            let report = try JSONDecoder().decode(SparkSweep.JobReport.self, from: Data(try FileBytes.read(path: out + "/profile.json")))
            #expect(report.profile == swift.profile, "\(c.name): profile on Spark \(report.profile) vs Swift \(swift.profile)")
        }
    }
}

extension Array where Element == UInt8 {
    func write(to path: String) throws { try AtomicFile.write(self, to: path) }
}
