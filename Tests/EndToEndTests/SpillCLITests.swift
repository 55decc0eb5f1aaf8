import Foundation
import Testing

/// Issue 12: `join --memory/--tmp` spilling. Spill files are removed on success, on an
/// error and on SIGTERM; a full disk or an unwritable `--tmp` is one `error:` naming the
/// folder and the space needed, exit 1, no output.
@Suite("spilling joins", .serialized)
struct SpillCLITests {
    /// Spill folders left under `tmp`.
    static func spillLeft(_ tmp: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? []).filter { $0.hasPrefix("vantage-spill-") }
    }

    @Test func spilledJoinWritesTheSameBytesAndRecordsIt() throws {
        let w = try Workspace(sampleFiles)
        try FileManager.default.createDirectory(atPath: w.dir + "/tmp", withIntermediateDirectories: true)
        let a = try CLI.run(["join", "spec.yaml", "--out", "a.csv", "--quiet"], in: w.dir)
        let b = try CLI.run(["join", "spec.yaml", "--out", "b.csv", "--quiet", "--memory", "64MiB", "--tmp", "tmp", "--spill-partitions", "3"], in: w.dir)
        #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
        #expect(try w.read("a.csv") == w.read("b.csv"))
        let m = try JSONSerialization.jsonObject(with: Data(try w.read("b.csv.manifest.json").utf8)) as? [String: Any]
        #expect(m?["spilled"] as? Bool == true)
        #expect(m?["partitions"] as? Int == 3)
        #expect(m?["memory_budget_bytes"] as? Int == 64 << 20)
        #expect((m?["peak_rss_bytes"] as? Int ?? 0) > 0)
        let m0 = try JSONSerialization.jsonObject(with: Data(try w.read("a.csv.manifest.json").utf8)) as? [String: Any]
        #expect(m0?["spilled"] as? Bool == false)
        #expect(Self.spillLeft(w.dir + "/tmp").isEmpty)
    }

    /// Partitions joined one or three at a time (`--spill-workers`, hidden) give the
    /// in-memory bytes; 0 is a usage error.
    @Test func partitionsAtOnceGiveTheSameBytes() throws {
        let w = try Workspace(sampleFiles)
        try FileManager.default.createDirectory(atPath: w.dir + "/tmp", withIntermediateDirectories: true)
        let a = try CLI.run(["join", "spec.yaml", "--out", "a.csv", "--quiet"], in: w.dir)
        #expect(a.status == 0, "\(a.stderr)")
        for workers in ["1", "3"] {
            let b = try CLI.run(["join", "spec.yaml", "--out", "b.csv", "--quiet", "--force", "--tmp", "tmp", "--spill-partitions", "5",
                                 "--spill-workers", workers], in: w.dir)
            #expect(b.status == 0, "\(b.stderr)")
            #expect(try w.read("a.csv") == w.read("b.csv"))
        }
        let bad = try CLI.run(["join", "spec.yaml", "--out", "c.csv", "--spill-workers", "0"], in: w.dir)
        #expect(bad.status == 64 && bad.stderr.contains("--spill-workers"), "\(bad.stderr)")
        #expect(Self.spillLeft(w.dir + "/tmp").isEmpty)
    }

    @Test func validateAndSweepReportTheSameWhenSpilling() throws {
        let w = try Workspace(sampleFiles)
        try FileManager.default.createDirectory(atPath: w.dir + "/tmp", withIntermediateDirectories: true)
        let a = try CLI.run(["validate", "spec.yaml"], in: w.dir)
        let b = try CLI.run(["validate", "spec.yaml", "--tmp", "tmp", "--spill-partitions", "3"], in: w.dir)
        #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
        #expect(a.stdout == b.stdout)
        let sa = try CLI.run(["sweep", "spec.yaml", "--out", "sa", "--levels", "realtime,lag-1h", "--no-store", "--quiet"], in: w.dir)
        let sb = try CLI.run(["sweep", "spec.yaml", "--out", "sb", "--levels", "realtime,lag-1h", "--no-store", "--quiet",
                              "--memory", "1GiB", "--tmp", "tmp", "--spill-partitions", "3"], in: w.dir)
        #expect(sa.status == 0 && sb.status == 0, "\(sa.stderr) \(sb.stderr)")
        for f in ["realtime.csv", "lag-1h.csv"] { #expect(try w.read("sa/" + f) == w.read("sb/" + f)) }
        let report = try JSONSerialization.jsonObject(with: Data(try w.read("sb/sweep.json").utf8)) as? [String: Any]
        let manifest = report?["manifest"] as? [String: Any]
        #expect(manifest?["spilled"] as? Bool == true)
        #expect(manifest?["memory_budget_bytes"] as? Int == 1 << 30)
        #expect(Self.spillLeft(w.dir + "/tmp").isEmpty)
    }

    @Test func fullDiskIsOneErrorNamingTheFolderAndNoOutput() throws {
        let w = try Workspace(sampleFiles)
        try FileManager.default.createDirectory(atPath: w.dir + "/tmp", withIntermediateDirectories: true)
        let r = try CLI.run(["join", "spec.yaml", "--out", "b.csv", "--tmp", "tmp", "--spill-partitions", "3"], in: w.dir,
                            environment: ["VANTAGE_TEST_FAIL_WRITE_AFTER_BYTES": "100"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("error: tmp: not enough free space for spill files: this run needs about"), "\(r.stderr)")
        #expect(!w.exists("b.csv") && !w.exists("b.csv.manifest.json"))
        #expect(Self.spillLeft(w.dir + "/tmp").isEmpty)
        #expect(w.leftovers().isEmpty)
    }

    @Test func unwritableTmpIsOneErrorNamingIt() throws {
        let w = try Workspace(sampleFiles)
        let r = try CLI.run(["join", "spec.yaml", "--out", "b.csv", "--tmp", "no/such/folder", "--spill-partitions", "3"], in: w.dir)
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("error: no/such/folder: cannot create a spill folder there"), "\(r.stderr)")
        #expect(r.stderr.contains("of free space for spill files"))
        #expect(!w.exists("b.csv"))
    }

    @Test func badSizeIsAUsageError() throws {
        let w = try Workspace(sampleFiles)
        let r = try CLI.run(["join", "spec.yaml", "--out", "b.csv", "--memory", "lots"], in: w.dir)
        #expect(r.status == 64)
        #expect(r.stderr.contains("--memory lots: expected a size like 2GiB or 512MiB"), "\(r.stderr)")
    }

    @Test func staleSpillFoldersOfDeadProcessesAreRemoved() throws {
        let w = try Workspace(sampleFiles)
        let stale = w.dir + "/tmp/vantage-spill-999999999"
        try FileManager.default.createDirectory(atPath: stale, withIntermediateDirectories: true)
        try "x".write(toFile: stale + "/s0-0.csv", atomically: true, encoding: .utf8)
        let r = try CLI.run(["join", "spec.yaml", "--out", "b.csv", "--quiet", "--tmp", "tmp", "--spill-partitions", "2"], in: w.dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.spillLeft(w.dir + "/tmp").isEmpty)
    }

    @Test func sigtermLeavesNoSpillFilesAndNoOutput() throws {
        let w = try SignalSafetyTests.bigWorkspace(rows: 60_000)
        try FileManager.default.createDirectory(atPath: w.dir + "/tmp", withIntermediateDirectories: true)
        var interrupted = 0
        for run in 0..<8 {
            try? FileManager.default.removeItem(atPath: w.dir + "/out.csv")
            let p = Process()
            p.executableURL = CLI.binary
            p.arguments = ["join", "spec.yaml", "--out", "out.csv", "--quiet", "--tmp", "tmp", "--spill-partitions", "7"]
            p.currentDirectoryURL = URL(fileURLWithPath: w.dir)
            p.standardError = FileHandle.nullDevice
            try p.run()
            Thread.sleep(forTimeInterval: 0.05 + Double(run) * 0.08)
            kill(p.processIdentifier, SIGTERM)
            p.waitUntilExit()
            let status = p.terminationStatus
            #expect(p.terminationReason == .exit && (status == 0 || status == 143), "run \(run): \(status)")
            if status == 143 {
                interrupted += 1
                #expect(!w.exists("out.csv") && !w.exists("out.csv.manifest.json"), "run \(run)")
            }
            #expect(Self.spillLeft(w.dir + "/tmp").isEmpty, "run \(run)")
            #expect(w.leftovers().isEmpty, "run \(run): \(w.leftovers())")
        }
        #expect(interrupted > 0)
    }
}
