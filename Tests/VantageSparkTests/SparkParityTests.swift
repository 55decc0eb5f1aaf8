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
        // Extra runs: views read from Parquet; --each-view and --with-age against the Swift sweep.
        var parquet = [(csv: String, folder: String)]()
        var parquetRuns = [(index: Int, out: String)]()
        if let i = cases.firstIndex(where: { $0.name == Self.parquetCase }) {
            var spec = specs[i]
            for v in spec.views.indices {
                guard case let .csv(path) = spec.views[v].source else { continue }
                let folder = "\(work)/parquet_\(v)"
                if !parquet.contains(where: { $0.csv == path }) { parquet.append((path, folder)) }
                spec.views[v].source = .parquet(path: parquet.first { $0.csv == path }?.folder ?? folder)
            }
            let job = "\(work)/job_parquet.py", out = "\(work)/out_parquet"
            try Array(try SparkCompiler.compile(spec, options: .init(levels: try SweepRun.levels(cases[i].levels.map(\.text)))).utf8).write(to: job)
            jobs.append((cases[i].name + " (parquet)", job, out))
            parquetRuns.append((i, out))
        }
        var optionRuns = [(index: Int, out: String, spec: Spec)]()
        for name in Self.optionCases {
            guard let i = cases.firstIndex(where: { $0.name == name }) else {
                Issue.record("no conformance case \(name)")
                continue
            }
            let job = "\(work)/job_options_\(i).py", out = "\(work)/out_options_\(i)"
            let options = SparkCompiler.Options(levels: try SweepRun.levels(cases[i].levels.map(\.text)), eachView: true, withAge: true)
            // Only the first view varies; the others stay at their own cadence-1h.
            var spec = specs[i]
            if spec.views.count > 1 {
                spec.freshness.views = [spec.views[0].name]
                for v in spec.views.indices.dropFirst() { spec.views[v].freshness = try FreshnessLevel(parsing: "cadence-1h") }
            }
            try Array(try SparkCompiler.compile(spec, options: options).utf8).write(to: job)
            jobs.append((name + " (each view, with age)", job, out))
            optionRuns.append((i, out, spec))
        }
        let driver = "\(work)/driver.py"
        try Array(ParityDriver.source(jobs: jobs.map { ($0.job, $0.out) }, parquet: parquet).utf8).write(to: driver)
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
        for run in parquetRuns {
            let c = cases[run.index]
            #expect(!FileManager.default.fileExists(atPath: run.out + "/error.txt"), "\(c.name) from Parquet failed: \((try? String(contentsOfFile: run.out + "/error.txt", encoding: .utf8)) ?? "")")
            for level in c.levels {
                let actual = try CSVReader.parse(try FileBytes.read(path: "\(run.out)/\(level.text).csv"), file: "spark")
                let expected = try CSVReader.parse(try FileBytes.read(path: "\(c.directory)/expected/\(level.name).csv"), file: "expected")
                let problems = ConformanceCorpus.compare(expected: expected, actual: actual, kinds: c.kinds)
                #expect(problems.isEmpty, "\(c.name) from Parquet at \(level.text):\n\(problems.prefix(10).joined(separator: "\n"))")
            }
        }
        // With --each-view and --with-age every file is byte for byte the Swift sweep's.
        for run in optionRuns {
            let c = cases[run.index]
            let swiftOut = "\(work)/swift_options_\(run.index)"
            let levels = try SweepRun.levels(c.levels.map(\.text))
            _ = try SweepRun.run(spec: run.spec, out: swiftOut, options: .init(levels: levels, eachView: true, withAge: true))
            let files = (FileManager.default.enumerator(atPath: swiftOut)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".csv") }.sorted()
            #expect(files.count >= levels.count * 2, "\(c.name): expected level and each-view files, found \(files)")
            for f in files {
                let mine = try? FileBytes.read(path: "\(run.out)/\(f)")
                let theirs = try FileBytes.read(path: "\(swiftOut)/\(f)")
                #expect(mine == theirs, "\(c.name) --each-view --with-age: \(f) differs from the Swift sweep's")
            }
        }
    }

    /// A case whose views are rewritten as Parquet (several views, lookups and windows).
    static let parquetCase = "multi_view_column_order"
    /// Cases also run with --each-view and --with-age: several views, fixed and varied
    /// views, TTL, delays, month lags, composite and empty keys.
    static let optionCases = ["multi_view_column_order", "lag_month_nonmonotone", "cadence_with_delay", "ttl_zero_and_delay_zero",
                              "created_ttl", "window_month_clamp", "empty_key_parts", "composite_keys"]
}

extension Array where Element == UInt8 {
    func write(to path: String) throws { try AtomicFile.write(self, to: path) }
}
