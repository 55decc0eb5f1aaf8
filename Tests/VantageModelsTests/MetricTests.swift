// Metric values computed by hand (and matching scikit-learn's documented examples).
// Covers: AUC with and without ties, average precision with tied scores, log-loss
// clipping at 0 and 1, Brier, recall at precision (reachable and unreachable), RMSE /
// MAE / R² (including constant labels), undefined cases (NaN), input validation,
// metric names and their JSON form.
import Foundation
import Testing
@testable import VantageModels

@Suite("Metrics: hand-computed values")
struct MetricTests {
    // y = [1,0,1,0,1], p = [.8,.8,.4,.4,.2]: tie groups {.8: 1 pos 1 neg}, {.4: 1 pos 1 neg}, {.2: 1 pos}.
    let tiedLabels: [Double] = [1, 0, 1, 0, 1]
    let tiedScores: [Double] = [0.8, 0.8, 0.4, 0.4, 0.2]

    @Test func rocAUCWithoutTies() throws {
        // scikit-learn's roc_auc_score example.
        let auc = try Metric.rocAUC.evaluate(labels: [0, 0, 1, 1], predictions: [0.1, 0.4, 0.35, 0.8])
        expectClose(auc, 0.75)
    }

    @Test func rocAUCWithTiesCountsHalf() throws {
        // Pairs (pos, neg): (.8,.8) ½, (.8,.4) 1, (.4,.8) 0, (.4,.4) ½, (.2,·) 0 → 2 / 6.
        let auc = try Metric.rocAUC.evaluate(labels: tiedLabels, predictions: tiedScores)
        expectClose(auc, 2.0 / 6.0)
        // All scores equal: every pair ties.
        expectClose(try Metric.rocAUC.evaluate(labels: [0, 1, 0, 1], predictions: [3, 3, 3, 3]), 0.5)
    }

    @Test func averagePrecisionGroupsTies() throws {
        // scikit-learn's average_precision_score example: 0.8333…
        let ap = try Metric.prAUC.evaluate(labels: [0, 0, 1, 1], predictions: [0.1, 0.4, 0.35, 0.8])
        expectClose(ap, 5.0 / 6.0)
        // Thresholds .8 (P ½, R ⅓), .4 (P ½, R ⅔), .2 (P ⅗, R 1): ⅓·½ + ⅓·½ + ⅓·⅗.
        let tied = try Metric.prAUC.evaluate(labels: tiedLabels, predictions: tiedScores)
        expectClose(tied, (0.5 + 0.5 + 0.6) / 3)
    }

    @Test func logLossClipsProbabilities() throws {
        expectClose(try Metric.logLoss.evaluate(labels: [1, 0, 1], predictions: [0.9, 0.2, 0.6]),
                    -(log(0.9) + log(0.8) + log(0.6)) / 3, tolerance: 1e-12)
        // p = 0 for a positive is clipped to 1e-15: −ln(1e-15) = 34.538776…
        let clipped = try Metric.logLoss.evaluate(labels: [1, 0], predictions: [0, 0])
        expectClose(clipped, (-log(1e-15) + -log(1 - 1e-15)) / 2, tolerance: 1e-12)
        expectClose(clipped, 17.269388197455342, tolerance: 1e-9)
        let upper = try Metric.logLoss.evaluate(labels: [0], predictions: [1])
        // Clipped to the double nearest 1 − 1e-15, as NumPy's clip does: −ln(1 − that) ≈ 34.5396.
        expectClose(upper, -log(1 - (1 - 1e-15)), tolerance: 1e-12)
    }

    @Test func brierScore() throws {
        // scikit-learn's brier_score_loss example.
        expectClose(try Metric.brier.evaluate(labels: [0, 1, 1, 0], predictions: [0.1, 0.9, 0.8, 0.3]), 0.0375)
    }

