import Foundation
import Testing
@testable import VantageBacktest
@testable import VantageCore
import VantagePipeline

/// `--sample` and the automatic sample under `--memory`: what is accepted, which rows
/// are kept (by spine-key hash, whole keys, the same rows at every level and from every
/// source), the fraction kept, and what `backtest.json` records.
///
/// Edge cases: 0, negative, above 1, not a number; a row count above the rows; a
/// fraction of exactly 1; a budget the estimate exceeds by a little or not at all.
@Suite("Backtest sampling")
struct SampleTests {
    // MARK: --sample as typed

    @Test("accepted values", arguments: [
        ("100", SampleRequest.rows(100)), ("1", .rows(1)), ("0.1", .fraction(0.1)), ("1.0", .fraction(1)), (".5", .fraction(0.5)),
    ] as [(String, SampleRequest)])
    func accepted(text: String, expected: SampleRequest) throws {
        #expect(try SampleRequest(parsing: text) == expected)
    }

    @Test("refused values", arguments: ["0", "0.0", "-1", "1.5", "abc", "", "1e-3", "nan", "inf", "0.1.2", "10%"])
    func refused(text: String) {
        do {
            _ = try SampleRequest(parsing: text)
            Issue.record("\(text) accepted")
        } catch {
            #expect(error == .usage("--sample \(text): expected a number of rows (a whole number, at least 1) or a fraction in (0, 1] like 0.1"))
        }
    }

    // MARK: The decision

    @Test func decisions() {
        let keys = ["k"]
        let all = RowSample.decide(nil, keys: keys, rowsTotal: 1000, estimatedBytes: 100, budgetBytes: 100)
        #expect(all.keepsAll && all.reason == "all rows")
        let over = RowSample.decide(nil, keys: keys, rowsTotal: 1000, estimatedBytes: 101, budgetBytes: 100)
        #expect(!over.keepsAll && abs(over.fraction - 100.0 / 101.0) < 1e-12)
        #expect(over.reason.contains("exceed the memory budget"), "\(over.reason)")
        let noBudget = RowSample.decide(nil, keys: keys, rowsTotal: 1000, estimatedBytes: 1 << 40, budgetBytes: nil)
        #expect(noBudget.keepsAll)
        // --sample wins over the budget, both ways.
        #expect(RowSample.decide(.fraction(0.5), keys: keys, rowsTotal: 1000, estimatedBytes: 1 << 40, budgetBytes: 1).fraction == 0.5)
        #expect(RowSample.decide(.fraction(0.5), keys: keys, rowsTotal: 1000, estimatedBytes: 1, budgetBytes: 1 << 40).reason == "--sample 0.5")
        let rows = RowSample.decide(.rows(250), keys: keys, rowsTotal: 1000, estimatedBytes: 1, budgetBytes: nil)
        #expect(rows.fraction == 0.25 && rows.reason == "--sample 250")
        #expect(RowSample.decide(.rows(1000), keys: keys, rowsTotal: 1000, estimatedBytes: 1, budgetBytes: nil).keepsAll)
        #expect(RowSample.decide(.rows(5000), keys: keys, rowsTotal: 1000, estimatedBytes: 1, budgetBytes: nil).keepsAll)
        #expect(!RowSample.decide(.rows(999), keys: keys, rowsTotal: 1000, estimatedBytes: 1, budgetBytes: nil).keepsAll)
        #expect(RowSample.decide(.fraction(1), keys: keys, rowsTotal: 1000, estimatedBytes: 1, budgetBytes: nil).threshold == nil)
    }

    @Test func estimateGrowsWithRowsColumnsAndSetsHeld() {
        #expect(RowSample.estimate(rows: 1000, columns: 10, held: 1) == 1000 * 10 * 8 * 2)
        #expect(RowSample.estimate(rows: 2000, columns: 10, held: 1) == 2 * RowSample.estimate(rows: 1000, columns: 10, held: 1))
        #expect(RowSample.estimate(rows: 1000, columns: 10, held: 5) == 1000 * 10 * 8 * 6)
        #expect(RowSample.estimate(rows: Int.max / 2, columns: 100, held: 100) == Int.max)
    }

    // MARK: Which rows

    /// Keys `key0`…: `keys` distinct keys, `per` rows each, interleaved.
    static func keyColumn(keys: Int, per: Int) -> TextColumn {
        TextColumn((0..<keys * per).map { "key\($0 % keys)" })
    }

    @Test func fractionKeptIsCloseToTheOneAskedFor() {
        let keys = Self.keyColumn(keys: 5000, per: 1)
        for f in [0.01, 0.1, 0.5, 0.9] {
            let s = RowSample.decide(.fraction(f), keys: ["k"], rowsTotal: 5000, estimatedBytes: 1, budgetBytes: nil)
            let kept = s.rows([keys], count: 5000)?.count ?? 5000
            // Binomial: within four standard deviations.
            let sd = (5000 * f * (1 - f)).squareRoot()
            #expect(abs(Double(kept) - 5000 * f) < 4 * sd + 1, "fraction \(f): kept \(kept) of 5000")
        }
    }

