import Foundation
import VantageCore

/// How a compiled job is started: `spark-submit` (given, on PATH, or in `SPARK_HOME`),
/// else `python3` with the `pyspark` package. `--master` goes to spark-submit before the
/// program, or to the program itself under python3.
public struct SparkLauncher: Sendable, Equatable {
    public var executable: String
    public var isSparkSubmit: Bool

    public init(executable: String, isSparkSubmit: Bool) {
        self.executable = executable
        self.isSparkSubmit = isSparkSubmit
    }

    /// The launcher to use; `sparkSubmit` is an explicit path and must exist.
    public static func locate(sparkSubmit: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(VantageError) -> SparkLauncher
    {
        let fm = FileManager.default
        if let sparkSubmit {
            guard fm.isExecutableFile(atPath: sparkSubmit) else {
                throw .usage("--spark-submit \(sparkSubmit): no executable there")
            }
            return SparkLauncher(executable: sparkSubmit, isSparkSubmit: true)
        }
        if let found = search("spark-submit", environment) { return SparkLauncher(executable: found, isSparkSubmit: true) }
        if let home = environment["SPARK_HOME"], fm.isExecutableFile(atPath: home + "/bin/spark-submit") {
            return SparkLauncher(executable: home + "/bin/spark-submit", isSparkSubmit: true)
        }
        if let python = search("python3", environment) { return SparkLauncher(executable: python, isSparkSubmit: false) }
        throw .usage("no spark-submit (on PATH or in SPARK_HOME) and no python3 to run the Spark job; install Spark or pip install pyspark, or give --spark-submit PATH")
    }

    static func search(_ name: String, _ environment: [String: String]) -> String? {
        for dir in (environment["PATH"] ?? "").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// The argument list for running `job` into `out`.
    public func arguments(job: String, out: String, master: String?) -> [String] {
        if isSparkSubmit { return (master.map { ["--master", $0] } ?? []) + [job, "--out", out] }
        return [job, "--out", out] + (master.map { ["--master", $0] } ?? [])
    }
}
