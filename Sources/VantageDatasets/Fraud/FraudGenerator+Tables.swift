/// Writing the transaction log and the daily snapshots.
extension FraudGenerator {
    /// Writes the queued transactions that reached the log before `limit`, in
    /// ingestion order.
    func writeTransactions(before limit: Int64, to out: ScenarioCSVWriter) throws {
        pending.sort { $0.ingest != $1.ingest ? $0.ingest < $1.ingest : $0.sequence < $1.sequence }
        var written = 0
        for row in pending {
            if row.ingest >= limit { break }
            transactionID += 1
            out.int(transactionID)
            out.int(Int64(row.card) + 1)
            out.int(Int64(row.merchant) + 1)
            out.timestamp(row.ts)
            out.fixed(Int64(row.cents), decimals: 2)
            out.int(row.fraud ? 1 : 0)
            out.noteTime(row.ts)
            try out.endRow()
            written += 1
        }
        pending.removeFirst(written)
    }

    /// The card profile at `snapshot` (the midnight ending today): one row per
    /// card with a transaction today, over its transactions in the last 30 days.
    func writeProfiles(snapshot: Int64, to out: ScenarioCSVWriter) throws {
        todayCards.sort()
        let slot = day % 30
        let old = ring30[slot]
        for i in old.cards.indices {
            count30[Int(old.cards[i])] -= old.counts[i]
            sum30[Int(old.cards[i])] -= old.sums[i]
        }
        var entry = CardDay()
        entry.cards = todayCards
        entry.counts = todayCards.map { todayCount[Int($0)] }
        entry.sums = todayCards.map { todaySum[Int($0)] }
        for card in todayCards {
            let c = Int(card)
            count30[c] += todayCount[c]
            sum30[c] += todaySum[c]
            let n = Int64(count30[c])
            out.int(Int64(card) + 1)
            out.timestamp(snapshot)
            out.timestamp(ingestedAt(snapshot, usual: 1...3, lateChance: 0.03, late: 24...72))
            let limit = creditLimit[c]
            if limit == 0 {
                out.null()
            } else {
                out.int(Int64(limit) * (day + 1 >= Int(limitChangeDay[c]) ? 2 : 1))
            }
            out.fixed((sum30[c] + n / 2) / n, decimals: 2)
            out.int(n)
            out.noteTime(snapshot)
            try out.endRow()
            todayCount[c] = 0
            todaySum[c] = 0
        }
        ring30[slot] = entry
        swap(&todayCount, &nextCount)
        swap(&todaySum, &nextSum)
        todayCards = nextCards
        nextCards.removeAll(keepingCapacity: true)
    }

    /// The merchant risk at `snapshot`: one row per merchant with a transaction in
    /// the last 7 days; the fraud rate is null under 5 transactions.
    func writeRisk(snapshot: Int64, to out: ScenarioCSVWriter) throws {
        for m in 0..<merchants {
            var n: Int64 = 0
            var frauds: Int64 = 0
            for back in 0..<7 where day - back >= 0 {
                let slot = ((day - back) % 8) * merchants + m
                n += Int64(merchantCount[slot])
                frauds += Int64(merchantFraud[slot])
            }
            guard n > 0 else { continue }
            out.int(Int64(m) + 1)
            out.timestamp(snapshot)
            out.timestamp(ingestedAt(snapshot, usual: 2...4, lateChance: 0.02, late: 24...48))
            if n < 5 { out.null() } else { out.fixed((frauds * 10_000 + n / 2) / n, decimals: 4) }
            out.int(n)
            out.noteTime(snapshot)
            try out.endRow()
        }
        // The slot of day - 6 is not needed again; tomorrow's spill may land in it.
        let clear = ((day + 2) % 8) * merchants
        for m in 0..<merchants {
            merchantCount[clear + m] = 0
            merchantFraud[clear + m] = 0
        }
    }

    /// When a snapshot row was loaded: `usual` hours after it (whole seconds), or,
    /// with `lateChance`, `late` hours after it (a rerun after a failure).
    func ingestedAt(
        _ snapshot: Int64, usual: ClosedRange<Int64>, lateChance: Double, late: ClosedRange<Int64>
    ) -> Int64 {
        let hours = rng.chance(lateChance) ? late : usual
        let seconds = rng.int(hours.lowerBound * 3600, hours.upperBound * 3600)
        return snapshot + seconds * CivilTime.second
    }
}
