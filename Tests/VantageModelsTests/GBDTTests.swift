// Gradient-boosted trees: behaviour.
// Covers: fitting a known step function; training log loss decreasing with rounds;
// determinism per seed with row and feature sampling (and a change across seeds);
// learned missing-value directions (missing predictive on its own, and missing
// behaving like large values); early stopping on the trailing slice and on explicit
// validation rows; gain importance; fitting on a row view equals fitting on a copy.
// Debug builds also check tree invariants on every tree (TreeLearner._checkInvariants).
import Foundation
import Testing
@testable import VantageModels

@Suite("GBDT")
struct GBDTTests {
    static func regression(rounds: Int = 200) -> GBDTParameters {
        GBDTParameters(objective: .regression, numRounds: rounds, learningRate: 0.1, minDataInLeaf: 5,
                       earlyStoppingRounds: 0, validationFraction: 0)
    }

    @Test func fitsStepFunction() throws {
        var g = SeededGenerator(seed: 1)
        let x = (0..<3000).map { _ in g.nextDouble() }
        let noise = (0..<3000).map { _ in TestData.gaussian(&g) }
        func step(_ v: Double) -> Double { v < 0.3 ? 1 : (v < 0.7 ? 3 : 2) }
        let y = zip(x, noise).map { step($0) + 0.05 * $1 }
        let model = try GBDTModel.fit(parameters: Self.regression(), train: try TestData.matrix(["x"], [x]).allRows, labels: y)
        let grid = stride(from: 0.01, to: 1, by: 0.01).filter { abs($0 - 0.3) > 0.02 && abs($0 - 0.7) > 0.02 }
        let p = try model.predict(try TestData.matrix(["x"], [Array(grid)]))
        let worst = zip(grid, p).map { abs(step($0) - $1) }.max() ?? .infinity
        #expect(worst < 0.05, "largest error \(worst)")
        #expect(model.treeCount == 200 && model.validationLoss.isEmpty && model.bestIteration == nil)
    }

    @Test func trainingLogLossDecreases() throws {
        let (matrix, labels) = try TestData.logistic(rows: 5000, coefficients: [1, -1, 0.5, 0], bias: -1, seed: 2)
        let parameters = GBDTParameters(numRounds: 100, learningRate: 0.1, earlyStoppingRounds: 0, validationFraction: 0)
        let model = try GBDTModel.fit(parameters: parameters, train: matrix.allRows, labels: labels)
        let losses = [0, 1, 10, 25, 50, 100].map { limit in
            TestData.logLoss(labels, model.rawScores(matrix.allRows, treeLimit: limit).map(TestData.sigmoid))
        }
        #expect(zip(losses, losses.dropFirst()).allSatisfy { $0 > $1 }, "\(losses)")
        let base = labels.reduce(0, +) / Double(labels.count)
        expectClose(losses[0], TestData.logLoss(labels, labels.map { _ in base }), tolerance: 1e-12)
    }

    @Test func deterministicPerSeed() throws {
        let (matrix, labels) = try TestData.logistic(rows: 4000, coefficients: [1, -1, 0.5, 0.2, 0], bias: 0, seed: 3)
        var parameters = GBDTParameters(numRounds: 40, featureFraction: 0.6, baggingFraction: 0.7, seed: 9)
        let a = try GBDTModel.fit(parameters: parameters, train: matrix.allRows, labels: labels)
        let b = try GBDTModel.fit(parameters: parameters, train: matrix.allRows, labels: labels)
        #expect(a.trees == b.trees)
        #expect(try a.predict(matrix) == b.predict(matrix))
        parameters.seed = 10
        let c = try GBDTModel.fit(parameters: parameters, train: matrix.allRows, labels: labels)
        #expect(try a.predict(matrix) != c.predict(matrix))
    }

