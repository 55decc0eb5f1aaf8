// Logistic and ridge regression.
// Covers: coefficients equal to a reference optimum of scikit-learn's objective
// (computed with NumPy Newton iterations on the same standardised design, C = 1 and
// C = 0.1); ridge against its closed form; recovery of known coefficients on large
// synthetic data; the first-order optimality conditions; missing values (mean
// imputation, indicator columns, indicators only for features missing in training);
// standardisation fitted on training rows only; errors.
import Foundation
import Testing
@testable import VantageModels

@Suite("Linear models")
struct LinearModelTests {
    static let x0: [Double] = [0.5, -1.2, 3.3, 0.0, 2.2, -0.7, 1.1, -2.5, 0.9, 1.8, -0.3, 2.9]
    static let x1: [Double] = [10, 12, 9, 15, 11, 14, 8, 13, 10, 9, 12, 7]
    static let y: [Double] = [0, 0, 1, 0, 1, 0, 1, 0, 1, 1, 0, 1]
    static let yr: [Double] = [1.2, 0.3, 3.1, 0.8, 2.5, 0.1, 1.9, -0.6, 1.5, 2.2, 0.4, 2.8]

    @Test(arguments: [
        (1.0, [1.184700195186, -0.945238980083], -0.03787232719),
        (0.1, [0.336806915177, -0.31091069726], -0.000599623875),
    ])
    func logisticMatchesReference(c: Double, coefficients: [Double], intercept: Double) throws {
        let matrix = try TestData.matrix(["x0", "x1"], [Self.x0, Self.x1])
        let model = try LinearModel.fit(objective: .logistic, parameters: LinearParameters(c: c),
                                        train: matrix.allRows, labels: Self.y)
        #expect(model.converged && model.iterations < 20)
        #expect(model.coefficients.map(\.name) == ["x0", "x1"])
        for (fitted, expected) in zip(model.coefficients.map(\.value), coefficients) {
            expectClose(fitted, expected, tolerance: 1e-9)
        }
        expectClose(model.intercept, intercept, tolerance: 1e-9)
        let p = try model.predict(matrix)
        #expect(p.allSatisfy { $0 > 0 && $0 < 1 })
    }

    @Test func logisticWithMissingValuesMatchesReference() throws {
        var x0 = Self.x0
        x0[3] = .nan
        x0[7] = .nan
        let matrix = try TestData.matrix(["x0", "x1"], [x0, Self.x1])
        let model = try LinearModel.fit(objective: .logistic, train: matrix.allRows, labels: Self.y)
        #expect(model.coefficients.map(\.name) == ["x0", "x1", "x0 (missing)"])
        let expected = [1.113970204283, -0.9304164498857, -0.4915163521107]
        for (fitted, value) in zip(model.coefficients.map(\.value), expected) { expectClose(fitted, value, tolerance: 1e-9) }
        expectClose(model.intercept, 4.128459967339e-04, tolerance: 1e-9)
    }

    @Test(arguments: [(1.0, 0.88666459, -0.20820151), (0.1, 0.49590359, -0.27861237)])
    func ridgeMatchesClosedForm(c: Double, w0: Double, w1: Double) throws {
        let matrix = try TestData.matrix(["x0", "x1"], [Self.x0, Self.x1])
        let model = try LinearModel.fit(objective: .squaredError, parameters: LinearParameters(c: c),
                                        train: matrix.allRows, labels: Self.yr)
        expectClose(model.coefficients[0].value, w0, tolerance: 1e-7)
        expectClose(model.coefficients[1].value, w1, tolerance: 1e-7)
        expectClose(model.intercept, 1.35, tolerance: 1e-12)  // mean label: columns are centred
        #expect(model.iterations <= 2)
    }

    @Test func recoversKnownCoefficients() throws {
        let truth = [1.5, -2.0, 0.5, 0.0]
        let (matrix, labels) = try TestData.logistic(rows: 40_000, coefficients: truth, bias: -0.5, seed: 3)
        let model = try LinearModel.fit(objective: .logistic, parameters: LinearParameters(c: 1e6),
                                        train: matrix.allRows, labels: labels)
        for (fitted, expected) in zip(model.rawCoefficients.map(\.value), truth) {
            expectClose(fitted, expected, tolerance: 0.06)
        }
        let importance = model.featureImportance.map(\.value)
        #expect(importance[1] > importance[0] && importance[0] > importance[2] && importance[2] > importance[3])
    }

