import Foundation

/// Drawing and writing the credit tables, a day at a time.
extension CreditGenerator {
    /// Bureau snapshots due today (τ = midnight): the state moves, then is written.
    func writeBureau(dayStart: Int64, to out: ScenarioCSVWriter) throws {
        let slot = day + Self.historyDays
        var due = bureauDue[slot]
        bureauDue[slot] = []
        due.sort()
        for applicant in due {
            let a = Int(applicant)
            let z = Double(risk[a])
            let target = 690 - 55 * z
            if score[a] == 0 {
                score[a] = Int16(min(850, max(300, (target + 25 * rng.normal()).rounded())))
                openAccounts[a] = UInt8(min(30, rng.poisson(3.5 + 0.6 * max(-2, z))))
                delinquencies[a] = UInt8(min(9, rng.poisson(0.35 * exp(0.9 * z))))
            } else {
                let moved = Double(score[a]) + 0.15 * (target - Double(score[a])) + 12 * rng.normal()
                score[a] = Int16(min(850, max(300, moved.rounded())))
                if rng.chance(min(0.5, 0.05 * exp(0.8 * z))) {
                    delinquencies[a] = min(9, delinquencies[a] + 1)
                } else if delinquencies[a] > 0 && rng.chance(0.15) {
                    delinquencies[a] -= 1
                }
                if rng.chance(0.1) { openAccounts[a] = openAccounts[a] > 0 && rng.chance(0.5) ? openAccounts[a] - 1 : min(30, openAccounts[a] + 1) }
            }
            out.id("A", a + 1, width: 7)
            out.timestamp(dayStart)
            let hours = rng.chance(0.04) ? rng.int(48, 240) : rng.int(4, 20)
            out.timestamp(dayStart + rng.int(hours * 3600 - 1800, hours * 3600 + 1800) * CivilTime.second)
            out.int(Int64(score[a]))
            out.int(Int64(openAccounts[a]))
            if rng.chance(0.01) { out.null() } else { out.int(Int64(delinquencies[a])) }
            out.noteTime(dayStart)
            try out.endRow()
            let next = slot + Int(rng.int(45, 90))
            if next < bureauDue.count { bureauDue[next].append(applicant) }
        }
    }

    /// Income snapshots due today (τ = midnight, verified days later).
    func writeIncome(dayStart: Int64, to out: ScenarioCSVWriter) throws {
        let slot = day + Self.historyDays
        var due = incomeDue[slot]
        incomeDue[slot] = []
        due.sort()
        for applicant in due {
            let a = Int(applicant)
            let z = Double(risk[a])
            var monthly: Double
            if income[a] == 0 {
                monthly = exp(log(4200) - 0.2 * z + 0.45 * rng.normal())
            } else {
                monthly = Double(income[a]) * rng.logNormal(0.005, 0.03)
                if rng.chance(0.04) { monthly *= rng.logNormal(0, 0.35) }
            }
            income[a] = Int32(min(60_000, max(800, (monthly / 10).rounded() * 10)))
            out.id("A", a + 1, width: 7)
            out.timestamp(dayStart)
            let days = rng.chance(0.05) ? rng.int(20, 40) : rng.int(1, 5)
            out.timestamp(dayStart + (days * 86_400 + rng.int(0, 36_000)) * CivilTime.second)
            if rng.chance(0.03) { out.null() } else { out.int(Int64(income[a])) }
            out.noteTime(dayStart)
            try out.endRow()
            let next = slot + Int(rng.int(60, 150))
            if next < incomeDue.count { incomeDue[next].append(applicant) }
        }
    }

