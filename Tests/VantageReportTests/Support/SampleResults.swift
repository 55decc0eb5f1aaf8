import Foundation
import VantageBacktest
import VantageCore

/// Backtest results built in code, no files: a realistic fraud run (the example report),
/// a run where nothing beats the baseline, and a run whose names are hostile markup.
enum Sample {
    static let levels = ["realtime", "cadence-1m", "cadence-1h", "cadence-12h", "cadence-1d"]
    static let views = ["txn_counts", "merchant_risk", "profile"]

    /// The fraud scenario as a backtest would see it: ROC-AUC 0.953 at realtime falling
    /// to 0.791 daily, a value model whose best net level is cadence-1m, attribution
    /// showing that only the transaction counts need streaming.
    static func fraud(attribution: Bool = true, value: Bool = true, features: [String]? = nil) throws -> BacktestResult {
        let auc = [0.953, 0.949, 0.902, 0.823, 0.791]
        let pr = [0.712, 0.698, 0.561, 0.402, 0.344]
        let logLoss = [0.0421, 0.0433, 0.0518, 0.0622, 0.0660]
        let brier = [0.0102, 0.0105, 0.0124, 0.0146, 0.0153]
        let names = features ?? ["txn_count_10m", "txn_count_1h", "txn_sum_24h", "merchant_chargeback_rate",
                                 "merchant_age_days", "account_age_days", "home_country_match", "amount"]
        let perMonth = [61_500.0, 60_400.0, 47_900.0, 30_200.0, 24_100.0]
        let infra = [20_000.0, 9_000.0, 3_000.0, 1_200.0, 500.0]
        var levelResults = [LevelResult]()
        for (i, level) in levels.enumerated() {
            let metrics = [
                "roc_auc": MetricValue(value: auc[i], ci: [auc[i] - 0.005, auc[i] + 0.005]),
                "pr_auc": MetricValue(value: pr[i], ci: [pr[i] - 0.021, pr[i] + 0.020]),
                "log_loss": MetricValue(value: logLoss[i], ci: [logLoss[i] - 0.0011, logLoss[i] + 0.0012]),
                "brier": MetricValue(value: brier[i], ci: [brier[i] - 0.0004, brier[i] + 0.0004]),
            ]
            // Fresh levels lean on the short windows; stale ones fall back on slow features.
            let importance = names.enumerated().map { j, f in
                FeatureImportance(feature: f, importance: i < 2 ? 1000.0 / Double(j + 1) : 600.0 / Double(names.count - j))
            }.sorted { $0.importance > $1.importance }
            let net = perMonth[i] - infra[i], baseNet = perMonth[4] - infra[4]
            let lv = value ? LevelValue(per1000Events: perMonth[i] / 1200, perMonth: perMonth[i], infrastructurePerMonth: infra[i],
                                        netPerMonth: net, netUpliftPerMonth: i == 4 ? nil : net - baseNet,
                                        netUpliftCI: i == 4 ? nil : [net - baseNet - 4_100, net - baseNet + 3_900]) : nil
            levelResults.append(LevelResult(level: level, trainingSet: "sweep/\(level).csv", metrics: metrics,
                                            foldMetrics: nil, importance: importance, value: lv))
        }
        let uplift = (0..<4).map { i in
            Uplift(level: levels[i], baseline: "cadence-1d", metric: "roc_auc", delta: auc[i] - auc[4],
                   ci: [auc[i] - auc[4] - 0.006, auc[i] - auc[4] + 0.006], significant: true)
        }
        let attr: [Uplift]? = attribution ? [
            Uplift(level: "realtime", baseline: "cadence-1d", metric: "roc_auc", delta: 0.148, ci: [0.141, 0.155], significant: true, view: "txn_counts"),
            Uplift(level: "realtime", baseline: "cadence-1d", metric: "roc_auc", delta: 0.011, ci: [0.006, 0.016], significant: true, view: "merchant_risk"),
            Uplift(level: "realtime", baseline: "cadence-1d", metric: "roc_auc", delta: 0.001, ci: [-0.003, 0.005], significant: false, view: "profile"),
        ] : nil
        return BacktestResult(
            label: "is_fraud", time: "event_time", task: "binary",
            model: ModelRecord(name: "gbdt", parameters: ["learning_rate": .number(0.05), "max_leaves": .number(31),
                                                          "rounds": .number(300), "objective": .string("logloss"),
                                                          "early_stopping": .bool(true)]),
            split: SplitRecord(trainEnd: "2024-05-20T00:00:00Z", testStart: "2024-05-21T00:00:00Z", gap: "1d", folds: 1,
                               trainRows: 240_000, testRows: 58_800, foldRanges: nil),
            features: names, headlineMetric: "roc_auc", baseline: "cadence-1d", levels: levelResults, uplift: uplift,
            attribution: attr,
            value: value ? ValueResult(description: "A caught fraud is worth its amount; a false alarm costs 2.0; the top 1% of scores are reviewed.",
                                       eventsPerMonth: 1_200_000, bestLevel: "cadence-1m") : nil,
            data: DataSummary(rows: 300_000, timeMin: "2024-01-01T00:00:03Z", timeMax: "2024-06-29T23:59:41Z",
                              labelRate: 0.0121, testLabelRate: 0.0118),
            profile: try profile(), provenance: try provenance(),
            verdicts: uplift.map { "\($0.level) vs cadence-1d: ROC-AUC +\(String(format: "%.3f", $0.delta)); significant" })
    }

