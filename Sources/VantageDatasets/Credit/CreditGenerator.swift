import Foundation

/// The `credit` scenario: loan applications (spine), bureau and income snapshot
/// histories, and an account-activity log. `datasets/credit/README.md` says what
/// is planted; in short:
///
/// - 180 days of applications from 2023-01-01 (weekday and daily cycles);
///   applicants with Zipf–Mandelbrot repeat rates; snapshots start up to 120 days
///   earlier, activity 30 days earlier.
/// - Each applicant has a latent risk; the bureau score, delinquencies and income
///   follow it and change only when a new snapshot is taken (every 45–90 days
///   for the bureau, 60–150 days for income). The default label is drawn from the
///   state in force at the application: the latest snapshots hold the signal.
/// - Activity (logins, payments, inquiries) depends on the latent risk only a
///   little, through long-run rates; 55 % of applications come with 1–2 logins in
///   the 30 minutes before, whatever the outcome. Fresh activity windows change,
///   but predict nothing more.
final class CreditGenerator {
    /// 2023-01-01, in days since 1970-01-01.
    static let startDay = CivilTime.days(year: 2023, month: 1, day: 1)
    /// Length of the application period in days.
    static let days = 180
    /// Snapshot histories begin this many days before the first application.
    static let historyDays = 120
    /// The activity log begins this many days before the first application.
    static let activityDays = 30
    /// First instant of the application period, in microseconds.
    static let periodStart = startDay * CivilTime.day
    /// Background activity events per application.
    static let activityPerApplication = 0.9

    /// Applications to write (spine rows).
    let events: Int
    let seed: UInt64
    /// Number of applicants (`events / 2`).
    let applicants: Int

    /// The stream of every draw after setup.
    var rng: RandomStream
    /// Latent risk (standard normal) of each applicant.
    var risk: [Float]
    /// The bureau state in force (changed only by a new snapshot); score 0 before the first.
    var score: [Int16]
    var openAccounts: [UInt8]
    var delinquencies: [UInt8]
    /// Monthly income in dollars; 0 before the first income snapshot.
    var income: [Int32]
    /// Applicants due a bureau / income snapshot, by day (index `day + historyDays`).
    var bureauDue: [[Int32]]
    var incomeDue: [[Int32]]
    /// Who applies (repeat applicants are Zipf–Mandelbrot) and who is active
    /// (Zipf–Mandelbrot, a little more for risky applicants).
    let applicantChoice: AliasTable
    let activityChoice: AliasTable
    /// Daily cycles of applications and of account activity.
    let applicationTime: TimeOfDay
    let activityTime: TimeOfDay

    /// Account events drawn but not yet written (at most two days).
    var pendingActivity: [ActivityRow] = []
    /// Order of generation (a tiebreak that makes sorting deterministic).
    var sequence: UInt32 = 0
    /// The last `application_id` written.
    var applicationID: Int64 = 0
    /// The day being generated (0 = 2023-01-01; negative before the period).
    var day = 0

    init(events: Int, seed: UInt64) {
        self.events = events
        self.seed = seed
        applicants = max(100, events / 2)
        var setup = RandomStream(seed: seed, stream: 1)
        var latent = [Float](repeating: 0, count: applicants)
        for a in 0..<applicants { latent[a] = Float(setup.normal()) }
        risk = latent
        let repeatWeights = AliasTable.zipfMandelbrot(
            count: applicants, exponent: 1.0, offset: Double(applicants) / 5, rng: &setup)
        applicantChoice = AliasTable(weights: repeatWeights)
        let activityWeights = AliasTable.zipfMandelbrot(
            count: applicants, exponent: 1.0, offset: Double(applicants) / 20, rng: &setup)
        activityChoice = AliasTable(weights: activityWeights.indices.map { i in
            activityWeights[i] * exp(0.25 * Double(latent[i]))
        })
        applicationTime = TimeOfDay(hourly: [
            1, 0.5, 0.3, 0.3, 0.3, 0.5, 1, 3, 6, 8, 9, 9, 10, 10, 9, 9, 9, 9, 9, 10, 10, 8, 5, 2,
        ])
        activityTime = TimeOfDay(hourly: [
            2, 1, 1, 0.5, 0.5, 1, 3, 6, 8, 8, 8, 8, 9, 8, 8, 8, 8, 9, 10, 11, 11, 9, 6, 3,
        ])
        score = [Int16](repeating: 0, count: applicants)
        openAccounts = [UInt8](repeating: 0, count: applicants)
        delinquencies = [UInt8](repeating: 0, count: applicants)
        income = [Int32](repeating: 0, count: applicants)
        let slots = Self.historyDays + Self.days
        bureauDue = [[Int32]](repeating: [], count: slots)
        incomeDue = [[Int32]](repeating: [], count: slots)
        for a in 0..<applicants {
            bureauDue[Self.historyDays - Int(setup.int(1, 60))].append(Int32(a))
            incomeDue[Self.historyDays - Int(setup.int(1, 120))].append(Int32(a))
        }
        rng = RandomStream(seed: seed, stream: 2)
    }

    /// Writes the four tables; returns them, spine first.
    func run(into directory: URL, progress: (Double) -> Void) throws -> [GeneratedFile] {
        let applications = try ScenarioCSVWriter(
            directory: directory, name: "applications.csv",
            header: ["application_id", "applicant_id", "ts", "amount", "term_months", "channel", "default"])
        let bureau = try ScenarioCSVWriter(
            directory: directory, name: "bureau.csv",
            header: ["applicant_id", "ts", "pulled_at", "bureau_score", "open_accounts", "delinquencies_24m"])
        let incomes = try ScenarioCSVWriter(
            directory: directory, name: "income.csv",
            header: ["applicant_id", "ts", "verified_at", "monthly_income"])
        let activity = try ScenarioCSVWriter(
            directory: directory, name: "account_events.csv",
            header: ["applicant_id", "ts", "kind", "amount"])
        let weekday = [1.15, 1.08, 1.04, 1.0, 0.98, 0.72, 0.62]
        let volumes = TrafficCalendar.dailyVolumes(events, days: Self.days, startDay: Self.startDay, weekday: weekday)
        let activityVolumes = TrafficCalendar.dailyVolumes(
            Int((Self.activityPerApplication * Double(events)).rounded()),
            days: Self.activityDays + Self.days, startDay: Self.startDay - Int64(Self.activityDays),
            weekday: [1, 1, 1, 1, 1, 0.9, 0.85])
        let first = -Self.historyDays
        return try _withWriters([applications, bureau, incomes, activity]) {
            for d in first..<Self.days {
                day = d
                let dayStart = Self.periodStart + Int64(d) * CivilTime.day
                try writeBureau(dayStart: dayStart, to: bureau)
                try writeIncome(dayStart: dayStart, to: incomes)
                if d >= 0 {
                    try writeApplications(count: volumes[d], dayStart: dayStart, to: applications)
                }
                if d >= -Self.activityDays {
                    generateActivity(count: activityVolumes[d + Self.activityDays], dayStart: dayStart)
                    try writeActivity(before: d == Self.days - 1 ? Int64.max : dayStart, to: activity)
                }
                progress(Double(d - first + 1) / Double(Self.days - first))
            }
        }
    }
}
