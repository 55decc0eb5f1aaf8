import Foundation
import VantageCore

/// Runs a compiled job to completion, its output captured to a file (Spark logs a lot
/// to stderr), and turns a failure into one `error:` paragraph holding the Spark
/// error's first lines.
enum SparkJobProcess {
    static func run(_ launcher: SparkLauncher, arguments: [String], log: String) throws(VantageError) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: launcher.executable)
        process.arguments = arguments
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: log) else {
            throw .io(path: log, message: "cannot create the Spark job's log")
        }
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw .io(path: launcher.executable, message: "cannot start the Spark job: \(error.localizedDescription)")
        }
        // Polls rather than blocking, so a SIGINT/SIGTERM to vantage stops the job too and
        // unwinds through the usual clean-up (the staging folder is removed).
        while process.isRunning {
            if Cancellation.requestedSignal != nil {
                process.terminate()
                process.waitUntilExit()
                try Cancellation.check()
            }
            usleep(50_000)
        }
        try Cancellation.check()
        guard process.terminationStatus != 0 else { return }
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        throw .io(path: "spark job", message: "failed (exit \(process.terminationStatus)): " + summary(text))
    }

    /// The lines that say what went wrong: the job's own `error:` lines, else the first
    /// exception and the lines after it, else the log's last lines.
    static func summary(_ log: String) -> String {
        let lines = log.split(separator: "\n", omittingEmptySubsequences: true).map { String($0).trimmingCharacters(in: .whitespaces) }
        let own = lines.filter { $0.hasPrefix("error: ") }.map { String($0.dropFirst(7)) }
        if !own.isEmpty { return own.joined(separator: "\n") }
        if let i = lines.firstIndex(where: isExceptionLine) {
            return lines[i...].filter { !$0.hasPrefix("at ") }.prefix(4).joined(separator: "\n")
        }
        return lines.suffix(6).joined(separator: "\n")
    }

    /// `pkg.SomeError: message` or `java.lang.SomeException: message`: a name without
    /// spaces ending in Error or Exception, then a colon.
    static func isExceptionLine(_ line: String) -> Bool {
        guard let colon = line.firstIndex(of: ":") else { return false }
        let name = line[..<colon]
        return !name.contains(" ") && (name.hasSuffix("Error") || name.hasSuffix("Exception"))
    }
}