    @Test func learnsMissingnessAsSignal() throws {
        // "m" is missing for 30 % of rows, and those are mostly positive; its values carry no signal.
        var g = SeededGenerator(seed: 4)
        var m = [Double](), noise = [Double](), labels = [Double]()
        for _ in 0..<6000 {
            let missing = g.nextDouble() < 0.3
            m.append(missing ? .nan : g.nextDouble())
            noise.append(g.nextDouble())
            labels.append(TestData.bernoulli(missing ? 0.85 : 0.1, &g))
        }
        let matrix = try TestData.matrix(["m", "noise"], [m, noise])
        let model = try GBDTModel.fit(parameters: GBDTParameters(numRounds: 60, learningRate: 0.1), train: matrix.allRows, labels: labels)
        let p = try model.predict(try TestData.matrix(["m", "noise"], [[.nan, 0.2, 0.8], [0.5, 0.5, 0.5]]))
        #expect(p[0] > 0.7 && p[1] < 0.2 && p[2] < 0.2, "\(p)")
        #expect(model.trees[0].feature.first == 0)  // the first split is on missingness of "m"
        let importance = model.featureImportance
        #expect(importance[0].value > 10 * importance[1].value)
    }

    @Test func missingFollowsLargeValues() throws {
        // y = 1 when x > 0.5; rows with x missing are positive too, so missing must go right.
        var g = SeededGenerator(seed: 5)
        var x = [Double](), labels = [Double]()
        for _ in 0..<4000 {
            if g.nextDouble() < 0.2 {
                x.append(.nan)
                labels.append(1)
            } else {
                let v = g.nextDouble()
                x.append(v)
                labels.append(v > 0.5 ? 1 : 0)
            }
        }
        let matrix = try TestData.matrix(["x"], [x])
        let model = try GBDTModel.fit(parameters: GBDTParameters(numRounds: 30, learningRate: 0.2), train: matrix.allRows, labels: labels)
        #expect(model.trees[0].defaultLeft.first == false)
        let p = try model.predict(try TestData.matrix(["x"], [[.nan, 0.9, 0.1]]))
        expectClose(p[0], p[1], tolerance: 0.02)
        #expect(p[2] < 0.1)
    }

    @Test func unseenMissingFollowsLargerChildAndUselessFeaturesAreSkipped() throws {
        // "x" never missing in training: a missing x at prediction goes to the child that
        // held more training rows (x > 0.2 here). "c" is constant and "m" always missing.
        let x = (0..<1000).map { Double($0) / 1000 }
        let labels = x.map { $0 > 0.2 ? 1.0 : 0.0 }
        let matrix = try TestData.matrix(
            ["x", "c", "m"], [x, [Double](repeating: 1, count: 1000), [Double](repeating: .nan, count: 1000)])
        let model = try GBDTModel.fit(parameters: GBDTParameters(numRounds: 20, learningRate: 0.3, validationFraction: 0),
                                      train: matrix.allRows, labels: labels)
        let p = try model.predict(try TestData.matrix(["x", "c", "m"], [[.nan, 0.9, 0.1], [1, 1, 1], [.nan, .nan, .nan]]))
        expectClose(p[0], p[1], tolerance: 1e-12)
        #expect(p[2] < 0.2)
        #expect(model.featureImportance.map(\.value)[1...] == [0, 0])
        #expect(model.splitImportance[0].value > 0)
    }

    @Test func regressionThroughSpecWithBagging() throws {
        var g = SeededGenerator(seed: 12)
        let a = (0..<4000).map { _ in g.nextDouble() }, b = (0..<4000).map { _ in g.nextDouble() }
        let y = zip(a, b).map { 3 * $0 - 2 * $1 * $1 + 0.1 * TestData.gaussian(&g) }
        let matrix = try TestData.matrix(["a", "b"], [a, b])
        guard case var .gbdt(parameters) = ModelSpec.defaults(for: .gbdt, regression: true, seed: 4) else { return }
        parameters.baggingFraction = 0.5
        parameters.learningRate = 0.1
        let model = try ModelSpec.gbdt(parameters).fit(train: matrix, labels: y)
        let rmse = try Metric.rmse.evaluate(labels: y, predictions: try model.predict(matrix))
        #expect(rmse < 0.15, "rmse \(rmse)")
    }