    @Test func wholeKeysAreKeptOrDroppedAndOrderIsKept() {
        let keys = Self.keyColumn(keys: 300, per: 7)
        let s = RowSample.decide(.fraction(0.3), keys: ["k"], rowsTotal: keys.count, estimatedBytes: 1, budgetBytes: nil)
        let rows = s.rows([keys], count: keys.count) ?? []
        #expect(rows == rows.sorted())
        var keptPerKey = [String: Int]()
        for r in rows { keptPerKey[keys.string(r), default: 0] += 1 }
        #expect(keptPerKey.values.allSatisfy { $0 == 7 })
        #expect(keptPerKey.count > 50 && keptPerKey.count < 130, "\(keptPerKey.count) keys of 300")
        // Deterministic: the same rows from a column built again.
        #expect(s.rows([Self.keyColumn(keys: 300, per: 7)], count: keys.count) == rows)
        // Nested: a larger fraction keeps every row a smaller one keeps.
        let larger = RowSample.decide(.fraction(0.6), keys: ["k"], rowsTotal: keys.count, estimatedBytes: 1, budgetBytes: nil)
        #expect(Set(rows).isSubset(of: Set(larger.rows([keys], count: keys.count) ?? [])))
    }

    @Test func compositeKeysHashEveryPart() {
        // ("ab", "c") and ("a", "bc") are different keys.
        let a = [TextColumn(["ab"]), TextColumn(["c"])], b = [TextColumn(["a"]), TextColumn(["bc"])]
        #expect(KeyHash.hash(a, row: 0) != KeyHash.hash(b, row: 0))
        // The partition of a spilled join is the same hash, scaled to the count.
        let keys = Self.keyColumn(keys: 50, per: 1)
        for r in 0..<50 {
            #expect(KeyHash.partition([keys], row: r, count: 7) == Int(KeyHash.hash([keys], row: r).multipliedFullWidth(by: 7).high))
        }
        // Even: 10,000 keys over 7 and over 23 partitions, none far from its share.
        let many = Self.keyColumn(keys: 10_000, per: 1)
        for count in [7, 23] {
            var sizes = [Int](repeating: 0, count: count)
            for r in 0..<10_000 { sizes[KeyHash.partition([many], row: r, count: count)] += 1 }
            let share = 10_000 / count
            #expect(sizes.allSatisfy { $0 > share * 8 / 10 && $0 < share * 12 / 10 }, "\(sizes)")
        }
    }

    // MARK: The same rows at every level and from every source

    /// A spine of `keys` cards over 60 days with a label and an amount; one view counting
    /// the card's earlier events.
    static func scenario(keys: Int = 400, rows: Int = 4000) throws -> String {
        let dir = NSTemporaryDirectory() + "vantage-sample-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var csv = "card,t,y,amount\n"
        var state: UInt64 = 7
        for i in 0..<rows {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let card = Int(state >> 33) % keys
            let second = i * (60 * 86_400 / rows)
            csv += "c\(card),\(1_700_000_000 + second),\((state >> 20) % 5 == 0 ? 1 : 0),\((state >> 40) % 500)\n"
        }
        try csv.write(toFile: dir + "/spine.csv", atomically: true, encoding: .utf8)
        let yaml = """
            version: 1
            spine: {path: spine.csv, keys: [card], time: t, time_format: epoch_s, label: y}
            views:
              - {name: v, kind: aggregate, path: spine.csv, keys: [card], time: t, time_format: epoch_s, aggregations: [{function: count, windows: [7d]}, {function: sum, column: amount, windows: [1d]}]}
            freshness: {levels: [realtime, cadence-1d], views: [v]}
            """
        try yaml.write(toFile: dir + "/spec.yaml", atomically: true, encoding: .utf8)
        return dir
    }

    static func options(_ sample: SampleRequest?) -> BacktestOptions {
        var o = BacktestOptions()
        o.sample = sample
        o.resamples = 20
        o.seedRuns = 1
        return o
    }

