import Foundation

/// The `fraud` scenario: card transactions (spine and event log), daily card
/// profile and merchant risk snapshots. `datasets/fraud/README.md` says what is
/// planted; in short:
///
/// - 60 days from 2024-01-01, daily and weekly cycles; cards and merchants with
///   Zipf–Mandelbrot activity; 7 % of legitimate purchases start a short session
///   (1–2 more on the card within 2–20 minutes, mostly at the same merchant).
/// - Fraud ≈ 1.45 %: ≈ 1.15 % in bursts (a stolen card makes 2–8 transactions
///   within 1–7 minutes, mostly across merchants; 30 % of bursts are card-testing
///   bots firing small amounts every 60 s), ≈ 0.3 % single fraudulent purchases at
///   compromised merchants (3 % of merchants, from a random day on).
/// - So the burst is visible only to window features computed within minutes; the
///   daily snapshots carry a slower, weaker signal (merchant fraud rate).
final class FraudGenerator {
    /// 2024-01-01, in days since 1970-01-01.
    static let startDay = CivilTime.days(year: 2024, month: 1, day: 1)
    /// Length of the period in days.
    static let days = 60
    /// First and end (exclusive) instants of the period, in microseconds.
    static let periodStart = startDay * CivilTime.day
    static let periodEnd = periodStart + Int64(days) * CivilTime.day

    /// Share of all transactions that are burst fraud (the real-time signal).
    static let burstShare = 0.0115
    /// Share of all transactions that are single fraud at compromised merchants.
    static let singleShare = 0.0030
    /// Chance that a legitimate purchase starts a short session.
    static let sessionChance = 0.07
    /// Share of merchants that get compromised.
    static let compromisedShare = 0.03

    /// Transactions to write (spine rows).
    let events: Int
    let seed: UInt64
    /// Number of cards (`events / 20`) and merchants (`events / 200`).
    let cards: Int
    let merchants: Int

    /// The stream of every draw after setup.
    var rng: RandomStream
    /// Which card or merchant a transaction goes to (Zipf–Mandelbrot).
    let cardActivity: AliasTable
    let merchantActivity: AliasTable
    /// Burst sizes 2 … 8.
    let burstSize: AliasTable
    /// Time of day of purchases (the daily cycle).
    let legitTime: TimeOfDay
    /// Typical purchase of each card, in dollars.
    var cardScale: [Float]
    /// Base credit limit of each card in dollars (0 = null in the profile).
    var creditLimit: [Int32]
    /// Day from which a card's limit is doubled (`Int16.max`: never).
    var limitChangeDay: [Int16]
    /// Day from which a merchant is compromised (`Int32.max`: never).
    var compromisedSince: [Int32]
    /// Merchants compromised as of today.
    var compromisedNow: [Int32] = []
    /// Daily recurring charges.
    var subscriptions: [Subscription] = []

    // Rows generated but not yet written (file order = ingestion order).
    var pending: [FraudRow] = []
    /// Order of generation (a tiebreak that makes sorting deterministic).
    var sequence: UInt32 = 0
    /// The last `txn_id` written.
    var transactionID: Int64 = 0
    /// The day being generated (0 = 2024-01-01).
    var day = 0

    // Card activity by day of `ts` (today and tomorrow), and the last 30 days.
    var todayCount: [Int32], todaySum: [Int64], todayCards: [Int32] = []
    var nextCount: [Int32], nextSum: [Int64], nextCards: [Int32] = []
    var ring30: [CardDay]
    var count30: [Int32], sum30: [Int64]
    // Merchant counts and frauds by day of `ts`, 8 slots (`slot * merchants + m`).
    var merchantCount: [Int32], merchantFraud: [Int32]

