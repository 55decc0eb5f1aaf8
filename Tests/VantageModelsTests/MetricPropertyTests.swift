// Seeded random cases checked against naive reference implementations.
// Covers: AUC against the O(n²) pair count with ties; average precision and
// recall-at-precision against a per-threshold recomputation; every metric under
// integer weights against the materialised repeated sample. Scores come from a small
// set of values so ties are frequent. A failure reports its case seed.
import Foundation
import PropertyBased
import Testing
@testable import VantageModels

@Suite("Metrics: against naive references")
struct MetricPropertyTests {
    /// A small binary case with frequent ties; both classes present.
    static func binaryCase(seed: UInt64) -> (labels: [Double], scores: [Double]) {
        var g = SeededGenerator(seed: seed)
        let n = 2 + g.nextInt(below: 40)
        var labels = (0..<n).map { _ in Double(g.nextInt(below: 2)) }
        labels[0] = 0
        labels[1] = 1
        let scores = (0..<n).map { _ in Double(g.nextInt(below: 6)) / 5 }
        return (labels, scores)
    }

    static func naiveAUC(_ y: [Double], _ s: [Double]) -> Double {
        var wins = 0.0, pairs = 0.0
        for i in y.indices where y[i] == 1 {
            for j in y.indices where y[j] == 0 {
                pairs += 1
                wins += s[i] > s[j] ? 1 : (s[i] == s[j] ? 0.5 : 0)
            }
        }
        return wins / pairs
    }

    /// (precision, recall) at every distinct threshold, in decreasing threshold order.
    static func naiveCurve(_ y: [Double], _ s: [Double]) -> [(precision: Double, recall: Double)] {
        let positives = y.reduce(0, +)
        return Set(s).sorted(by: >).map { t in
            let predicted = s.indices.filter { s[$0] >= t }
            let tp = predicted.reduce(0.0) { $0 + y[$1] }
            return (tp / Double(predicted.count), tp / positives)
        }
    }

    @Test func aucMatchesPairCount() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...1_000_000)) { seed in
            let (y, s) = Self.binaryCase(seed: UInt64(seed))
            let auc = try Metric.rocAUC.evaluate(labels: y, predictions: s)
            expectClose(auc, Self.naiveAUC(y, s), tolerance: 1e-12, "seed \(seed)")
        }
    }

    @Test func averagePrecisionAndRecallMatchCurve() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...1_000_000)) { seed in
            let (y, s) = Self.binaryCase(seed: UInt64(seed))
            let curve = Self.naiveCurve(y, s)
            var ap = 0.0, previousRecall = 0.0
            for point in curve {
                ap += (point.recall - previousRecall) * point.precision
                previousRecall = point.recall
            }
            expectClose(try Metric.prAUC.evaluate(labels: y, predictions: s), ap, tolerance: 1e-12, "seed \(seed)")
            for p in [0.3, 0.5, 0.8, 1.0] {
                let expected = curve.filter { $0.precision >= p }.map(\.recall).max() ?? 0
                let value = try Metric.recallAtPrecision(p).evaluate(labels: y, predictions: s)
                expectClose(value, expected, tolerance: 1e-12, "seed \(seed), precision \(p)")
            }
        }
    }

    @Test func integerWeightsEqualRepeatedRows() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...1_000_000)) { seed in
            var g = SeededGenerator(seed: UInt64(seed) ^ 0xABCDEF)
            let (y, s) = Self.binaryCase(seed: UInt64(seed))
            let rows = (0..<(1 + g.nextInt(below: 60))).map { _ in g.nextInt(below: y.count) }
            let targets = y.map { $0 * 3 + Double(g.nextInt(below: 5)) }
            let metrics: [Metric] = [.rocAUC, .prAUC, .logLoss, .brier, .recallAtPrecision(0.5), .rmse, .mae, .r2]
            for metric in metrics {
                let labels = metric.isBinary ? y : targets
                let predictions = metric.isBinary ? s.map { min(max($0, 0.05), 0.95) } : s
                let viaRows = try metric.evaluate(labels: labels, predictions: predictions, rows: rows)
                let repeated = try metric.evaluate(
                    labels: rows.map { labels[$0] }, predictions: rows.map { predictions[$0] })
                if repeated.isNaN {
                    #expect(viaRows.isNaN, "seed \(seed), \(metric)")
                } else {
                    expectClose(viaRows, repeated, tolerance: 1e-9, "seed \(seed), \(metric)")
                }
            }
        }
    }
}
