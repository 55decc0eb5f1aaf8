import Foundation
import VantageCore

/// `vantage sweep --engine spark`: compiles the spec, runs the job into a staging folder
/// next to `out`, then finishes the folder exactly as `SweepRun` does: `<level>.csv` per
/// level (written by Spark), `sweep.json` with the manifest and the freshness profile
/// (from the job's `profile.json`, which is then removed). The folder is renamed into
/// place only when complete; a failed job leaves nothing behind.
public enum SparkSweep {
    public struct Options: Sendable {
        public var levels: [FreshnessLevel]
        public var eachView: Bool
        public var withAge: Bool
        /// An explicit spark-submit; nil: search (see `SparkLauncher.locate`).
        public var sparkSubmit: String?
        public var master: String?
        public var progress: (@Sendable (String) -> Void)?
        /// A launcher chosen by the caller (tests); nil: `SparkLauncher.locate(sparkSubmit:)`.
        public var launcher: SparkLauncher?

        public init(levels: [FreshnessLevel], eachView: Bool = false, withAge: Bool = false, sparkSubmit: String? = nil,
                    master: String? = nil, progress: (@Sendable (String) -> Void)? = nil, launcher: SparkLauncher? = nil) {
            self.launcher = launcher
            self.levels = levels
            self.eachView = eachView
            self.withAge = withAge
            self.sparkSubmit = sparkSubmit
            self.master = master
            self.progress = progress
        }
    }

    /// What the job reports beside its CSV files.
    struct JobReport: Decodable {
        struct Input: Decodable {
            var source: String
            var rows: Int
        }
        struct Output: Decodable {
            var path: String
            var rows: Int
            var columns: Int
        }
        var profile: [FreshnessProfile]
        var inputs: [Input]
        var outputs: [Output]
    }

    /// Sweeps into `out`, staged beside it and renamed into place when complete (a previous
    /// output there is replaced only then).
    public static func run(spec: Spec, out: String, options: Options) throws(VantageError) -> SweepRun.Report {
        let staging = try StagingFolder(final: out)
        let report = try staging.naming(out) { () throws(VantageError) in try write(spec: spec, into: staging.path, options: options) }
        let publication = Publication([.init(staged: staging.path, final: out)])
        try publication.publish()
        publication.finish()
        return report
    }

    /// Runs the job into the existing, empty folder `folder` and finishes it (`sweep.json`).
    /// The compiled program and the job's log are kept in hidden files inside the folder
    /// while it runs, and removed before it returns.
    public static func write(spec: Spec, into folder: String, options: Options) throws(VantageError) -> SweepRun.Report {
        let started = Date()
        let program = try SparkCompiler.compile(spec, options: .init(levels: options.levels, eachView: options.eachView, withAge: options.withAge))
        let launcher: SparkLauncher
        if let given = options.launcher { launcher = given } else { launcher = try SparkLauncher.locate(sparkSubmit: options.sparkSubmit) }
        let fm = FileManager.default
        let staging = folder + "/levels"
        let jobPath = folder + "/.job.py", log = folder + "/.job.log"
        let out = folder
        defer {
            try? fm.removeItem(atPath: jobPath)
            try? fm.removeItem(atPath: log)
        }
        try AtomicFile.write(Array(program.utf8), to: jobPath)
        options.progress?("running the Spark job (\(launcher.isSparkSubmit ? "spark-submit" : "python3 with pyspark"))")
        try SparkJobProcess.run(launcher, arguments: launcher.arguments(job: jobPath, out: staging, master: options.master), log: log)
        let reportPath = staging + "/profile.json"
        let job: JobReport
        do {
            job = try JSONDecoder().decode(JobReport.self, from: Data(try FileBytes.read(path: reportPath)))
        } catch let e as VantageError {
            throw e
        } catch {
            throw .io(path: reportPath, message: "the Spark job's report cannot be read: \(error)")
        }
        try? fm.removeItem(atPath: reportPath)
        options.progress?("finishing \(out)")
        var outputs = [Manifest.OutputRecord]()
        for level in options.levels {
            let name = level.name + ".csv"
            guard let o = job.outputs.first(where: { $0.path == name }), fm.fileExists(atPath: staging + "/" + name) else {
                throw .io(path: out, message: "the Spark job did not write \(name)")
            }
            outputs.append(.record(level: level.name, path: name, rows: o.rows, columns: o.columns))
        }
        var eachView: [String: [String: [String: String]]]?
        var eachViewBaseline: String?
        if options.eachView {
            let baseline = try BaselineChoice(levels: options.levels.map(\.name), requested: nil, spec: spec.freshness.baseline).level
            let files = EachViewFile.index(try EachViewFile.plan(spec: spec, levels: options.levels, baseline: baseline), spec: spec)
            eachView = files
            eachViewBaseline = baseline
        }
        let manifest = Manifest(
            command: "sweep", createdAt: Timestamp.format(Int64(Date().timeIntervalSince1970 * 1e6)),
            spec: Manifest.specRecord(spec), inputs: try inputRecords(spec, rows: job.inputs),
            levels: options.levels.map(\.name), viewLevels: nil, outputs: outputs,
            timingsSeconds: ["spark": Date().timeIntervalSince(started)])
        let report = SweepRun.Report(manifest: manifest, profile: job.profile, eachView: eachView, eachViewBaseline: eachViewBaseline)
        try AtomicFile.write(try JSONOutput.encode(report), to: folder + "/sweep.json")
        // Spark wrote into `levels/`: lift its files into the folder itself.
        do {
            for name in try fm.contentsOfDirectory(atPath: staging) {
                try fm.moveItem(atPath: staging + "/" + name, toPath: folder + "/" + name)
            }
            try fm.removeItem(atPath: staging)
        } catch {
            throw .io(path: folder, message: "cannot move the Spark job's files into place: \(error.localizedDescription)")
        }
        return report
    }

    /// The manifest's inputs in the Swift sweep's order and roles (spine first, then each
    /// distinct view source), rows as Spark counted them, size and SHA-256 for local files.
    static func inputRecords(_ spec: Spec, rows: [JobReport.Input]) throws(VantageError) -> [InputRecord] {
        var sources: [SourceLocation] = [spec.spine.source]
        for v in spec.views where !sources.contains(v.source) { sources.append(v.source) }
        var out = [InputRecord]()
        for (i, s) in sources.enumerated() {
            let role = i == 0 ? "spine" : spec.views.filter { $0.source == s }.map(\.name).joined(separator: ",")
            let path = s.displayName
            var bytes: Int?, sha: String?
            var isDir: ObjCBool = false
            if case .csv = s, FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue {
                let data = try FileBytes.read(path: path)
                bytes = data.count
                sha = Checksum.sha256Hex(data)
            }
            out.append(InputRecord(role: role, source: path, rows: rows.first { $0.source == path }?.rows ?? 0, bytes: bytes, sha256: sha))
        }
        return out
    }
}
