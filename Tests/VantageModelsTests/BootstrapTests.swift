// The paired bootstrap.
// Covers: determinism per seed (and change across seeds); orientation (positive = A
// better for both higher-is-better and lower-is-better metrics); coverage of a known
// population difference (AUC of two Gaussian scorers, MAE of two error scales) in a
// single case and as a coverage rate over many synthetic data sets; a degenerate
// difference; parameter validation; NaN resamples are skipped.
import Foundation
import Testing
@testable import VantageModels

@Suite("Paired bootstrap")
struct BootstrapTests {
    /// Labels half 0 / half 1; scorer A = label + N(0, 1), B = label + N(0, 2²).
    /// Population AUCs: Φ(1/√2) = 0.760250, Φ(1/(2√2)) = 0.638163; difference 0.122087.
    static func gaussianScorers(n: Int, seed: UInt64) -> (y: [Double], a: [Double], b: [Double]) {
        var g = SeededGenerator(seed: seed)
        let y = (0..<n).map { Double($0 % 2) }
        let a = y.map { $0 + TestData.gaussian(&g) }
        let b = y.map { $0 + 2 * TestData.gaussian(&g) }
        return (y, a, b)
    }
    static let trueAUCDifference = 0.760249938906 - 0.638163195005

    @Test func deterministicPerSeed() throws {
        let (y, a, b) = Self.gaussianScorers(n: 500, seed: 1)
        let first = try PairedBootstrap(resamples: 200, seed: 11).compare(labels: y, predictionsA: a, predictionsB: b, metric: .rocAUC)
        let again = try PairedBootstrap(resamples: 200, seed: 11).compare(labels: y, predictionsA: a, predictionsB: b, metric: .rocAUC)
        let other = try PairedBootstrap(resamples: 200, seed: 12).compare(labels: y, predictionsA: a, predictionsB: b, metric: .rocAUC)
        #expect(first == again)
        #expect(first.lower != other.lower || first.upper != other.upper)
        #expect(first.delta == other.delta)  // the point estimate uses no resampling
    }

    @Test func coversKnownAUCDifference() throws {
        let (y, a, b) = Self.gaussianScorers(n: 4000, seed: 2)
        let result = try PairedBootstrap(resamples: 1000, seed: 5)
            .compare(labels: y, predictionsA: a, predictionsB: b, metric: .rocAUC)
        #expect(result.lower <= Self.trueAUCDifference && Self.trueAUCDifference <= result.upper, "\(result)")
        #expect(result.significant && result.lower > 0)
        #expect(result.validResamples == 1000)
        expectClose(result.delta, result.valueA - result.valueB)
        // Swapping the models flips the sign.
        let swapped = try PairedBootstrap(resamples: 1000, seed: 5)
            .compare(labels: y, predictionsA: b, predictionsB: a, metric: .rocAUC)
        expectClose(swapped.delta, -result.delta)
        #expect(swapped.significant && swapped.upper < 0)
    }

    @Test func coverageRateOfMAEDifference() throws {
        // Errors A ~ U(−1, 1) (MAE ½), B ~ U(−2, 2) (MAE 1): A better by 0.5. Lower is better,
        // so the oriented delta is MAE(B) − MAE(A) = +0.5.
        var covered = 0
        let trials = 60
        for trial in 0..<trials {
            var g = SeededGenerator(seed: 100 + UInt64(trial))
            let y = (0..<300).map { _ in TestData.gaussian(&g) }
            let a = y.map { $0 + (2 * g.nextDouble() - 1) }
            let b = y.map { $0 + (4 * g.nextDouble() - 2) }
            let result = try PairedBootstrap(resamples: 400, seed: UInt64(trial))
                .compare(labels: y, predictionsA: a, predictionsB: b, metric: .mae)
            if result.lower <= 0.5 && 0.5 <= result.upper { covered += 1 }
            #expect(result.delta > 0)
        }
        #expect(covered >= 51, "covered \(covered) of \(trials)")  // nominal 95 %: 57 expected
    }

    @Test func identicalModelsGiveZeroInterval() throws {
        let (y, a, _) = Self.gaussianScorers(n: 200, seed: 3)
        let result = try PairedBootstrap(resamples: 100).compare(labels: y, predictionsA: a, predictionsB: a, metric: .rocAUC)
        #expect(result.delta == 0 && result.lower == 0 && result.upper == 0 && !result.significant)
    }

    @Test func singleModelInterval() throws {
        let (y, a, _) = Self.gaussianScorers(n: 2000, seed: 4)
        let interval = try PairedBootstrap(resamples: 500, confidence: 0.9, seed: 1)
            .interval(labels: y, predictions: a, metric: .rocAUC)
        #expect(interval.lower < interval.estimate && interval.estimate < interval.upper)
        #expect(interval.lower <= 0.760250 && 0.760250 <= interval.upper, "\(interval)")
        #expect(interval.confidence == 0.9 && interval.resamples == 500)
    }

    @Test func undefinedResamplesAreSkipped() throws {
        // One positive among 30 rows: about e⁻¹ of resamples miss it and AUC is undefined there.
        let y = (0..<30).map { $0 == 0 ? 1.0 : 0.0 }
        let p = (0..<30).map { Double($0) / 30 }
        let interval = try PairedBootstrap(resamples: 300, seed: 2).interval(labels: y, predictions: p, metric: .rocAUC)
        #expect(interval.validResamples < 300 && interval.validResamples > 100)
        #expect(!interval.lower.isNaN)
    }

