// The planted signals, computed straight from the generated tables (10,000
// events, seed 11), without the engine:
// - fraud: a burst shows as ≥ 2 earlier transactions on the card in the last 5
//   minutes, for fraud far more often than for legitimate rows, in real time, and
//   no more often once the window is read at the last hour boundary; day-old
//   windows carry nothing;
// - credit: the bureau score separates defaulters; activity in the hour before
//   the application does not;
// - er-wait: the patients waiting in the latest visible snapshot track the wait
//   when read fresh, and hardly at all when read at the last midnight.
import Foundation
import Testing

@testable import VantageDatasets

@Suite("Planted signals")
struct SignalTests {
    @Test func fraudBurstsShowOnlyInFreshWindows() throws {
        let g = try #require(Small.fraud)
        let tx = try ReadTable(g.directory, "transactions.csv")
        let ts = tx.times("ts")
        let cards = tx.values("card_id").map { Int($0)! }
        let fraud = tx.values("is_fraud").map { $0 == "1" }
        let byCard = Dictionary(grouping: ts.indices, by: { cards[$0] }).mapValues { rows in rows.map { ts[$0] }.sorted() }
        /// Transactions on the row's card with τ in [a - w, a).
        func count(_ row: Int, asOf a: Int64, window w: Int64) -> Int {
            let times = byCard[cards[row]]!
            return lowerBound(times, a) - lowerBound(times, a - w)
        }
        let minute: Int64 = 60_000_000
        let realtime = ts.indices.map { count($0, asOf: ts[$0], window: 5 * minute) >= 2 }
        let hourly = ts.indices.map { count($0, asOf: ts[$0] - ts[$0] % (60 * minute), window: 5 * minute) >= 2 }
        let fraudRows = ts.indices.filter { fraud[$0] }
        let legitRows = ts.indices.filter { !fraud[$0] }
        let fraudRate = share(fraudRows.map { realtime[$0] })
        let legitRate = share(legitRows.map { realtime[$0] })
        #expect(fraudRate >= 0.25, "fraud rows with ≥ 2 prior in 5 min: \(fraudRate)")
        #expect(legitRate <= 0.01, "legit rows with ≥ 2 prior in 5 min: \(legitRate)")
        #expect(fraudRate >= 20 * max(legitRate, 0.001))
        #expect(share(fraudRows.map { hourly[$0] }) <= 0.05, "the burst must be gone at cadence-1h")

        let countFresh = ts.indices.map { Double(count($0, asOf: ts[$0], window: 5 * minute)) }
        let dayOld = ts.indices.map { Double(count($0, asOf: ts[$0] - ts[$0] % (720 * minute), window: 1440 * minute)) }
        #expect(auc(countFresh, fraud) >= 0.7)
        #expect(abs(auc(dayOld, fraud) - 0.5) <= 0.1, "count_1d at cadence-12h AUC \(auc(dayOld, fraud))")
    }

    @Test func creditRiskLivesInTheBureau() throws {
        let g = try #require(Small.credit)
        let apps = try ReadTable(g.directory, "applications.csv")
        let ts = apps.times("ts")
        let who = apps.values("applicant_id").map(String.init)
        let defaulted = apps.values("default").map { $0 == "1" }
        let bureau = try ReadTable(g.directory, "bureau.csv")
        let bureauTimes = bureau.times("ts")
        let scores = bureau.numbers("bureau_score")
        let bureauWho = bureau.values("applicant_id").map(String.init)
        var history: [String: [(Int64, Double)]] = [:]
        for i in bureauTimes.indices { history[bureauWho[i], default: []].append((bureauTimes[i], scores[i]!)) }
        // The state in force: the latest snapshot with τ ≤ t (τ order in the file).
        let score = ts.indices.map { row in history[who[row]]!.last { $0.0 <= ts[row] }!.1 }
        let bad = ts.indices.filter { defaulted[$0] }.map { score[$0] }
        let good = ts.indices.filter { !defaulted[$0] }.map { score[$0] }
        let gap = good.reduce(0, +) / Double(good.count) - bad.reduce(0, +) / Double(bad.count)
        #expect(gap >= 30, "mean bureau score gap \(gap)")
        #expect(auc(score.map { -$0 }, defaulted) >= 0.7)

        let events = try ReadTable(g.directory, "account_events.csv")
        let eventTimes = events.times("ts")
        let eventWho = events.values("applicant_id").map(String.init)
        let byApplicant = Dictionary(grouping: eventTimes.indices, by: { eventWho[$0] }).mapValues { $0.map { eventTimes[$0] } }
        let hour: Int64 = 3_600_000_000
        let recent = ts.indices.map { row -> Bool in
            let times = byApplicant[who[row]] ?? []
            return lowerBound(times, ts[row]) - lowerBound(times, ts[row] - hour) > 0
        }
        let withActivity = ts.indices.filter { recent[$0] }
        let without = ts.indices.filter { !recent[$0] }
        #expect(share(recent) >= 0.3 && share(recent) <= 0.8, "share with activity in the last hour \(share(recent))")
        let difference = share(withActivity.map { defaulted[$0] }) - share(without.map { defaulted[$0] })
        #expect(abs(difference) <= 0.03, "default rate with vs without fresh activity differs by \(difference)")
    }