    @Test func theSameRowsAtEveryLevelFromMemoryAndFromTheCSVs() throws {
        let dir = try Self.scenario()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let spec = try SpecDecoder.load(path: dir + "/spec.yaml")
        let levels = try SweepRun.levels(["realtime", "cadence-1d"])
        let options = Self.options(.fraction(0.3))
        let written = try SweepSource.sweep(spec: spec, out: dir + "/sweep", sweep: .init(levels: levels), options: options)
        let inMemory = try SweepSource.sweep(spec: spec, out: nil, sweep: .init(levels: levels), options: options)
        let folder = try SweepSource.folder(dir + "/sweep", options: options)
        // The reference: the whole CSV, then the rows whose card hashes below the threshold.
        let whole = try CSVReader.read(path: dir + "/sweep/realtime.csv", keep: nil)
        let threshold = try #require(try folder.sample().threshold)
        let card = try #require(whole.column(named: "card")), t = try #require(whole.column(named: "t"))
        let expected = (0..<whole.rowCount).filter { KeyHash.hash([card], row: $0) < threshold }
        #expect(expected.count > 900 && expected.count < 1500, "\(expected.count) of 4000")
        let expectedTimes = expected.map { Int64(t.string($0))! * 1_000_000 }
        for source in [written, inMemory, folder] {
            let base = try source.frame("realtime.csv", task: nil).0
            #expect(base.rowCount == expected.count)
            #expect(base.times == expectedTimes)
            let other = try source.frame("cadence-1d.csv", task: nil).0
            #expect(other.times == base.times && other.labels.elementsEqual(base.labels) { $0 == $1 || ($0.isNaN && $1.isNaN) })
            #expect(try source.sample().record(rowsUsed: base.rowCount)
                == SampleRecord(rowsTotal: 4000, rowsUsed: expected.count, fraction: 0.3, by: ["card"], reason: "--sample 0.3",
                                estimatedBytes: try source.sample().estimatedBytes, memoryBudgetBytes: nil))
        }
        // Every feature value the same from memory and from the CSV.
        for level in ["realtime.csv", "cadence-1d.csv"] {
            let a = try inMemory.frame(level, task: nil).0, b = try folder.frame(level, task: nil).0
            for c in a.featureNames.indices { #expect((0..<a.rowCount).allSatisfy { a.sameValue(c, $0, in: b) }, "\(level) \(a.featureNames[c])") }
        }
    }

    @Test func fullSampleGivesTheUnsampledResult() throws {
        let dir = try Self.scenario(rows: 2000)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func run(_ sample: SampleRequest?, _ out: String) throws -> BacktestResult {
            let request = BacktestPipeline.Request(input: .spec(try SpecDecoder.load(path: dir + "/spec.yaml")), out: dir + "/" + out,
                                                   backtest: Self.options(sample))
            return try BacktestPipeline.run(request).result
        }
        let plain = try run(nil, "a"), full = try run(.fraction(1), "b"), many = try run(.rows(1_000_000), "c")
        let half = try run(.fraction(0.5), "d")
        #expect(plain.sample?.reason == "all rows" && plain.sample?.rowsUsed == 2000 && plain.sample?.rowsTotal == 2000)
        #expect(full.sample?.reason == "--sample 1.0" && many.sample?.fraction == 1)
        #expect(half.sample.map { $0.rowsUsed < 2000 && $0.rowsTotal == 2000 } == true)
        #expect(half.data.rows == half.sample?.rowsUsed)
        for r in [full, many] {
            #expect(r.uplift == plain.uplift && r.data == plain.data && r.split == plain.split)
            #expect(r.levels.map(\.metrics) == plain.levels.map(\.metrics))
        }
        #expect(half.uplift != plain.uplift)
    }

    @Test func aTinyBudgetSamplesAndASampleOfNoRowsIsRefused() throws {
        let dir = try Self.scenario(rows: 2000)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var request = BacktestPipeline.Request(input: .spec(try SpecDecoder.load(path: dir + "/spec.yaml")), out: dir + "/a",
                                               backtest: Self.options(nil))
        // Small enough that the inputs spill too: the training sets are written to a
        // scratch folder, read back sampled, and removed (--no-training-sets holds).
        request.memory = MemoryBudget(bytes: 64 << 10, tmp: dir)
        request.writeTrainingSets = false
        let r = try BacktestPipeline.run(request).result
        let s = try #require(r.sample)
        #expect(s.memoryBudgetBytes == 64 << 10 && (s.estimatedBytes ?? 0) > 64 << 10)
        #expect(s.rowsUsed < 2000 && s.fraction < 1 && s.reason.contains("exceed the memory budget (0.1 MiB)"), "\(s)")
        #expect(r.provenance.sweep == "(not kept)" && r.levels.allSatisfy { $0.trainingSet == nil })
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/a") == ["backtest.json"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["a", "spec.yaml", "spine.csv"])
        // One row asked of 400 keys: every key is left out (almost surely), and that is said.
        var one = BacktestPipeline.Request(input: .spec(try SpecDecoder.load(path: dir + "/spec.yaml")), out: dir + "/b",
                                           backtest: Self.options(.rows(1)))
        one.writeTrainingSets = false
        do {
            _ = try BacktestPipeline.run(one)
            Issue.record("expected an error")
        } catch {
            #expect(error.isUsage && error.description.contains("the sample kept none of the 2000 rows"), "\(error)")
        }
    }
}