    @Test func invalidParameters() {
        #expect(throws: ModelError.invalidParameter(name: "resamples", value: "0", expected: "at least 1")) {
            try PairedBootstrap(resamples: 0).interval(labels: [0, 1], predictions: [0, 1], metric: .rocAUC)
        }
        #expect(throws: ModelError.empty("bootstrap")) {
            try PairedBootstrap().interval(labels: [], predictions: [], metric: .rmse)
        }
        #expect(throws: ModelError.lengthMismatch(what: "predictions", expected: 2, got: 1)) {
            try PairedBootstrap().compare(labels: [0, 1], predictionsA: [0, 1], predictionsB: [0], metric: .brier)
        }
    }
}

/// The mean bootstrap (money per event) goes through the same resampling as the metric
/// bootstrap: checked against a naive reference that materialises each resample.
@Suite("Mean bootstrap")
struct MeanBootstrapTests {
    @Test func matchesNaiveReference() throws {
        var g = SeededGenerator(seed: 3)
        let values = (0..<300).map { _ in TestData.gaussian(&g) * 5 + 1 }
        let b = PairedBootstrap(resamples: 200, seed: 9)
        let got = try b.meanInterval(of: values)
        var means = [Double]()
        for r in 0..<200 {
            var rng = SeededGenerator(seed: 9, stream: UInt64(r))
            var s = 0.0
            for _ in 0..<values.count { s += values[rng.nextInt(below: values.count)] }
            means.append(s / Double(values.count))
        }
        let expected = Percentile.interval(of: means, confidence: 0.95)
        #expect(abs(got.lower - expected.lower) < 1e-9 && abs(got.upper - expected.upper) < 1e-9, "\(got) vs \(expected)")
        #expect(abs(got.estimate - values.reduce(0, +) / 300) < 1e-12)
        #expect(got.lower < got.estimate && got.estimate < got.upper)
    }

    @Test func constantValuesGiveAPointInterval() throws {
        let got = try PairedBootstrap(resamples: 50, seed: 1).meanInterval(of: Array(repeating: 2.5, count: 10))
        #expect(got.lower == 2.5 && got.upper == 2.5 && got.estimate == 2.5)
    }

    @Test func emptyIsAnError() {
        #expect(throws: ModelError.empty("bootstrap")) { try PairedBootstrap().meanInterval(of: []) }
    }

    @Test func pValueIsSmallOnlyForARealDifference() throws {
        let (y, a, b) = BootstrapTests.gaussianScorers(n: 2000, seed: 4)
        let real = try PairedBootstrap(resamples: 400, seed: 2).compare(labels: y, predictionsA: a, predictionsB: b, metric: .rocAUC)
        #expect(real.pValue < 0.01, "\(real.pValue)")
        let same = try PairedBootstrap(resamples: 400, seed: 2).compare(labels: y, predictionsA: a, predictionsB: a, metric: .rocAUC)
        #expect(same.pValue == 1)
    }
}

/// One registry names every metric: the base names it lists parse, and every
/// parameterised key reads back with the label the report shows.
@Suite("Metric registry")
struct MetricRegistryTests {
    @Test func everyNameHasADescriptor() throws {
        for n in MetricRegistry.order {
            let m = try Metric(name: n)
            #expect(m.descriptor.name == n)
            #expect(!m.descriptor.description.isEmpty)
            #expect(MetricRegistry.higherIsBetter(m.label) == m.higherIsBetter)
        }
        #expect(Set(MetricRegistry.order) == Set(Metric.allNames))
    }

    @Test func labelsAndOrder() {
        #expect(MetricRegistry.label("brier") == "Brier score")
        #expect(MetricRegistry.label("recall_at_precision@0.9") == "recall at precision 0.9")
        #expect(MetricRegistry.ordered(["brier", "recall_at_precision@0.9", "roc_auc", "zeta"], headline: "brier")
                == ["brier", "roc_auc", "recall_at_precision@0.9", "zeta"])
    }
}

/// Holm's step-down adjustment against hand-computed values.
@Suite("Holm adjustment")
struct HolmAdjustmentTests {
    @Test func matchesHandComputedValues() {
        // Sorted: 0.01 (×4 = 0.04), 0.02 (×3 = 0.06), 0.03 (×2 = 0.06), 0.04 (×1, running max 0.06).
        let got = HolmAdjustment.adjust([0.03, 0.01, 0.04, 0.02])
        let want = [0.06, 0.04, 0.06, 0.06]
        for (g, w) in zip(got, want) { #expect(abs(g - w) < 1e-12, "\(got)") }
    }

    @Test func capsAtOneAndKeepsOrderAndEdgeCases() {
        #expect(HolmAdjustment.adjust([0.5, 0.9]) == [1, 1])
        #expect(HolmAdjustment.adjust([]) == [])
        #expect(HolmAdjustment.adjust([0.02]) == [0.02])
        // Never below the raw value; monotone in the raw order.
        let p = [0.001, 0.2, 0.004, 0.03, 0.5]
        let a = HolmAdjustment.adjust(p)
        for i in p.indices { #expect(a[i] >= p[i]) }
        #expect(a[0] <= a[2] && a[2] <= a[3] && a[3] <= a[1] && a[1] <= a[4])
    }
}
