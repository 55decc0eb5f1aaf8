import Foundation

/// The parity suite's driver: one Python process and one local Spark session (2 cores,
/// UI off, few shuffle partitions) that imports every compiled job as a module and runs
/// its `run(spark, out)`, four at a time, writing `error.txt` where a job fails.
enum ParityDriver {
    /// `parquet`: CSV files first rewritten by Spark as Parquet folders (one file, in order).
    static func source(jobs: [(job: String, out: String)], parquet: [(csv: String, folder: String)] = []) -> String {
        let list = jobs.map { "(\(quote($0.job)), \(quote($0.out)))" }.joined(separator: ",\n    ")
        let conversions = parquet.map { "(\(quote($0.csv)), \(quote($0.folder)))" }.joined(separator: ",\n    ")
        return """
            import concurrent.futures, importlib.util, os, sys, traceback
            try:
                from pyspark.sql import SparkSession
            except Exception as e:
                sys.stderr.write("pyspark cannot be imported: %s\\n" % e)
                sys.exit(3)
            JOBS = [
                \(list)
            ]
            spark = (SparkSession.builder.master("local[2]").appName("vantage parity")
                     .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                     .config("spark.sql.shuffle.partitions", "2").config("spark.sql.session.timeZone", "UTC")
                     .getOrCreate())
            spark.sparkContext.setLogLevel("ERROR")
            for csv_path, folder in [
                \(conversions)
            ]:
                (spark.read.options(header=True, inferSchema=False).csv(csv_path)
                 .coalesce(1).write.mode("overwrite").parquet(folder))

            def one(item):
                job, out = item
                try:
                    spec = importlib.util.spec_from_file_location(os.path.basename(job)[:-3], job)
                    module = importlib.util.module_from_spec(spec)
                    spec.loader.exec_module(module)
                    module.run(spark, out)
                except Exception:
                    os.makedirs(out, exist_ok=True)
                    with open(os.path.join(out, "error.txt"), "w") as f:
                        f.write(traceback.format_exc())

            with concurrent.futures.ThreadPoolExecutor(4) as pool:
                list(pool.map(one, JOBS))
            spark.stop()

            """
    }

    static func quote(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Runs the driver with python3; returns its exit status and its output.
    static func run(_ driver: String) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", driver]
        let log = driver + ".log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        p.standardOutput = handle
        p.standardError = handle
        do { try p.run() } catch { return (127, "python3 cannot be started: \(error)") }
        p.waitUntilExit()
        try handle.close()
        return (p.terminationStatus, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }
}
