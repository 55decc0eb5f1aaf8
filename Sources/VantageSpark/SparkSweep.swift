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

    public static func run(spec: Spec, out: String, options: Options) throws(VantageError) -> SweepRun.Report {
        let started = Date()
        let program = try SparkCompiler.compile(spec, options: .init(levels: options.levels, eachView: options.eachView, withAge: options.withAge))
        let launcher: SparkLauncher
        if let given = options.launcher { launcher = given } else { launcher = try SparkLauncher.locate(sparkSubmit: options.sparkSubmit) }
        let fm = FileManager.default
        let final = URL(fileURLWithPath: out).standardizedFileURL
        let parent = final.deletingLastPathComponent().path
        let stem = parent + "/." + final.lastPathComponent + ".spark-\(getpid())"
        let staging = stem + ".tmp", jobPath = stem + ".job.py", log = stem + ".log"
        do {
            try fm.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw .io(path: out, message: "cannot create the output folder's parent: \(error.localizedDescription)")
        }
        try? fm.removeItem(atPath: staging)
        defer {
            try? fm.removeItem(atPath: staging)
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
        var eachView: [String: [String: String]]?
        if options.eachView {
            var files = [String: [String: String]]()
            let candidates = Set(spec.candidateViews)
            for v in spec.views where candidates.contains(v.name) {
                for level in options.levels { files[v.name, default: [:]][level.name] = "each-view/\(v.name)/\(level.name).csv" }
            }
            eachView = files
        }
        let manifest = Manifest(
            command: "sweep", createdAt: Timestamp.format(Int64(Date().timeIntervalSince1970 * 1e6)),
            spec: Manifest.specRecord(spec), inputs: try inputRecords(spec, rows: job.inputs),
            levels: options.levels.map(\.name), viewLevels: nil, outputs: outputs,
            timingsSeconds: ["spark": Date().timeIntervalSince(started)])
        let report = SweepRun.Report.report(manifest: manifest, profile: job.profile, eachView: eachView)
        try AtomicFile.write(try JSONOutput.encode(report), to: staging + "/sweep.json")
        if fm.fileExists(atPath: final.path) {
            do { try fm.removeItem(atPath: final.path) } catch {
                throw .io(path: out, message: "cannot replace the existing folder: \(error.localizedDescription)")
            }
        }
        guard rename(staging, final.path) == 0 else {
            throw .io(path: out, message: "cannot rename the finished folder into place: \(String(cString: strerror(errno)))")
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
