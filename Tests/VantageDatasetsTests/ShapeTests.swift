// What each README promises about the tables, on a 10,000-event generation:
// exact spine row counts, other row counts within the documented ranges, time
// ranges, file order, the label rate within its tolerance, created ≥ τ with some
// rows late, a few nulls, and a spec whose paths all exist.
import Foundation
import Testing

@testable import VantageDatasets

@Suite("Scenario shapes")
struct ShapeTests {
    @Test(arguments: Scenario.allCases)
    func specNamesEveryTable(scenario: Scenario) throws {
        let generated = try #require(Small.of(scenario))
        let spec = try String(contentsOf: generated.specURL, encoding: .utf8)
        #expect(spec.contains("version: 1"))
        let paths = spec.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("path: ") else { return nil }
            return String(trimmed.dropFirst(6).split(separator: " ").first ?? "")
        }
        #expect(Set(paths) == Set(generated.tables.map(\.name)))
        #expect(paths.first == scenario.spineFile)
        #expect(generated.tables.first?.name == scenario.spineFile)
        #expect(spec.contains("Made by: vantage datasets generate \(scenario.rawValue) --out DIR --events 10000 --seed 11"))
        for table in generated.tables {
            let read = try ReadTable(generated.directory, table.name)
            #expect(read.rows.count == table.rows, "\(table.name)")
            let size = try FileManager.default.attributesOfItem(atPath: generated.directory.appendingPathComponent(table.name).path)[.size] as? Int
            #expect(size == table.bytes)
            let ts = read.times("ts")
            #expect(table.timeRange == ts.min()!...ts.max()!)
        }
    }

    @Test func fraud() throws {
        let g = try #require(Small.fraud)
        let n = Small.events
        let tx = try ReadTable(g.directory, "transactions.csv")
        #expect(tx.header == ["txn_id", "card_id", "merchant_id", "ts", "amount", "is_fraud"])
        #expect(tx.rows.count == n)
        #expect(tx.values("txn_id") == (1...n).map { Substring(String($0)) })
        let ts = tx.times("ts")
        #expect(ts.min()! >= instant("2024-01-01T00:00:00Z") && ts.max()! < instant("2024-03-01T00:00:00Z"))
        // File order is ingestion order: nearly, but not exactly, time order.
        let backwards = zip(ts, ts.dropFirst()).filter { $0 > $1 }.count
        #expect(backwards > 0 && backwards < n / 10)
        let rate = share(tx.values("is_fraud").map { $0 == "1" })
        #expect(rate >= 0.010 && rate <= 0.020, "fraud rate \(rate)")
        #expect(Set(tx.values("is_fraud")) == ["0", "1"])
        #expect(ts.contains { $0 % 1_000_000 != 0 } && ts.contains { $0 % 60_000_000 == 0 })

        let profile = try ReadTable(g.directory, "card_profile.csv")
        #expect(profile.rows.count >= n * 4 / 10 && profile.rows.count <= n)
        try checkSnapshots(profile, created: "ingested_at", first: "2024-01-02T00:00:00Z", last: "2024-03-01T00:00:00Z", lateAfterMinutes: 24 * 60)
        #expect(profile.values("credit_limit").contains(""))
        let risk = try ReadTable(g.directory, "merchant_risk.csv")
        #expect(risk.rows.count > 0 && risk.rows.count <= max(20, n / 200) * 60)
        try checkSnapshots(risk, created: "ingested_at", first: "2024-01-02T00:00:00Z", last: "2024-03-01T00:00:00Z", lateAfterMinutes: 24 * 60)
        #expect(risk.values("fraud_rate_7d").contains(""))
        #expect(risk.numbers("fraud_rate_7d").compactMap { $0 }.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    @Test func credit() throws {
        let g = try #require(Small.credit)
        let n = Small.events
        let apps = try ReadTable(g.directory, "applications.csv")
        #expect(apps.header == ["application_id", "applicant_id", "ts", "amount", "term_months", "channel", "default"])
        #expect(apps.rows.count == n)
        let ts = apps.times("ts")
        #expect(ts == ts.sorted())
        #expect(ts.first! >= instant("2023-01-01T00:00:00Z") && ts.last! < instant("2023-06-30T00:00:00Z"))
        let rate = share(apps.values("default").map { $0 == "1" })
        #expect(rate >= 0.06 && rate <= 0.11, "default rate \(rate)")
        #expect(apps.values("channel").contains(""))

        let bureau = try ReadTable(g.directory, "bureau.csv")
        #expect(bureau.rows.count >= n * 12 / 10 && bureau.rows.count <= n * 25 / 10)
        try checkSnapshots(bureau, created: "pulled_at", first: "2022-11-02T00:00:00Z", last: "2023-06-29T00:00:00Z", lateAfterMinutes: 48 * 60)
        #expect(bureau.values("delinquencies_24m").contains(""))
        let income = try ReadTable(g.directory, "income.csv")
        #expect(income.rows.count >= n && income.rows.count <= n * 2)
        try checkSnapshots(income, created: "verified_at", first: "2022-09-03T00:00:00Z", last: "2023-06-29T00:00:00Z", lateAfterMinutes: 20 * 24 * 60)
        #expect(income.values("monthly_income").contains(""))
        let events = try ReadTable(g.directory, "account_events.csv")
        #expect(events.rows.count >= n * 14 / 10 && events.rows.count <= n * 2)
        let eventTimes = events.times("ts")
        #expect(eventTimes == eventTimes.sorted())
        #expect(eventTimes.first! >= instant("2022-12-02T00:00:00Z") && eventTimes.last! < instant("2023-06-30T00:00:00Z"))
        #expect(Set(events.values("kind")) == ["login", "payment", "inquiry"])
    }

    @Test func erWait() throws {
        let g = try #require(Small.erWait)
        let n = Small.events
        let hospitals = 2  // max(2, round(events / 10,000))
        let arrivals = try ReadTable(g.directory, "arrivals.csv")
        #expect(arrivals.header == ["arrival_id", "hospital_id", "ts", "triage_level", "age", "arrival_mode", "wait_minutes"])
        #expect(arrivals.rows.count == n)
        let ts = arrivals.times("ts")
        #expect(ts == ts.sorted())
        #expect(ts.first! >= instant("2024-01-01T00:00:00Z") && ts.last! < instant("2024-03-31T00:00:00Z"))
        let waits = arrivals.numbers("wait_minutes").map { $0 ?? -1 }
        #expect(waits.allSatisfy { $0 >= 0 })
        let mean = waits.reduce(0, +) / Double(n)
        let median = waits.sorted()[n / 2]
        #expect(mean >= 25 && mean <= 90, "mean wait \(mean)")
        #expect(median < mean, "waits are right-skewed")
        #expect(arrivals.values("triage_level").contains(""))
        #expect(Set(arrivals.values("hospital_id")) == ["H0001", "H0002"])

        let beds = try ReadTable(g.directory, "bed_occupancy.csv")
        #expect(beds.rows.count == hospitals * 144 * 90)
        try checkSnapshots(beds, created: "received_at", first: "2024-01-01T00:00:00Z", last: "2024-03-30T23:50:00Z", lateAfterMinutes: 5)
        #expect(beds.times("ts").allSatisfy { $0 % 600_000_000 == 0 })
        #expect(beds.values("occupied_beds").contains(""))
        let daily = try ReadTable(g.directory, "hospital_daily.csv")
        #expect(daily.rows.count == hospitals * 90)
        try checkSnapshots(daily, created: "published_at", first: "2024-01-01T00:00:00Z", last: "2024-03-30T00:00:00Z", lateAfterMinutes: 24 * 60)
        #expect(daily.values("avg_wait_7d").contains(""))
    }

    /// Snapshot rows: τ within [first, last], time-ordered, created after τ always
    /// and more than `lateAfterMinutes` later for some rows (late arrivals).
    func checkSnapshots(_ table: ReadTable, created: String, first: String, last: String, lateAfterMinutes: Int64) throws {
        let tau = table.times("ts")
        let made = table.times(created)
        #expect(tau.min() == instant(first))
        #expect(tau.max() == instant(last))
        #expect(tau == tau.sorted())
        #expect(zip(tau, made).allSatisfy { $0 < $1 })
        let late = zip(tau, made).filter { $1 - $0 > lateAfterMinutes * 60_000_000 }.count
        #expect(late > 0 && late < table.rows.count / 10, "late rows: \(late)")
    }
}
