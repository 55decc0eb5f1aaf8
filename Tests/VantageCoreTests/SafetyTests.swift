import Foundation
import Testing
@testable import VantageCore

/// The library pieces of the write discipline, at their boundaries.
@Suite("write discipline pieces")
struct SafetyTests {
    static func tempDir() throws -> String {
        let d = RealPath.resolve(NSTemporaryDirectory() + "vantage-safety-" + UUID().uuidString)
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    @Test func realPathsResolveLinksDotsAndMissingTails() throws {
        let d = try Self.tempDir()
        try FileManager.default.createDirectory(atPath: d + "/in", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: d + "/link", withDestinationPath: d + "/in")
        #expect(RealPath.resolve(d + "/link") == d + "/in")
        #expect(RealPath.resolve(d + "/link/../in/./x.csv") == d + "/in/x.csv")
        #expect(RealPath.resolve(d + "/in/new/deeper/../f") == d + "/in/new/f")
        #expect(RealPath.contains(d + "/in", d + "/in/a") && RealPath.contains(d + "/in", d + "/in"))
        #expect(!RealPath.contains(d + "/in", d + "/input"))
    }

    @Test func outputsAreCheckedAgainstInputsAndPreviousOutputs() throws {
        let d = try Self.tempDir()
        for f in ["in/spine.csv", "old.csv", "old.csv.manifest.json", "plain.csv", "sw/sweep.json", "other/x"] {
            try FileManager.default.createDirectory(atPath: (d + "/" + f as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: d + "/" + f, contents: Data("x".utf8))
        }
        try FileManager.default.createDirectory(atPath: d + "/empty", withIntermediateDirectories: true)
        let inputs = [OutputCheck.Input(d + "/in/spine.csv", role: "spine")]
        func usage(_ out: String, _ kind: OutputKind, force: Bool = false) -> Bool {
            do { try OutputCheck.check(d + "/" + out, kind: kind, inputs: inputs, force: force); return false } catch { return error.isUsage }
        }
        #expect(usage("in/spine.csv", .joinCSV))            // is an input
        #expect(usage("in", .sweepFolder))                  // contains an input
        #expect(usage("in/spine.csv/x", .sweepFolder))      // lies inside an input
        #expect(usage("in/spine.csv", .joinCSV, force: true))  // --force never overrides an input
        #expect(usage("plain.csv", .joinCSV))               // not a previous output
        #expect(!usage("plain.csv", .joinCSV, force: true))
        #expect(!usage("old.csv", .joinCSV))                // a previous training set with its manifest
        #expect(!usage("sw", .sweepFolder) && usage("sw", .backtestFolder) && usage("other", .sweepFolder))
        #expect(!usage("empty", .reportFolder) && !usage("new/folder", .sweepFolder))
        #expect(throws: VantageError.usage("--out is empty: name the file to write")) {
            try OutputCheck.check("", kind: .joinCSV, inputs: [], force: false)
        }
        // The companion manifest must not be an input either.
        #expect(throws: VantageError.self) {
            try OutputCheck.check(d + "/in/spine", kind: .joinCSV, inputs: [.init(d + "/in/spine.manifest.json", role: "spine")],
                                  companions: [".manifest.json"], force: true)
        }
    }

    @Test(arguments: [("fraud", true), ("card_profile", true), ("a.b-c_9", true), ("Ünïcode", true),
                      ("..", false), (".hidden", false), ("a/b", false), ("", false), ("a b", false), ("a\\b", false), ("x\n", false)])
    func plainNames(name: String, plain: Bool) {
        #expect(PlainName.isPlain(name) == plain)
    }