    /// Today's applications, in time order; the label is drawn from the state in
    /// force now. Queues the logins that precede some of them.
    func writeApplications(count: Int, dayStart: Int64, to out: ScenarioCSVWriter) throws {
        var today: [(ts: Int64, applicant: Int32)] = []
        today.reserveCapacity(count)
        for _ in 0..<count {
            today.append((_wholeSecond(dayStart + applicationTime.draw(&rng)), Int32(applicantChoice.draw(&rng))))
        }
        today.sort { $0.ts != $1.ts ? $0.ts < $1.ts : $0.applicant < $1.applicant }
        for (ts, applicant) in today {
            let a = Int(applicant)
            let monthly = Double(income[a])
            let amount = min(50_000, max(500, (monthly * rng.logNormal(log(2.5), 0.6) / 100).rounded() * 100))
            let termDraw = rng.uniform()
            let term: Int64 = termDraw < 0.25 ? 12 : termDraw < 0.55 ? 24 : termDraw < 0.85 ? 36 : 60
            let bureauPart: Double = -0.022 * (Double(score[a]) - 690) + 0.35 * Double(delinquencies[a])
            let loanPart: Double = 0.8 * log(amount / (3 * monthly)) + (term == 60 ? 0.35 : 0)
            // Unobserved circumstances: what no feature of the spec can see.
            let logit = -3.5 + bureauPart + loanPart + 0.6 * rng.normal()
            let defaulted = rng.uniform() < 1 / (1 + exp(-logit))
            applicationID += 1
            out.int(applicationID)
            out.id("A", a + 1, width: 7)
            out.timestamp(ts)
            out.int(Int64(amount))
            out.int(term)
            let channel = rng.uniform()
            if channel < 0.01 {
                out.null()
            } else if channel < 0.46 {
                out.literal("web")
            } else if channel < 0.86 {
                out.literal("mobile")
            } else {
                out.literal("branch")
            }
            out.int(defaulted ? 1 : 0)
            out.noteTime(ts)
            try out.endRow()
            if rng.chance(0.55) {
                for _ in 0..<(rng.chance(0.4) ? 2 : 1) {
                    queueActivity(ts: ts - rng.int(60, 1800) * CivilTime.second, applicant: applicant, kind: 0, cents: 0)
                }
            }
        }
    }

    /// Today's background account events.
    func generateActivity(count: Int, dayStart: Int64) {
        for _ in 0..<count {
            let applicant = Int32(activityChoice.draw(&rng))
            let ts = _wholeSecond(dayStart + activityTime.draw(&rng))
            let inquiry = min(0.4, 0.08 * exp(0.4 * Double(risk[Int(applicant)])))
            let u = rng.uniform()
            if u < inquiry {
                queueActivity(ts: ts, applicant: applicant, kind: 2, cents: 0)
            } else if u < inquiry + 0.28 {
                let cents = Int32(min(5_000_000, (rng.logNormal(log(250), 0.7) * 100).rounded()))
                queueActivity(ts: ts, applicant: applicant, kind: 1, cents: cents)
            } else {
                queueActivity(ts: ts, applicant: applicant, kind: 0, cents: 0)
            }
        }
    }

    @inline(__always)
    func queueActivity(ts: Int64, applicant: Int32, kind: UInt8, cents: Int32) {
        pendingActivity.append(ActivityRow(ts: ts, sequence: sequence, applicant: applicant, kind: kind, cents: cents))
        sequence &+= 1
    }

    /// Writes the queued events before `limit`, in time order.
    func writeActivity(before limit: Int64, to out: ScenarioCSVWriter) throws {
        pendingActivity.sort { $0.ts != $1.ts ? $0.ts < $1.ts : $0.sequence < $1.sequence }
        var written = 0
        for row in pendingActivity {
            if row.ts >= limit { break }
            out.id("A", Int(row.applicant) + 1, width: 7)
            out.timestamp(row.ts)
            switch row.kind {
            case 0: out.literal("login")
            case 1: out.literal("payment")
            default: out.literal("inquiry")
            }
            if row.kind == 1 { out.fixed(Int64(row.cents), decimals: 2) } else { out.null() }
            out.noteTime(row.ts)
            try out.endRow()
            written += 1
        }
        pendingActivity.removeFirst(written)
    }
}