    /// Every uplift's interval contains zero: the answer must be "no significant uplift".
    static func flat() throws -> BacktestResult {
        var r = try fraud(attribution: false, value: false)
        r.uplift = r.uplift.map { u in
            var u = u
            u.delta = 0.002
            u.ci = [-0.004, 0.008]
            u.significant = false
            return u
        }
        return r
    }

    /// Names a browser or notebook viewer would run or misread if not escaped.
    static let script = "<script>alert(1)</script>"
    static let quoted = "a&b\"c"

    static func hostile() throws -> BacktestResult {
        var r = try fraud(features: [script, quoted, "plain", "it's", "a$b$", "x|y"])
        r.label = quoted
        r.profile = try profile(views: [script, quoted])
        r.attribution = r.attribution.map { a in a.enumerated().map { i, u in
            var u = u
            u.view = i == 0 ? script : quoted
            return u
        } }
        r.provenance = try provenance(specText: "version: 1\nlabel: \"\(quoted)\"\n# \(script)\n# ''' \\ ```\n")
        r.verdicts = [script]
        return r
    }

    static func profile(views: [String] = views) throws -> [FreshnessProfile] {
        let ageScale = [0.0, 30, 1_800, 21_600, 43_200]
        var items = [String]()
        for (i, level) in levels.enumerated() {
            for (j, view) in views.enumerated() {
                let s = ageScale[i] + Double(j) * 5
                let coverage = 0.998 - Double(i) * 0.011 - Double(j) * 0.02
                let age = "{\"min\": 0, \"p50\": \(s + 40 * Double(j + 1)), \"p90\": \(s * 1.8 + 600), \"p99\": \(s * 2 + 4_000), \"max\": \(s * 2 + 90_000)}"
                items.append("{\"view\": \(jsonString(view)), \"level\": \"\(level)\", \"coverage\": \(coverage), "
                    + "\"age_seconds\": \(age), \"changed_vs_realtime\": \(i * 17_000 + j * 900)}")
            }
        }
        return try decode("[" + items.joined(separator: ",") + "]")
    }

    static func provenance(specText: String = "version: 1\nspine:\n  source: spine.csv\n  label: is_fraud\n") throws -> Provenance {
        try decode("""
        {"spec": {"path": "datasets/fraud/spec.yaml", "sha256": "9f2c1e7d4b3a5968f0e1d2c3b4a5968778695a4b3c2d1e0f9a8b7c6d5e4f3a21",
                  "text": \(jsonString(specText))},
         "inputs": [
           {"role": "spine", "source": "datasets/fraud/transactions.csv", "rows": 300000, "bytes": 21534120,
            "sha256": "3b1f4c2a9e8d7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f21"},
           {"role": "view txn_counts", "source": "datasets/fraud/transactions.csv", "rows": 300000,
            "sha256": "3b1f4c2a9e8d7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f21"},
           {"role": "view profile", "source": "datasets/fraud/accounts.csv", "rows": 20000, "bytes": 880231,
            "sha256": "aa41c0de5f9b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170611", "dropped_rows": 3}
         ],
         "sweep": "sweep", "seed": 42}
        """)
    }

    static func decode<T: Decodable>(_ json: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(json.utf8))
    }

    static func jsonString(_ s: String) -> String {
        (try? JSONEncoder().encode(s)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}