    @Test func staleEntriesOfDeadProcessesAreRemovedOrRestored() throws {
        let d = try Self.tempDir()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run()
        p.waitUntilExit()
        let dead = p.processIdentifier
        let fm = FileManager.default
        try fm.createDirectory(atPath: d + "/.sw.tmp-\(dead)/x", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: d + "/.gone.old-\(dead)", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: d + "/.kept.old-\(dead)", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: d + "/kept", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: d + "/.mine.tmp-\(getpid())", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: d + "/.notours-12", withIntermediateDirectories: true)
        StaleOutputs.clean(directory: d)
        #expect(try fm.contentsOfDirectory(atPath: d).sorted() == [".mine.tmp-\(getpid())", ".notours-12", "gone", "kept"])
        #expect(StaleOutputs.parse(".a.csv.tmp-42")! == ("a.csv", "tmp", 42))
        #expect(StaleOutputs.parse(".tmp-42") == nil && StaleOutputs.parse("a.tmp-42") == nil)
    }

    @Test func publicationKeepsThePreviousOutputUntilFinishedAndRollsBack() throws {
        let d = try Self.tempDir()
        func write(_ p: String, _ t: String) throws {
            try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try t.write(toFile: p, atomically: false, encoding: .utf8)
        }
        try write(d + "/out/f", "old")
        try write(d + "/stage/f", "new")
        do {
            let p = Publication([.init(staged: d + "/stage", final: d + "/out")])
            try p.publish()
            #expect(try String(contentsOfFile: d + "/out/f", encoding: .utf8) == "new")
            // Released without finish(): rolled back.
        }
        #expect(try String(contentsOfFile: d + "/out/f", encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: d).sorted() == ["out"])
        // A second move that fails undoes the first.
        try write(d + "/stage2/f", "new")
        let failing = Publication([.init(staged: d + "/stage2", final: d + "/out"), .init(staged: d + "/missing", final: d + "/other")])
        #expect(throws: VantageError.self) { try failing.publish() }
        #expect(try String(contentsOfFile: d + "/out/f", encoding: .utf8) == "old")
        // (Rolling back removed what it had published.)
        #expect(RealPath.kind(d + "/stage2") == .missing)
        try write(d + "/stage2/f", "new")
        let ok = Publication([.init(staged: d + "/stage2", final: d + "/out")])
        try ok.publish()
        ok.finish()
        #expect(try String(contentsOfFile: d + "/out/f", encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: d).sorted() == ["out"])
    }

    @Test func stagingFolderIsRemovedUnlessPublished() throws {
        let d = try Self.tempDir()
        var stagePath = ""
        do {
            let s = try StagingFolder(final: d + "/sw")
            stagePath = s.path
            _ = FileManager.default.createFile(atPath: s.file("a.csv"), contents: Data("x".utf8))
            #expect(RealPath.kind(stagePath) == .folder)
        }
        #expect(RealPath.kind(stagePath) == .missing && RealPath.kind(d + "/sw") == .missing)
    }

    @Test func numbersBeyondADoublesRangeAreNotNumbers() {
        func parse(_ s: String) -> Double? { Array(s.utf8).withUnsafeBufferPointer { NumberParser.parse($0) } }
        #expect(parse("1e309") == nil && parse("-1e309") == nil && parse("1e99999") == nil)
        #expect(parse("1.7976931348623157e308") == .greatestFiniteMagnitude)
        #expect(parse("1e-400") == 0 && parse("nan") == nil && parse("inf") == nil)
    }

    /// On a private flag: the process-wide one would stop other tests running in parallel.
    @Test func cancellationFlagKeepsTheFirstSignal() {
        let flag = CancellationFlag()
        #expect(flag.value == nil)
        #expect(flag.set(SIGTERM))
        #expect(!flag.set(SIGINT))
        #expect(flag.value == SIGTERM)
        flag.clear()
        #expect(flag.value == nil)
        #expect(VantageError.cancelled(signal: SIGTERM).exitCode == 143 && VantageError.cancelled(signal: SIGINT).exitCode == 130)
        #expect(VantageError.usage("x").exitCode == 64 && VantageError.io(path: "p", message: "m").exitCode == 1)
    }
}
