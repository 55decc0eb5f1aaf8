import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Generates `scenario` into `directory`: its CSV tables and a `spec.yaml` whose
/// paths are relative to the folder.
///
/// Deterministic: the same scenario, `events` and `seed` give byte-identical
/// files (one `xoshiro256**` stream per purpose, no clock, no system
/// randomness). Rows are streamed to disk a day at a time; memory grows with the
/// number of entities (cards, merchants, applicants, hospitals), not of rows.
/// Each table is written to a hidden `.partial` file and renamed into place when
/// complete; files of the same names are replaced, other files are left alone.
///
/// - Parameters:
///   - scenario: which scenario.
///   - events: the number of spine rows (``Scenario/eventNoun``), in
///     ``Scenario/supportedEvents``.
///   - seed: the seed of every random draw.
///   - directory: the output folder, created if missing.
///   - progress: called now and then with the fraction done, from 0 to 1, on
///     the calling thread.
/// - Returns: the tables written, with row counts, sizes and time ranges.
/// - Throws: ``DatasetsError``.
/// - Complexity: O(events + entities × days) time.
public func generate(
    _ scenario: Scenario,
    events: Int,
    seed: UInt64,
    into directory: URL,
    progress: ((Double) -> Void)? = nil
) throws -> GeneratedScenario {
    guard Scenario.supportedEvents.contains(events) else {
        throw DatasetsError.eventsOutOfRange(events, supported: Scenario.supportedEvents)
    }
    try _prepareDirectory(directory)
    progress?(0)
    let report: (Double) -> Void = { fraction in progress?(min(0.99, fraction)) }
    let tables: [GeneratedFile]
    let spec: String
    switch scenario {
    case .fraud:
        let generator = FraudGenerator(events: events, seed: seed)
        tables = try generator.run(into: directory, progress: report)
        spec = FraudGenerator.spec(events: events, seed: seed)
    case .credit:
        let generator = CreditGenerator(events: events, seed: seed)
        tables = try generator.run(into: directory, progress: report)
        spec = CreditGenerator.spec(events: events, seed: seed)
    case .erWait:
        let generator = ERWaitGenerator(events: events, seed: seed)
        tables = try generator.run(into: directory, progress: report)
        spec = ERWaitGenerator.spec(events: events, seed: seed)
    }
    try _writeText(spec, named: "spec.yaml", in: directory)
    progress?(1)
    return GeneratedScenario(
        scenario: scenario, directory: directory, events: events, seed: seed,
        tables: tables, specFile: "spec.yaml")
}

/// Creates `directory` (and its parents) unless it exists as a directory.
func _prepareDirectory(_ directory: URL) throws {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
        guard isDirectory.boolValue else { throw DatasetsError.notADirectory(path: directory.path) }
        return
    }
    do {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
        throw DatasetsError.cannotCreateDirectory(path: directory.path, reason: error.localizedDescription)
    }
}

/// Writes a small text file through a `.partial` file and a rename.
func _writeText(_ text: String, named name: String, in directory: URL) throws {
    let url = directory.appendingPathComponent(name)
    let partial = directory.appendingPathComponent(".\(name).partial")
    do {
        try Data(text.utf8).write(to: partial)
    } catch {
        try? FileManager.default.removeItem(at: partial)
        throw DatasetsError.cannotWrite(path: url.path, reason: error.localizedDescription)
    }
    try _moveReplacing(partial, to: url)
}

/// Renames `source` to `destination`, atomically replacing an existing file
/// (POSIX `rename`); on failure removes `source`.
func _moveReplacing(_ source: URL, to destination: URL) throws {
    if rename(source.path, destination.path) != 0 {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: source)
        throw DatasetsError.cannotWrite(path: destination.path, reason: reason)
    }
}

/// Runs `body` with the writers, finishing every one on success and discarding
/// every partial file on failure.
func _withWriters(_ writers: [ScenarioCSVWriter], _ body: () throws -> Void) throws -> [GeneratedFile] {
    do {
        try body()
        for writer in writers { try writer.finish() }
    } catch {
        for writer in writers { writer.discard() }
        throw error
    }
    return writers.map(\.generatedFile)
}