    @Test func erWaitFollowsTheQueueNow() throws {
        let g = try #require(Small.erWait)
        let arrivals = try ReadTable(g.directory, "arrivals.csv")
        let ts = arrivals.times("ts")
        let hospital = arrivals.values("hospital_id").map(String.init)
        let wait = arrivals.numbers("wait_minutes").map { $0! }
        let beds = try ReadTable(g.directory, "bed_occupancy.csv")
        let tau = beds.times("ts")
        let created = beds.times("received_at")
        let waiting = beds.numbers("waiting_patients").map { $0! }
        let bedHospital = beds.values("hospital_id").map(String.init)
        let rowsOf = Dictionary(grouping: tau.indices, by: { bedHospital[$0] })
        let tauOf = rowsOf.mapValues { $0.map { tau[$0] } }
        /// `waiting_patients` of the latest snapshot visible at `a` (τ and created
        /// ≤ a, or < a for a cadence boundary).
        func waitingSeen(_ row: Int, asOf a: Int64, strict: Bool) -> Double {
            let rows = rowsOf[hospital[row]]!
            var k = lowerBound(tauOf[hospital[row]]!, strict ? a : a + 1) - 1
            while k >= 0 && (strict ? created[rows[k]] >= a : created[rows[k]] > a) { k -= 1 }
            return k >= 0 ? waiting[rows[k]] : 0
        }
        let day: Int64 = 86_400_000_000
        let fresh = ts.indices.map { waitingSeen($0, asOf: ts[$0], strict: false) }
        let stale = ts.indices.map { waitingSeen($0, asOf: ts[$0] - ts[$0] % day, strict: true) }
        let freshCorrelation = correlation(fresh, wait)
        let staleCorrelation = correlation(stale, wait)
        #expect(freshCorrelation >= 0.6, "corr(wait, waiting now) \(freshCorrelation)")
        #expect(staleCorrelation <= 0.4, "corr(wait, waiting at midnight) \(staleCorrelation)")

        let halfHour: Int64 = 1_800_000_000
        let byHospital = Dictionary(grouping: ts.indices, by: { hospital[$0] }).mapValues { $0.map { ts[$0] } }
        let recent = ts.indices.map { row -> Double in
            let times = byHospital[hospital[row]]!
            return Double(lowerBound(times, ts[row]) - lowerBound(times, ts[row] - halfHour))
        }
        #expect(correlation(recent, wait) >= 0.2)
    }
}

/// The first index of sorted `values` with a value ≥ `key`.
func lowerBound(_ values: [Int64], _ key: Int64) -> Int {
    var low = 0
    var high = values.count
    while low < high {
        let mid = (low + high) / 2
        if values[mid] < key { low = mid + 1 } else { high = mid }
    }
    return low
}

/// ROC AUC of a score for a binary label (ties count half).
func auc(_ score: [Double], _ label: [Bool]) -> Double {
    let order = score.indices.sorted { score[$0] < score[$1] }
    var ranks = [Double](repeating: 0, count: score.count)
    var i = 0
    while i < order.count {
        var j = i
        while j + 1 < order.count && score[order[j + 1]] == score[order[i]] { j += 1 }
        for k in i...j { ranks[order[k]] = Double(i + j) / 2 + 1 }
        i = j + 1
    }
    let positives = label.filter { $0 }.count
    let negatives = label.count - positives
    let rankSum = score.indices.filter { label[$0] }.reduce(0.0) { $0 + ranks[$1] }
    return (rankSum - Double(positives * (positives + 1)) / 2) / Double(positives * negatives)
}