    @Test func recallAtPrecision() throws {
        // Thresholds: .9 P1 R⅓, .8 P1 R⅔, .7 P⅔, .6 P¾ R1, .5 P⅗, .4 P½.
        let labels: [Double] = [1, 1, 0, 1, 0, 0], scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4]
        expectClose(try Metric.recallAtPrecision(0.8).evaluate(labels: labels, predictions: scores), 2.0 / 3.0)
        expectClose(try Metric.recallAtPrecision(0.75).evaluate(labels: labels, predictions: scores), 1)
        expectClose(try Metric.recallAtPrecision(1).evaluate(labels: labels, predictions: scores), 2.0 / 3.0)
        // Tied groups: precisions ½, ½, ⅗; none reaches .7, so recall 0.
        expectClose(try Metric.recallAtPrecision(0.6).evaluate(labels: tiedLabels, predictions: tiedScores), 1)
        expectClose(try Metric.recallAtPrecision(0.7).evaluate(labels: tiedLabels, predictions: tiedScores), 0)
    }

    @Test func regressionMetrics() throws {
        // scikit-learn's examples: MAE 0.5, MSE 0.375, R² 0.9486…
        let y: [Double] = [3, -0.5, 2, 7], p: [Double] = [2.5, 0, 2, 8]
        expectClose(try Metric.mae.evaluate(labels: y, predictions: p), 0.5)
        expectClose(try Metric.rmse.evaluate(labels: y, predictions: p), 0.375.squareRoot())
        expectClose(try Metric.r2.evaluate(labels: y, predictions: p), 0.9486081370449679, tolerance: 1e-12)
        // Constant labels: perfect fit 1, otherwise 0 (scikit-learn's force_finite).
        expectClose(try Metric.r2.evaluate(labels: [2, 2], predictions: [2, 2]), 1)
        expectClose(try Metric.r2.evaluate(labels: [2, 2], predictions: [1, 2]), 0)
    }

    @Test func undefinedCasesAreNaN() throws {
        #expect(try Metric.rocAUC.evaluate(labels: [1, 1], predictions: [0.2, 0.3]).isNaN)
        #expect(try Metric.rocAUC.evaluate(labels: [0, 0], predictions: [0.2, 0.3]).isNaN)
        #expect(try Metric.prAUC.evaluate(labels: [0, 0], predictions: [0.2, 0.3]).isNaN)
        #expect(try Metric.rmse.evaluate(labels: [1, 2], predictions: [1, 2], weights: [0, 0]).isNaN)
        // AP with only positives is 1; AUC is not defined.
        expectClose(try Metric.prAUC.evaluate(labels: [1, 1], predictions: [0.2, 0.3]), 1)
    }

    @Test func weightsAndRowsEqualRepetition() throws {
        let labels: [Double] = [1, 0, 1, 0, 1], scores = [0.8, 0.8, 0.4, 0.4, 0.2]
        let rows = [0, 0, 1, 3, 4, 4, 4]
        let repeated = try Metric.rocAUC.evaluate(labels: rows.map { labels[$0] }, predictions: rows.map { scores[$0] })
        expectClose(try Metric.rocAUC.evaluate(labels: labels, predictions: scores, rows: rows), repeated)
        expectClose(try Metric.rocAUC.evaluate(labels: labels, predictions: scores, weights: [2, 1, 0, 1, 3]), repeated)
    }

    @Test func validationErrors() {
        #expect(throws: ModelError.lengthMismatch(what: "predictions", expected: 2, got: 1)) {
            try Metric.brier.evaluate(labels: [0, 1], predictions: [0.5])
        }
        #expect(throws: ModelError.invalidLabel(row: 1, value: 2, expected: "0 or 1 for metric roc_auc")) {
            try Metric.rocAUC.evaluate(labels: [0, 2], predictions: [0.5, 0.4])
        }
        #expect(throws: ModelError.invalidPrediction(row: 0, value: .infinity)) {
            try Metric.rmse.evaluate(labels: [0], predictions: [.infinity])
        }
        #expect(throws: ModelError.rowOutOfRange(index: 5, rowCount: 2)) {
            try Metric.mae.evaluate(labels: [0, 1], predictions: [0, 1], rows: [5])
        }
    }

    @Test func namesParseAndRoundTrip() throws {
        #expect(Metric.allNames == ["roc_auc", "pr_auc", "log_loss", "brier", "recall_at_precision", "rmse", "mae", "r2"])
        for name in Metric.allNames { #expect(try Metric(name: name).name == name) }
        #expect(try Metric(name: "recall_at_precision") == .recallAtPrecision(Metric.defaultMinimumPrecision))
        #expect(try Metric(name: "recall_at_precision@0.9") == .recallAtPrecision(0.9))
        #expect(Metric.recallAtPrecision(0.9).label == "recall_at_precision@0.9")
        #expect(Metric.rocAUC.higherIsBetter && !Metric.logLoss.higherIsBetter && Metric.r2.higherIsBetter)
        #expect(throws: ModelError.unknownMetric("roc_aux")) { try Metric(name: "roc_aux") }
        #expect(ModelError.unknownMetric("roc_aux").description.contains("did you mean 'roc_auc'?"))
        #expect(throws: ModelError.self) { try Metric(name: "recall_at_precision@1.5") }

        let metrics: [Metric] = [.rocAUC, .recallAtPrecision(0.8), .r2]
        let json = try JSONEncoder().encode(metrics)
        #expect(String(decoding: json, as: UTF8.self) == #"["roc_auc","recall_at_precision@0.8","r2"]"#)
        #expect(try JSONDecoder().decode([Metric].self, from: json) == metrics)
    }
}