    @Test func earlyStoppingOnTrailingSlice() throws {
        // Pure-noise labels: validation loss stops improving quickly.
        var g = SeededGenerator(seed: 6)
        let x = (0..<3000).map { _ in g.nextDouble() }, z = (0..<3000).map { _ in g.nextDouble() }
        let labels = (0..<3000).map { _ in TestData.bernoulli(0.3, &g) }
        let matrix = try TestData.matrix(["x", "z"], [x, z])
        let parameters = GBDTParameters(numRounds: 300, learningRate: 0.1, minDataInLeaf: 5, earlyStoppingRounds: 10)
        let model = try GBDTModel.fit(parameters: parameters, train: matrix.allRows, labels: labels)
        #expect(model.treeCount < 100 && model.treeCount == model.bestIteration)
        #expect(model.validationLoss.count == model.treeCount + 10)
        #expect(model.validationRowCount == 300 && model.trainingRowCount == 2700)
    }

    @Test func explicitValidationRows() throws {
        let (matrix, labels) = try TestData.logistic(rows: 3000, coefficients: [2, -1], bias: 0, seed: 7)
        let train = try matrix.rows(0..<2000), held = try matrix.rows(2000..<3000)
        let model = try GBDTModel.fit(
            parameters: GBDTParameters(numRounds: 50), train: train, labels: Array(labels[0..<2000]),
            validation: ValidationSet(rows: held, labels: Array(labels[2000...])))
        #expect(model.trainingRowCount == 2000 && model.validationRowCount == 1000)
        #expect(model.validationLoss.count == 50 && model.treeCount == model.bestIteration)
        let auc = try Metric.rocAUC.evaluate(labels: Array(labels[2000...]), predictions: try model.predict(held))
        #expect(auc > 0.8)
    }

    @Test func viewAndCopyGiveSameModel() throws {
        let (matrix, labels) = try TestData.logistic(rows: 2000, coefficients: [1, 1], bias: 0, seed: 8)
        let picked = stride(from: 0, to: 2000, by: 3).map { $0 }
        let view = try matrix.rows(picked)
        let copy = try TestData.matrix(matrix.featureNames, matrix.columns.map { c in picked.map { c[$0] } })
        let parameters = GBDTParameters(numRounds: 20, baggingFraction: 0.8)
        let a = try GBDTModel.fit(parameters: parameters, train: view, labels: picked.map { labels[$0] })
        let b = try GBDTModel.fit(parameters: parameters, train: copy.allRows, labels: picked.map { labels[$0] })
        #expect(a.trees == b.trees)
    }

    @Test func errors() throws {
        let matrix = try TestData.matrix(["x"], [[0, 1, 2, 3]])
        #expect(throws: ModelError.invalidParameter(name: "num_leaves", value: "1", expected: "an integer >= 2")) {
            try GBDTModel.fit(parameters: GBDTParameters(numLeaves: 1), train: matrix.allRows, labels: [0, 1, 0, 1])
        }
        #expect(throws: ModelError.singleClass(label: 0)) {
            try GBDTModel.fit(parameters: GBDTParameters(validationFraction: 0), train: matrix.allRows, labels: [0, 0, 0, 0])
        }
        #expect(throws: ModelError.lengthMismatch(what: "labels", expected: 4, got: 3)) {
            try GBDTModel.fit(train: matrix.allRows, labels: [0, 1, 0])
        }
        let other = try TestData.matrix(["y"], [[0]])
        #expect(throws: ModelError.featureMismatch(expected: ["x"], got: ["y"])) {
            try GBDTModel.fit(train: matrix.allRows, labels: [0, 1, 0, 1],
                              validation: ValidationSet(rows: other.allRows, labels: [0]))
        }
    }
}