    @Test func optimalityConditionsHold() throws {
        let (matrix, labels) = try TestData.logistic(rows: 3000, coefficients: [0.8, -0.4, 0.3], bias: 0.2, seed: 8)
        let c = 0.05
        let model = try LinearModel.fit(objective: .logistic, parameters: LinearParameters(c: c),
                                        train: matrix.allRows, labels: labels)
        // ∂/∂b = Σ(p − y) = 0 and ∂/∂wⱼ = Σ zⱼ(p − y) + wⱼ / C = 0.
        let p = try model.predict(matrix)
        let design = model.standardizer.design(matrix.allRows)
        let n = labels.count
        expectClose(zip(p, labels).map { $0 - $1 }.reduce(0, +), 0, tolerance: 1e-8)
        for j in 0..<3 {
            var g = model.coefficients[j].value / c
            for i in 0..<n { g += design[j * n + i] * (p[i] - labels[i]) }
            expectClose(g, 0, tolerance: 1e-8)
        }
    }

    @Test func missingValuesAtPredictionAndIndicatorSignal() throws {
        // Missingness of "a" is predictive: rows with a missing are mostly positive.
        var g = SeededGenerator(seed: 4)
        var a = [Double](), b = [Double](), labels = [Double]()
        for _ in 0..<4000 {
            let missing = g.nextDouble() < 0.3
            a.append(missing ? .nan : TestData.gaussian(&g))
            b.append(TestData.gaussian(&g))
            labels.append(TestData.bernoulli(missing ? 0.8 : 0.2, &g))
        }
        let matrix = try TestData.matrix(["a", "b"], [a, b])
        let model = try LinearModel.fit(objective: .logistic, train: matrix.allRows, labels: labels)
        #expect(model.coefficients.map(\.name) == ["a", "b", "a (missing)"])
        #expect(model.coefficients[2].value > 0.8)
        let probe = try TestData.matrix(["a", "b"], [[.nan, 0, .nan], [0, 0, .nan]])
        let p = try model.predict(probe)
        #expect(p[0] > 0.7 && p[1] < 0.3, "\(p)")
        // "b" had no missing training values: a missing "b" is imputed with its mean (z = 0).
        expectClose(p[2], p[0], tolerance: 1e-3)
    }

    @Test func standardisationUsesTrainingRowsOnly() throws {
        let matrix = try TestData.matrix(["x"], [[0, 1, 2, 3, 1000, 2000]])
        let train = try matrix.rows([0, 1, 2, 3])
        let model = try LinearModel.fit(objective: .squaredError, train: train, labels: [0, 1, 2, 3])
        expectClose(model.standardizer.means[0], 1.5)
        expectClose(model.standardizer.scales[0], 1.25.squareRoot())
        #expect(model.standardizer.indicatorFeatures.isEmpty)
    }

    @Test func errors() throws {
        let matrix = try TestData.matrix(["x"], [[0, 1, 2]])
        #expect(throws: ModelError.singleClass(label: 1)) {
            try LinearModel.fit(objective: .logistic, train: matrix.allRows, labels: [1, 1, 1])
        }
        #expect(throws: ModelError.invalidLabel(row: 2, value: 0.5, expected: "0 or 1 for a binary objective")) {
            try LinearModel.fit(objective: .logistic, train: matrix.allRows, labels: [0, 1, 0.5])
        }
        #expect(throws: ModelError.invalidParameter(name: "c", value: "0.0", expected: "a number > 0")) {
            try LinearModel.fit(objective: .logistic, parameters: LinearParameters(c: 0), train: matrix.allRows,
                                labels: [0, 1, 0])
        }
        #expect(throws: ModelError.empty("training rows")) {
            try LinearModel.fit(objective: .squaredError, train: try matrix.rows([Int]()), labels: [])
        }
        let model = try LinearModel.fit(objective: .logistic, train: matrix.allRows, labels: [0, 1, 0])
        let other = try TestData.matrix(["y"], [[0]])
        #expect(throws: ModelError.featureMismatch(expected: ["x"], got: ["y"])) { try model.predict(other) }
    }
}
