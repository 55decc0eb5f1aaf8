import Foundation
import Testing

/// `vantage backtest --sample` and the automatic sample under `--memory`, end to end:
/// `backtest.json`'s `sample`, the summary line, the same rows from a spec and from a
/// sweep folder, a spilled backtest with `--no-training-sets`, and usage errors (exit 64).
@Suite("vantage backtest --sample", .serialized)
struct SampleCLITests {
    /// A small generated fraud scenario and a sweep of it, shared by the tests below.
    static let fixture: Result<Workspace, any Error> = Result {
        let w = try Workspace([:])
        let g = try CLI.run(["datasets", "generate", "fraud", "--out", "f", "--events", "12000", "--seed", "5", "--quiet"], in: w.dir)
        guard g.status == 0 else { throw CocoaError(.fileWriteUnknown) }
        let s = try CLI.run(["sweep", "f/spec.yaml", "--out", "sw", "--levels", "realtime,cadence-1h", "--quiet", "--no-store"], in: w.dir)
        guard s.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: ["stderr": s.stderr]) }
        return w
    }

    static let common = ["--no-store", "--resamples", "20", "--seeds", "1"]

    /// Runs a backtest of the spec at two levels into a new folder; its `backtest.json`.
    static func backtest(_ w: Workspace, _ extra: [String], out: String = "o-\(UUID().uuidString)") throws -> (CLI.Output, [String: Any]) {
        let r = try CLI.run(["backtest", "f/spec.yaml", "--out", out, "--levels", "realtime,cadence-1h"] + common + extra, in: w.dir)
        let json = (try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: w.dir + "/" + out + "/backtest.json")))) as? [String: Any]
        return (r, json ?? [:])
    }

    static func sample(_ j: [String: Any]) -> [String: Any] { j["sample"] as? [String: Any] ?? [:] }

    @Test func sampleRecordsRowsAndReasonAndThePrintedLine() throws {
        let w = try Self.fixture.get()
        let (r, j) = try Self.backtest(w, ["--sample", "0.3"])
        #expect(r.status == 0, "\(r.stderr)")
        let s = Self.sample(j)
        let total = try #require(s["rows_total"] as? Int), used = try #require(s["rows_used"] as? Int)
        #expect(total > 10000 && used > 0 && used < total)
        #expect(abs(Double(used) / Double(total) - 0.3) < 0.1, "\(used) of \(total)")
        #expect(s["fraction"] as? Double == 0.3 && s["reason"] as? String == "--sample 0.3")
        #expect((s["by"] as? [String] ?? []).contains("card_id"))
        #expect((j["data"] as? [String: Any])?["rows"] as? Int == used)
        #expect(r.stdout.contains("rows: \(used) of \(total) used, sampled by "), "\(r.stdout)")
        // Deterministic: the same rows and numbers again; and from the sweep folder, read
        // back in chunks, the same rows too (the comparisons stay paired across sources).
        let (_, again) = try Self.backtest(w, ["--sample", "0.3"])
        #expect(NSDictionary(dictionary: Self.sample(again)) == NSDictionary(dictionary: s))
        #expect(NSArray(array: again["uplift"] as? [Any] ?? []) == NSArray(array: j["uplift"] as? [Any] ?? []))
        let f = try CLI.run(["backtest", "--sweep", "sw", "--out", "from-folder", "--sample", "0.3", "--quiet"] + Self.common, in: w.dir)
        #expect(f.status == 0, "\(f.stderr)")
        let folder = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: w.dir + "/from-folder/backtest.json"))) as? [String: Any]
        #expect((Self.sample(folder ?? [:])["rows_used"] as? Int) == used)
        #expect(NSArray(array: folder?["uplift"] as? [Any] ?? []) == NSArray(array: j["uplift"] as? [Any] ?? []))
    }

    @Test func withoutSampleEveryRowIsUsed() throws {
        let w = try Self.fixture.get()
        let (r, j) = try Self.backtest(w, [])
        #expect(r.status == 0, "\(r.stderr)")
        let s = Self.sample(j)
        #expect(s["reason"] as? String == "all rows" && s["fraction"] as? Double == 1)
        #expect(s["rows_used"] as? Int == s["rows_total"] as? Int)
        #expect(r.stdout.contains("rows: all \(s["rows_total"] as? Int ?? -1) used\n"), "\(r.stdout)")
        // A count above the rows is every row too, with the same numbers.
        let (big, k) = try Self.backtest(w, ["--sample", "100000000"])
        #expect(big.status == 0, "\(big.stderr)")
        #expect(Self.sample(k)["rows_used"] as? Int == s["rows_total"] as? Int)
        #expect((Self.sample(k)["reason"] as? String ?? "").hasPrefix("--sample 100000000: not fewer than the"))
        #expect(NSArray(array: k["uplift"] as? [Any] ?? []) == NSArray(array: j["uplift"] as? [Any] ?? []))
    }

    @Test func aSmallBudgetSamplesEvenWhenSpilledWithNoTrainingSets() throws {
        let w = try Self.fixture.get()
        try FileManager.default.createDirectory(atPath: w.dir + "/tmp", withIntermediateDirectories: true)
        let (r, j) = try Self.backtest(w, ["--memory", "1MiB", "--tmp", "tmp", "--spill-partitions", "2", "--no-training-sets"], out: "small")
        #expect(r.status == 0, "\(r.stderr)")
        let s = Self.sample(j)
        #expect((s["reason"] as? String ?? "").contains("exceed the memory budget (1.0 MiB)"), "\(s)")
        #expect(s["memory_budget_bytes"] as? Int == 1 << 20 && (s["estimated_bytes"] as? Int ?? 0) > 1 << 20)
        #expect((s["rows_used"] as? Int ?? 0) < (s["rows_total"] as? Int ?? 0))
        #expect(r.stdout.contains("exceed the memory budget"), "\(r.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: w.dir + "/small") == ["backtest.json"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: w.dir + "/tmp").isEmpty)
        #expect(w.leftovers().isEmpty, "\(w.leftovers())")
    }

    @Test("bad --sample values: exit 64 and one error", arguments: ["0", "-1", "1.5", "abc", "0.0"])
    func badValues(value: String) throws {
        let w = try Self.fixture.get()
        let r = try CLI.run(["backtest", "f/spec.yaml", "--out", "bad", "--no-store", "--sample", value], in: w.dir)
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("error: --sample \(value): expected a number of rows"), "\(r.stderr)")
        #expect(!w.exists("bad"))
    }

    @Test func helpShowsTheFlagAndAnExample() throws {
        let r = try CLI.run(["backtest", "--help"])
        #expect(r.stdout.contains("--sample <sample>"))
        #expect(r.stdout.contains("--sample 0.1 --memory 2GiB"))
    }
}
