import Foundation

/// The `er-wait` scenario: emergency-department arrivals (spine, label
/// `wait_minutes` until a bed), bed-occupancy snapshots every 10 minutes and a
/// daily hospital summary. `datasets/er-wait/README.md` says what is planted; in
/// short:
///
/// - 90 days from 2024-01-01; hospitals of different sizes; arrivals follow a
///   daily cycle (quiet at night, busy from late morning to evening), a weekly
///   one (Mondays busiest) and a slow winter decline.
/// - A queue is simulated at every hospital: triage 1 goes straight to
///   resuscitation, level 2 is next in line for a bed, levels 3–5 wait in
///   arrival order;
///   beds free when the stay (hours, by triage and age) ends; some hospitals
///   close 15 % of their beds for 1–3 weeks.
/// - So the wait depends on the queue right now: snapshots of occupied beds and
///   patients waiting, and recent arrivals, explain much of it when fresh, and
///   little when a day old.
final class ERWaitGenerator {
    /// 2024-01-01, in days since 1970-01-01.
    static let startDay = CivilTime.days(year: 2024, month: 1, day: 1)
    /// Length of the period in days.
    static let days = 90
    /// First instant of the period, in microseconds.
    static let periodStart = startDay * CivilTime.day
    /// Interval of the bed-occupancy snapshots.
    static let snapshotEvery = 10 * CivilTime.minute
    /// A patient still waiting after this long is moved to a corridor bed.
    static let longestWait = 12 * CivilTime.hour

    /// Arrivals to write (spine rows).
    let events: Int
    let seed: UInt64
    /// Number of hospitals (`round(events / 10,000)`, 2 … 5,000).
    let hospitals: Int

    /// The stream of every draw after setup.
    var rng: RandomStream
    /// Which hospital an arrival goes to (by size).
    let hospitalChoice: AliasTable
    /// Time of day of arrivals (the daily cycle).
    let arrivalTime: TimeOfDay
    /// Triage levels 1 … 5.
    let triageChoice: AliasTable
    /// Staffed beds of each hospital, and the days of its bed closure (-1: none).
    var baseBeds: [Int32]
    var closureFirstDay: [Int32]
    var closureLastDay: [Int32]

    // The simulation, per hospital.
    /// Beds staffed today, beds in use, and when each bed in use frees.
    var beds: [Int32]
    var occupied: [Int32]
    var discharges: [DischargeHeap]
    /// Waiting patients, `hospital * 2` for triage 2, `hospital * 2 + 1` for 3–5.
    var queues: [PatientQueue]
    /// Last 8 days by arrival day, `hospital * 8 + day % 8`.
    var statWaitSum: [Double], statWaitCount: [Int32], statArrivals: [Int32]

    // Arrivals by day (4-day ring) until every wait of the day is known.
    var dayRows: [[ArrivalRow]]
    /// Arrivals of each ring day still waiting for a bed.
    var unresolved: [Int]
    /// The first day not yet written.
    var nextDayToWrite = 0
    /// The last `arrival_id` written.
    var arrivalID: Int64 = 0
    /// The day being simulated (0 = 2024-01-01).
    var day = 0

    init(events: Int, seed: UInt64) {
        self.events = events
        self.seed = seed
        hospitals = min(5000, max(2, Int((Double(events) / 10_000).rounded())))
        var setup = RandomStream(seed: seed, stream: 1)
        let size = (0..<hospitals).map { _ in setup.logNormal(0, 0.35) }
        hospitalChoice = AliasTable(weights: size)
        arrivalTime = TimeOfDay(hourly: [
            4, 3.2, 2.6, 2.2, 2, 2.2, 3, 4.5, 6.5, 8, 8.8, 9, 8.8, 8.5, 8.4, 8.3, 8.3, 8.4, 8.4, 8, 7.2, 6.3, 5.4, 4.6,
        ])
        triageChoice = AliasTable(weights: [0.02, 0.12, 0.45, 0.30, 0.11])
        let total = size.reduce(0, +)
        let perDay = Double(events) / Double(Self.days)
        baseBeds = size.map { w in
            // Mean occupancy = arrivals per minute × mean stay (≈ 240 min); beds for ≈ 80 %.
            let occupancy = perDay * w / total / 1440 * 240
            return Int32(max(3, (occupancy / 0.8).rounded()))
        }
        closureFirstDay = [Int32](repeating: -1, count: hospitals)
        closureLastDay = [Int32](repeating: -1, count: hospitals)
        for h in 0..<hospitals where setup.chance(0.3) {
            let first = setup.int(10, 60)
            closureFirstDay[h] = Int32(first)
            closureLastDay[h] = Int32(first + setup.int(7, 21) - 1)
        }
        beds = baseBeds
        occupied = [Int32](repeating: 0, count: hospitals)
        discharges = [DischargeHeap](repeating: DischargeHeap(), count: hospitals)
        // The period opens on a department already working: 60 % of the beds
        // taken by patients (not in the spine) who leave within 6 hours.
        for h in 0..<hospitals {
            let taken = Int32((0.6 * Double(baseBeds[h])).rounded())
            for _ in 0..<taken {
                discharges[h].push(Self.periodStart + setup.int(1, 6 * 3600) * CivilTime.second)
            }
            occupied[h] = taken
        }
        queues = [PatientQueue](repeating: PatientQueue(), count: 2 * hospitals)
        statWaitSum = [Double](repeating: 0, count: 8 * hospitals)
        statWaitCount = [Int32](repeating: 0, count: 8 * hospitals)
        statArrivals = statWaitCount
        dayRows = [[ArrivalRow]](repeating: [], count: 4)
        unresolved = [Int](repeating: 0, count: 4)
        rng = RandomStream(seed: seed, stream: 2)
    }

    /// Writes the three tables; returns them, spine first.
    func run(into directory: URL, progress: (Double) -> Void) throws -> [GeneratedFile] {
        let arrivals = try ScenarioCSVWriter(
            directory: directory, name: "arrivals.csv",
            header: ["arrival_id", "hospital_id", "ts", "triage_level", "age", "arrival_mode", "wait_minutes"])
        let snapshots = try ScenarioCSVWriter(
            directory: directory, name: "bed_occupancy.csv",
            header: ["hospital_id", "ts", "received_at", "occupied_beds", "waiting_patients"])
        let daily = try ScenarioCSVWriter(
            directory: directory, name: "hospital_daily.csv",
            header: ["hospital_id", "ts", "published_at", "staffed_beds", "arrivals_7d", "avg_wait_7d"])
        let volumes = TrafficCalendar.dailyVolumes(
            events, days: Self.days, startDay: Self.startDay,
            weekday: [1.12, 1.04, 1.0, 0.99, 1.0, 0.93, 0.92],
            trend: { d in 1.08 - 0.0012 * Double(d) })
        return try _withWriters([arrivals, snapshots, daily]) {
            for d in 0..<Self.days {
                day = d
                let dayStart = Self.periodStart + Int64(d) * CivilTime.day
                openDay(dayStart: dayStart)
                try writeDaily(dayStart: dayStart, to: daily)
                try simulateDay(arrivals: volumes[d], dayStart: dayStart, snapshots: snapshots)
                try writeResolvedDays(through: d, to: arrivals)
                progress(Double(d + 1) / Double(Self.days))
            }
            drainQueues()
            try writeResolvedDays(through: Self.days - 1, to: arrivals)
        }
    }
}
