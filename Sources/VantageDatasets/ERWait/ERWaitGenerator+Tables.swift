/// Writing the arrivals, the bed snapshots and the daily hospital summary.
extension ERWaitGenerator {
    /// One bed-occupancy snapshot (received 20–120 s later; 2 % 10–60 minutes late;
    /// 0.4 % with the occupied count missing).
    func writeSnapshot(_ h: Int, at time: Int64, to out: ScenarioCSVWriter) throws {
        out.id("H", h + 1, width: 4)
        out.timestamp(time)
        let delay = rng.chance(0.02) ? rng.int(600, 3600) : rng.int(20, 120)
        out.timestamp(time + delay * CivilTime.second)
        if rng.chance(0.004) { out.null() } else { out.int(Int64(occupied[h])) }
        out.int(Int64(waitingCount(h)))
        out.noteTime(time)
        try out.endRow()
    }

    /// The daily summary at midnight: today's staffed beds, and the last 7 days'
    /// arrivals and mean wait (of patients who had a bed by midnight). Published
    /// 5–7 h later (3 % a day later).
    func writeDaily(dayStart: Int64, to out: ScenarioCSVWriter) throws {
        for h in 0..<hospitals {
            var arrivals: Int64 = 0
            var waits = 0.0
            var resolved: Int64 = 0
            for back in 1...7 where day - back >= 0 {
                let slot = h * 8 + (day - back) % 8
                arrivals += Int64(statArrivals[slot])
                waits += statWaitSum[slot]
                resolved += Int64(statWaitCount[slot])
            }
            out.id("H", h + 1, width: 4)
            out.timestamp(dayStart)
            let hours = rng.chance(0.03) ? rng.int(29, 31) : rng.int(5, 7)
            out.timestamp(dayStart + rng.int(hours * 3600 - 1800, hours * 3600 + 1800) * CivilTime.second)
            out.int(Int64(beds[h]))
            out.int(arrivals)
            if resolved == 0 { out.null() } else { out.fixed(Int64((waits / Double(resolved) * 10).rounded()), decimals: 1) }
            out.noteTime(dayStart)
            try out.endRow()
        }
    }

    /// Writes, in order, every day up to `last` whose waits are all known.
    func writeResolvedDays(through last: Int, to out: ScenarioCSVWriter) throws {
        while nextDayToWrite <= last && unresolved[nextDayToWrite % 4] == 0 {
            let slot = nextDayToWrite % 4
            for row in dayRows[slot] {
                arrivalID += 1
                out.int(arrivalID)
                out.id("H", Int(row.hospital) + 1, width: 4)
                out.timestamp(row.ts)
                if row.triageMissing { out.null() } else { out.int(Int64(row.triage)) }
                out.int(Int64(row.age))
                if row.ambulance { out.literal("ambulance") } else { out.literal("walk_in") }
                out.fixed(Int64(row.waitTenths), decimals: 1)
                out.noteTime(row.ts)
                try out.endRow()
            }
            dayRows[slot] = []
            nextDayToWrite += 1
        }
    }
}