    init(events: Int, seed: UInt64) {
        self.events = events
        self.seed = seed
        cards = max(50, events / 20)
        merchants = max(20, events / 200)
        var setup = RandomStream(seed: seed, stream: 1)
        cardActivity = AliasTable(weights: AliasTable.zipfMandelbrot(
            count: cards, exponent: 1.0, offset: Double(cards) / 50, rng: &setup))
        merchantActivity = AliasTable(weights: AliasTable.zipfMandelbrot(
            count: merchants, exponent: 1.0, offset: Double(merchants) / 20, rng: &setup))
        burstSize = AliasTable(weights: [0.12, 0.22, 0.22, 0.17, 0.12, 0.09, 0.06])  // 2 ... 8
        legitTime = TimeOfDay(hourly: [
            2, 1, 1, 1, 1, 2, 4, 6, 8, 9, 10, 11, 12, 11, 10, 10, 10, 11, 12, 12, 10, 8, 5, 3,
        ])
        let tiers: [Int32] = [500, 1000, 2500, 5000, 10000, 25000]
        cardScale = [Float](repeating: 0, count: cards)
        creditLimit = [Int32](repeating: 0, count: cards)
        limitChangeDay = [Int16](repeating: Int16.max, count: cards)
        for c in 0..<cards {
            let logScale = 3.2 + 0.6 * setup.normal()
            cardScale[c] = Float(exp(logScale))
            let tier = Int(((logScale + 0.3 * setup.normal() - 2.3) / 0.45).rounded(.down))
            creditLimit[c] = setup.chance(0.02) ? 0 : tiers[min(5, max(0, tier))]
            if setup.chance(0.05) { limitChangeDay[c] = Int16(setup.int(10, Int64(Self.days) - 10)) }
        }
        compromisedSince = [Int32](repeating: Int32.max, count: merchants)
        let compromised = max(1, Int((Self.compromisedShare * Double(merchants)).rounded()))
        var order = Array(0..<merchants)
        for i in 0..<compromised {
            let j = i + setup.below(merchants - i)
            order.swapAt(i, j)
            compromisedSince[order[i]] = Int32(setup.int(3, 40))
        }
        var billers: [Int32] = []
        for _ in 0..<3 { billers.append(Int32(setup.below(merchants))) }
        for _ in 0..<max(1, Int((0.004 * Double(cards)).rounded())) {
            let length = Int(setup.int(5, 40))
            subscriptions.append(Subscription(
                card: Int32(setup.below(cards)),
                merchant: billers[setup.below(3)],
                firstDay: Int(setup.int(0, Int64(Self.days - 5))),
                length: length,
                timeOfDay: setup.chance(0.6) ? 0 : 12 * CivilTime.hour,
                cents: Int32(max(199, (setup.logNormal(log(15), 0.5) * 100).rounded()))))
        }
        rng = RandomStream(seed: seed, stream: 2)
        todayCount = [Int32](repeating: 0, count: cards)
        todaySum = [Int64](repeating: 0, count: cards)
        nextCount = todayCount
        nextSum = todaySum
        count30 = todayCount
        sum30 = todaySum
        ring30 = [CardDay](repeating: CardDay(), count: 30)
        merchantCount = [Int32](repeating: 0, count: 8 * merchants)
        merchantFraud = merchantCount
    }

    /// Writes the three tables; returns them, spine first.
    func run(into directory: URL, progress: (Double) -> Void) throws -> [GeneratedFile] {
        let transactions = try ScenarioCSVWriter(
            directory: directory, name: "transactions.csv",
            header: ["txn_id", "card_id", "merchant_id", "ts", "amount", "is_fraud"])
        let profiles = try ScenarioCSVWriter(
            directory: directory, name: "card_profile.csv",
            header: ["card_id", "ts", "ingested_at", "credit_limit", "avg_amount_30d", "n_txn_30d"])
        let risk = try ScenarioCSVWriter(
            directory: directory, name: "merchant_risk.csv",
            header: ["merchant_id", "ts", "ingested_at", "fraud_rate_7d", "n_txn_7d"])
        let volumes = TrafficCalendar.dailyVolumes(
            events, days: Self.days, startDay: Self.startDay, weekday: [0.97, 0.98, 1.0, 1.02, 1.1, 1.05, 0.88])
        pending.reserveCapacity(events / Self.days * 2 + 64)
        var burstCarry = 0.0
        var singleCarry = 0.0
        return try _withWriters([transactions, profiles, risk]) {
            for d in 0..<Self.days {
                day = d
                let dayStart = Self.periodStart + Int64(d) * CivilTime.day
                compromisedNow = (0..<merchants).compactMap { m in
                    compromisedSince[m] <= d ? Int32(m) : nil
                }
                var budget = volumes[d]
                budget -= generateSubscriptions(dayStart: dayStart, budget: budget)
                burstCarry += Self.burstShare * Double(volumes[d])
                while burstCarry >= 1, budget >= 2 {
                    let made = generateBurst(dayStart: dayStart, budget: budget)
                    budget -= made
                    burstCarry -= Double(made)
                }
                if !compromisedNow.isEmpty {
                    singleCarry += Self.singleShare * Double(volumes[d])
                    while singleCarry >= 1, budget > 0 {
                        generateSingleFraud(dayStart: dayStart)
                        budget -= 1
                        singleCarry -= 1
                    }
                }
                while budget > 0 { budget -= generatePurchase(dayStart: dayStart, budget: budget) }
                let isLast = d == Self.days - 1
                try writeTransactions(before: isLast ? Int64.max : dayStart + CivilTime.day, to: transactions)
                try writeProfiles(snapshot: dayStart + CivilTime.day, to: profiles)
                try writeRisk(snapshot: dayStart + CivilTime.day, to: risk)
                progress(Double(d + 1) / Double(Self.days))
            }
        }
    }
}
