import Foundation

/// Drawing the transactions of one day.
extension FraudGenerator {
    /// Today's charges of active subscriptions, at exactly 00:00:00 or 12:00:00.
    /// Returns how many were made (at most `budget`).
    func generateSubscriptions(dayStart: Int64, budget: Int) -> Int {
        var made = 0
        for s in subscriptions where day >= s.firstDay && day < s.firstDay + s.length && made < budget {
            add(ts: dayStart + s.timeOfDay, card: s.card, merchant: s.merchant, cents: s.cents, fraud: false)
            made += 1
        }
        return made
    }

    /// One fraud burst starting today: a stolen card used 2–8 times within 1–7
    /// minutes (bots: every 60 s), manual bursts sometimes followed by a second
    /// wave. Returns the number of transactions (≤ `budget`).
    func generateBurst(dayStart: Int64, budget: Int) -> Int {
        var k = min(budget, 2 + burstSize.draw(&rng))
        let bot = rng.chance(0.30)
        if bot { k = min(k, 6) }
        // On the last day every burst ends before the period does.
        let latest = day == Self.days - 1 ? CivilTime.day - 10 * CivilTime.minute : CivilTime.day
        let start = _wholeSecond(dayStart + Int64(rng.below(Int(latest))))
        let card = Int32(cardActivity.draw(&rng))
        let sameMerchant = rng.chance(0.25)
        let firstMerchant = Int32(merchantActivity.draw(&rng))
        var offsets = [Int64](repeating: 0, count: k)
        if bot {
            let doubleFire = rng.chance(0.10)
            for j in 1..<k { offsets[j] = Int64(j) * CivilTime.minute }
            if doubleFire && k > 2 { offsets[k - 1] = offsets[k - 2] }
        } else {
            let span = rng.int(60, 420) * CivilTime.second
            for j in 1..<k { offsets[j] = 1 + Int64(rng.below(Int(span))) }
            offsets.sort()
        }
        for j in 0..<k {
            var ts = start + offsets[j]
            if !bot && j > 0 { ts = precise(ts) }
            let merchant: Int32
            if sameMerchant {
                merchant = firstMerchant
            } else if !compromisedNow.isEmpty && rng.chance(0.4) {
                merchant = compromisedNow[rng.below(compromisedNow.count)]
            } else {
                merchant = Int32(merchantActivity.draw(&rng))
            }
            let cents = bot
                ? Int32(rng.int(100, 999))
                : Int32(min(500_000, max(100, (rng.logNormal(log(150), 0.9) * 100).rounded())))
            add(ts: ts, card: card, merchant: merchant, cents: cents, fraud: true)
        }
        // 40 % of the manual bursts come back 30–150 minutes later for 1–3 more.
        guard !bot && k < budget && rng.chance(0.4) else { return k }
        let more = min(budget - k, 1 + rng.below(3))
        let wave = start + offsets[k - 1] + rng.int(30, 150) * CivilTime.minute
        var made = k
        for j in 0..<more {
            let ts = precise(wave + (j == 0 ? 0 : rng.int(20, 240) * CivilTime.second * Int64(j)))
            if ts >= Self.periodEnd { break }
            let merchant = Int32(merchantActivity.draw(&rng))
            let cents = Int32(min(500_000, max(100, (rng.logNormal(log(150), 0.9) * 100).rounded())))
            add(ts: ts, card: card, merchant: merchant, cents: cents, fraud: true)
            made += 1
        }
        return made
    }

    /// One fraudulent purchase at a compromised merchant (skimmed card).
    func generateSingleFraud(dayStart: Int64) {
        let card = Int32(cardActivity.draw(&rng))
        let merchant = compromisedNow[rng.below(compromisedNow.count)]
        let ts = precise(dayStart + legitTime.draw(&rng))
        add(ts: ts, card: card, merchant: merchant, cents: purchaseCents(card: card, factor: 1.3), fraud: true)
    }

    /// One legitimate purchase, sometimes followed by 1–2 more on the card within
    /// 2–20 minutes each. Returns how many were made (≤ `budget`).
    func generatePurchase(dayStart: Int64, budget: Int) -> Int {
        let card = Int32(cardActivity.draw(&rng))
        var merchant = Int32(merchantActivity.draw(&rng))
        var ts = precise(dayStart + legitTime.draw(&rng))
        add(ts: ts, card: card, merchant: merchant, cents: purchaseCents(card: card, factor: 1), fraud: false)
        var made = 1
        if made < budget && rng.chance(Self.sessionChance) {
            let more = rng.chance(0.35) ? 2 : 1
            for _ in 0..<more where made < budget {
                ts = precise(ts + rng.int(2 * 60, 20 * 60) * CivilTime.second)
                if ts >= Self.periodEnd { break }
                if !rng.chance(0.7) { merchant = Int32(merchantActivity.draw(&rng)) }
                add(ts: ts, card: card, merchant: merchant, cents: purchaseCents(card: card, factor: 1), fraud: false)
                made += 1
            }
        }
        return made
    }

    /// A purchase amount in cents around the card's typical spend.
    @inline(__always)
    func purchaseCents(card: Int32, factor: Double) -> Int32 {
        let dollars = Double(cardScale[Int(card)]) * factor * rng.logNormal(0, 0.7)
        return Int32(min(2_000_000, max(50, (dollars * 100).rounded())))
    }

    /// The recorded precision of a time: 72 % whole seconds, 3 % whole minutes
    /// (coarse acquirers), the rest microseconds.
    @inline(__always)
    func precise(_ ts: Int64) -> Int64 {
        let u = rng.uniform()
        if u < 0.03 { return _wholeMinute(ts) }
        if u < 0.75 { return _wholeSecond(ts) }
        return ts
    }

    /// Queues a transaction and counts it in the card and merchant statistics of
    /// its day.
    func add(ts: Int64, card: Int32, merchant: Int32, cents: Int32, fraud: Bool) {
        let ingest = ts + Int64(rng.exponential(mean: 500_000))
        pending.append(FraudRow(
            ingest: ingest, ts: ts, card: card, merchant: merchant, cents: cents,
            sequence: sequence, fraud: fraud))
        sequence &+= 1
        let tsDay = Int((ts - Self.periodStart) / CivilTime.day)
        let c = Int(card)
        if tsDay == day {
            if todayCount[c] == 0 { todayCards.append(card) }
            todayCount[c] += 1
            todaySum[c] += Int64(cents)
        } else {
            if nextCount[c] == 0 { nextCards.append(card) }
            nextCount[c] += 1
            nextSum[c] += Int64(cents)
        }
        let slot = (tsDay % 8) * merchants + Int(merchant)
        merchantCount[slot] += 1
        if fraud { merchantFraud[slot] += 1 }
    }
}
