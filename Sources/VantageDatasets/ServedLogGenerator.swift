import Foundation
import VantageCore

/// Writes a scenario's `served.csv`: a sample of its requests with the feature values a
/// plausibly imperfect production served, for `vantage skew` to find.
///
/// The requests are a seeded sample of the spine's rows (key and time columns). Each view
/// is replayed point in time by the engine at a perturbed schedule (a lag, a cadence, a
/// batch loaded one period late) instead of its declared freshness, then a seeded share
/// of requests gets all of the view's columns null (timeouts). Deterministic: the same
/// scenario folder, `requests` and `seed` give byte-identical files.
public enum ServedLogGenerator {
    /// How production serves one view.
    public struct Perturbation: Sendable, Equatable {
        public var view: String
        /// The level production really runs at.
        public var level: String
        /// A batch loaded this much after its boundary (added to the view's data delay).
        public var lateBy: String?
        /// Share of requests served null for every column of the view.
        public var nullRate: Double

        public init(view: String, level: String, lateBy: String? = nil, nullRate: Double = 0) {
            self.view = view
            self.level = level
            self.lateBy = lateBy
            self.nullRate = nullRate
        }
    }

    /// The file name inside a scenario folder.
    public static let fileName = "served.csv"
    /// Requests in the committed `served.csv`.
    public static let committedRequests = 3000

    /// What each bundled scenario's production gets wrong (stated in its README).
    public static func perturbations(_ scenario: Scenario) -> [Perturbation] {
        switch scenario {
        case .fraud:
            return [.init(view: "card_profile", level: "cadence-1d"),
                    .init(view: "merchant_risk", level: "cadence-1d", lateBy: "1d"),
                    .init(view: "txn", level: "lag-30s", nullRate: 0.01)]
        case .credit:
            return [.init(view: "bureau", level: "cadence-1d"),
                    .init(view: "income", level: "cadence-1d", lateBy: "1d"),
                    .init(view: "activity", level: "cadence-1h", nullRate: 0.02)]
        case .erWait:
            return [.init(view: "beds", level: "lag-10m"),
                    .init(view: "hospital_daily", level: "cadence-1d"),
                    .init(view: "queue", level: "lag-2m", nullRate: 0.005)]
        }
    }

    /// The command that re-creates a scenario's `served.csv`.
    public static func command(_ scenario: Scenario, folder: String) -> String {
        "vantage datasets served \(scenario.rawValue) --dir \(folder) --requests \(committedRequests) --seed \(Scenario.committedSeed)"
    }

    /// Generates `<folder>/served.csv` from the scenario in `folder` (its `spec.yaml` and
    /// tables) and returns the bytes written.
    @discardableResult
    public static func write(_ scenario: Scenario, folder: String, requests: Int = committedRequests,
                             seed: UInt64 = Scenario.committedSeed) throws(VantageError) -> [UInt8] {
        let bytes = try generate(folder: folder, perturbations: perturbations(scenario), requests: requests, seed: seed)
        try AtomicFile.write(bytes, to: folder + "/" + fileName)
        return bytes
    }

    /// The CSV text of a served log for the spec in `folder`.
    public static func generate(folder: String, perturbations: [Perturbation], requests: Int,
                                seed: UInt64) throws(VantageError) -> [UInt8] {
        let spec = try SpecDecoder.load(path: folder + "/spec.yaml")
        guard requests > 0 else { throw .usage("--requests must be at least 1, got \(requests)") }
        let spineSource = spec.spine.source
        let full = try SourceReader.read(spineSource, keep: Set(spec.spine.keys + [spec.spine.time]))
        var rng = SplitMix64(seed: seed)
        // A seeded sample without replacement (partial Fisher-Yates), back in file order.
        var indexes = Array(0..<full.rowCount)
        let n = min(requests, indexes.count)
        for i in 0..<n { indexes.swapAt(i, i + Int(rng.next() % UInt64(indexes.count - i))) }
        let rows = indexes.prefix(n).sorted()
        let columns = spec.spine.keys + [spec.spine.time]
        let sample = full.projected(onto: columns).selecting(rows: rows)
        var replay = spec
        let marker = folder + "/" + fileName
        replay.spine.source = .csv(path: marker)
        replay.spine.label = nil
        let inputs = try Loader.load(replay, options: .init(preloaded: [marker: sample]))
        let engine = PointInTimeEngine(inputs: inputs)
        var outputs = [ViewOutput]()
        var nullRows = [[Bool]]()
        for (i, v) in spec.views.enumerated() {
            let p = perturbations.first { $0.view == v.name } ?? Perturbation(view: v.name, level: v.freshness.name)
            let level = try FreshnessLevel(parsing: p.level)
            var delay = v.delay
            if let late = p.lateBy {
                guard let extra = Duration(parsing: late), case let .micros(e) = extra.length, case let .micros(d) = v.delay.length else {
                    throw .usage("late by \"\(late)\": expected a fixed duration such as 1d")
                }
                delay = Duration(length: .micros(d + e), text: late)
            }
            outputs.append(engine.compute(view: i, level: level, delay: delay))
            nullRows.append((0..<n).map { _ in Double(rng.next() >> 11) / Double(1 << 53) < p.nullRate })
        }
        var out = CSVBuffer(capacity: n * 128)
        out.record(columns + spec.views.flatMap(\.outputColumns))
        for r in 0..<n {
            var fields = [String]()
            for c in columns.indices { fields.append(sample.columns[c]?.string(r) ?? "") }
            for (i, o) in outputs.enumerated() {
                for c in o.columns { fields.append(nullRows[i][r] ? "" : (c.text(r) ?? "")) }
            }
            out.record(fields)
        }
        return out.bytes
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): a small seeded stream for the sample and the
/// nulls, independent of the scenario generators' own streams.
private struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
