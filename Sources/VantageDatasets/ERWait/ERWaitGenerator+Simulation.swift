import Foundation

/// The queue simulation: arrivals, bed assignment, discharges, snapshots.
extension ERWaitGenerator {
    /// Sets today's staffed beds, frees the day's statistics slot and fills any
    /// bed that became available.
    func openDay(dayStart: Int64) {
        precondition(dayRows[day % 4].isEmpty, "arrivals of day \(day - 4) still unwritten")
        for h in 0..<hospitals {
            let closed = day >= Int(closureFirstDay[h]) && day <= Int(closureLastDay[h])
            beds[h] = closed ? Int32((Double(baseBeds[h]) * 0.85).rounded()) : baseBeds[h]
            let slot = h * 8 + day % 8
            statWaitSum[slot] = 0
            statWaitCount[slot] = 0
            statArrivals[slot] = 0
            assign(h, at: dayStart)
        }
    }

    /// Draws today's arrivals and runs every hospital through the day, writing a
    /// snapshot of each at every 10-minute boundary.
    func simulateDay(arrivals count: Int, dayStart: Int64, snapshots: ScenarioCSVWriter) throws {
        let slot = day % 4
        var rows: [ArrivalRow] = []
        rows.reserveCapacity(count)
        for _ in 0..<count {
            let hospital = Int32(hospitalChoice.draw(&rng))
            let ts = _wholeSecond(dayStart + arrivalTime.draw(&rng))
            let triage = UInt8(1 + triageChoice.draw(&rng))
            let group = rng.uniform()
            let age = group < 0.18 ? rng.int(0, 17) : group < 0.75 ? rng.int(18, 64) : rng.int(65, 97)
            let ambulanceChance = [0.8, 0.45, 0.22, 0.08, 0.03][Int(triage) - 1] * (age >= 65 ? 1.5 : 1)
            rows.append(ArrivalRow(
                ts: ts, hospital: hospital, triage: triage, triageMissing: rng.chance(0.005),
                age: UInt8(age), ambulance: rng.chance(ambulanceChance)))
        }
        rows.sort { $0.ts != $1.ts ? $0.ts < $1.ts : $0.hospital < $1.hospital }
        dayRows[slot] = rows
        unresolved[slot] = rows.count
        var next = 0
        let boundaries = Int(CivilTime.day / Self.snapshotEvery)
        for j in 0...boundaries {
            let boundary = dayStart + Int64(j) * Self.snapshotEvery
            while next < rows.count && (j == boundaries || dayRows[slot][next].ts < boundary) {
                arrive(slot: slot, index: next)
                next += 1
            }
            for h in 0..<hospitals {
                advance(h, through: boundary, inclusive: false)
                if j < boundaries { try writeSnapshot(h, at: boundary, to: snapshots) }
            }
        }
        moveLongWaitsToCorridor(at: dayStart + CivilTime.day)
    }

    /// One arrival: triage 1 is seen at once in resuscitation; the others queue
    /// for a bed.
    func arrive(slot: Int, index: Int) {
        let row = dayRows[slot][index]
        let h = Int(row.hospital)
        advance(h, through: row.ts, inclusive: true)
        statArrivals[h * 8 + day % 8] += 1
        let patient = UInt64(day) << 32 | UInt64(index)
        if row.triage == 1 {
            resolve(patient, at: row.ts, hospital: h)
            return
        }
        queues[h * 2 + (row.triage == 2 ? 0 : 1)].append(patient)
        assign(h, at: row.ts)
    }

    /// Processes the discharges of hospital `h` up to `time`, each freeing a bed
    /// for the next patient in line.
    func advance(_ h: Int, through time: Int64, inclusive: Bool) {
        while let top = discharges[h].min, top < time || (inclusive && top == time) {
            _ = discharges[h].popMin()
            occupied[h] -= 1
            assign(h, at: top)
        }
    }

    /// Gives free beds to waiting patients: triage 2 first, then levels 3–5 in
    /// arrival order.
    func assign(_ h: Int, at time: Int64) {
        while occupied[h] < beds[h] {
            var patient: UInt64?
            patient = queues[h * 2].removeFirst() ?? queues[h * 2 + 1].removeFirst()
            guard let patient else { return }
            let row = resolve(patient, at: time, hospital: h)
            occupied[h] += 1
            let medianMinutes = [300.0, 240, 150, 90][Int(row.triage) - 2] * (row.age >= 65 ? 1.2 : 1)
            let stay = rng.logNormal(log(medianMinutes), 0.5) * 60
            discharges[h].push(time + Int64(stay.rounded()) * CivilTime.second)
        }
    }

    /// Records a patient's wait (to `time`, plus 3–12 minutes of registration and
    /// triage; 0–3 minutes for triage 1).
    @discardableResult
    func resolve(_ patient: UInt64, at time: Int64, hospital h: Int) -> ArrivalRow {
        let arrivalDay = Int(patient >> 32)
        let slot = arrivalDay % 4
        let index = Int(patient & 0xFFFF_FFFF)
        let row = dayRows[slot][index]
        let extra = row.triage == 1 ? rng.int(0, 180) : rng.int(180, 720)
        let wait = time - row.ts + extra * CivilTime.second
        let tenths = Int32((wait + 3_000_000) / 6_000_000)
        dayRows[slot][index].waitTenths = tenths
        unresolved[slot] -= 1
        if arrivalDay >= day - 7 {
            statWaitSum[h * 8 + arrivalDay % 8] += Double(tenths) / 10
            statWaitCount[h * 8 + arrivalDay % 8] += 1
        }
        return row
    }

    /// Patients waiting longer than ``longestWait`` get a corridor bed (no
    /// capacity used): it keeps every day's waits known within two days.
    func moveLongWaitsToCorridor(at time: Int64) {
        for q in queues.indices {
            while let patient = queues[q].first {
                let row = dayRows[Int(patient >> 32) % 4][Int(patient & 0xFFFF_FFFF)]
                if time - row.ts < Self.longestWait { break }
                _ = queues[q].removeFirst()
                resolve(patient, at: time, hospital: q / 2)
            }
        }
    }

    /// After the last day: runs the discharges on until nobody is waiting.
    func drainQueues() {
        day = Self.days
        for h in 0..<hospitals {
            while waitingCount(h) > 0 {
                guard let top = discharges[h].popMin() else {
                    // No bed will free (all closed): give the rest a bed now.
                    assign(h, at: Self.periodStart + Int64(Self.days) * CivilTime.day)
                    break
                }
                occupied[h] -= 1
                assign(h, at: top)
            }
        }
    }

    /// Patients waiting at hospital `h` now.
    func waitingCount(_ h: Int) -> Int {
        queues[h * 2].count + queues[h * 2 + 1].count
    }
}
