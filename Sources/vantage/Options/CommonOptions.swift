import ArgumentParser
import Foundation
import VantageCore

/// How to treat unparseable timestamps in inputs.
struct InputOptions: ParsableArguments {
    @Flag(name: .customLong("drop-bad-times"), help: "Skip rows whose time cannot be parsed, and report how many, instead of failing.")
    var dropBadTimes = false
}

/// Prints how many rows each input lost to unparseable times.
func reportDropped(_ inputs: [InputRecord]) {
    for i in inputs {
        if let d = i.droppedRows, d > 0 { print("  dropped \(d) row\(d == 1 ? "" : "s") with an unparseable time from \(i.source)") }
    }
}

/// Flags every command shares.
struct CommonOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print nothing but errors: no progress, no summary.")
    var quiet = false
}

/// Runs a command body, mapping library errors to one `error:` paragraph on stderr and
/// an exit code (1 for failures, 64 for usage errors, 130/143 when interrupted by
/// SIGINT/SIGTERM). Outputs are staged and removed by the errors' unwinding, so an
/// interrupted run leaves nothing partial under a final name.
enum CommandRunner {
    static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as VantageError {
            ErrorOutput.write(error.description)
            throw ExitCode(error.exitCode)
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            // Anything else (Foundation, the system) is a failure, in the same `error:` form.
            ErrorOutput.write(error.localizedDescription)
            throw ExitCode(1)
        }
    }
}

/// The one form of every error message: `error: <what>` on stderr, an optional hint on
/// the next line.
enum ErrorOutput {
    static func write(_ message: String, hint: String? = nil) {
        var text = "error: " + message + "\n"
        if let hint, !hint.isEmpty { text += hint + "\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Progress lines on stderr, only on a terminal and without `--quiet`.
struct Progress: Sendable {
    let enabled: Bool

    init(quiet: Bool) { enabled = !quiet && isatty(2) != 0 }

    func callAsFunction(_ message: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + message).utf8))
    }

    func done() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    var callback: (@Sendable (String) -> Void)? {
        guard enabled else { return nil }
        let p = self
        return { p($0) }
    }
}

/// Reads the spec and refuses, before any work, inputs that are not regular files.
func loadSpec(_ path: String) throws -> Spec {
    try OutputCheck.requireRegularFile(path, role: "spec")
    let spec = try SpecDecoder.load(path: path)
    try OutputCheck.requireRegularInputs(spec)
    return spec
}

func parseLevel(_ text: String) throws -> FreshnessLevel {
    do {
        return try FreshnessLevel(parsing: text)
    } catch {
        throw ValidationError(error.description)
    }
}
