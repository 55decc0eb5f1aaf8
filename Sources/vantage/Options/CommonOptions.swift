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

/// Runs a command body, mapping library errors to messages on stderr and exit codes
/// (1 for failures, 64 for usage errors), and removing temporary files on Ctrl-C.
enum CommandRunner {
    static func run(_ body: () throws -> Void) throws {
        SignalCleanup.install()
        do {
            try body()
        } catch let error as VantageError {
            FileHandle.standardError.write(Data(("error: " + error.description + "\n").utf8))
            throw ExitCode(error.isUsage ? 64 : 1)
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            // ArgumentParser prints these with the usage line and exits 64.
            throw error
        } catch {
            // Anything else (Foundation, the system) is a failure, in the same `error:` form.
            FileHandle.standardError.write(Data(("error: \(error.localizedDescription)\n").utf8))
            throw ExitCode(1)
        }
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

/// SIGINT/SIGTERM remove the temporary files of outputs being written, then exit, so an
/// interrupted run leaves nothing partial under a final name.
enum SignalCleanup {
    nonisolated(unsafe) static var installed = false
    nonisolated(unsafe) static var sources: [DispatchSourceSignal] = []

    static func install() {
        guard !installed else { return }
        installed = true
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let src = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            src.setEventHandler {
                TemporaryFiles.shared.removeAll()
                exit(128 + sig)
            }
            src.resume()
            sources.append(src)
        }
    }
}

func loadSpec(_ path: String) throws -> Spec {
    try SpecDecoder.load(path: path)
}

func parseLevel(_ text: String) throws -> FreshnessLevel {
    do {
        return try FreshnessLevel(parsing: text)
    } catch {
        throw ValidationError(error.description)
    }
}
