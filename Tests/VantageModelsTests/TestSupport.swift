import Foundation
import Testing
@testable import VantageModels

/// Shared helpers: seeded synthetic data and tolerant comparisons.
enum TestData {
    /// A standard normal draw (Box–Muller), from the library's seeded generator.
    static func gaussian(_ generator: inout SeededGenerator) -> Double {
        let u1 = max(generator.nextDouble(), 1e-300), u2 = generator.nextDouble()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A Bernoulli(p) label as 0/1.
    static func bernoulli(_ p: Double, _ generator: inout SeededGenerator) -> Double {
        generator.nextDouble() < p ? 1 : 0
    }

    static func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    /// A matrix from named columns; fails the test on a shape error.
    static func matrix(_ names: [String], _ columns: [[Double]]) throws -> FeatureMatrix {
        try FeatureMatrix(featureNames: names, columns: columns)
    }

    /// Binary data with `features` standard normal features and logit `bias + Σ coef·x`.
    static func logistic(
        rows n: Int, coefficients: [Double], bias: Double, seed: UInt64
    ) throws -> (FeatureMatrix, [Double]) {
        var generator = SeededGenerator(seed: seed)
        var columns = [[Double]](repeating: [], count: coefficients.count)
        var labels = [Double]()
        for _ in 0..<n {
            var logit = bias
            for j in coefficients.indices {
                let x = gaussian(&generator)
                columns[j].append(x)
                logit += coefficients[j] * x
            }
            labels.append(bernoulli(sigmoid(logit), &generator))
        }
        return (try matrix(coefficients.indices.map { "x\($0)" }, columns), labels)
    }

    /// Mean binary log loss of probabilities.
    static func logLoss(_ labels: [Double], _ p: [Double]) -> Double {
        zip(labels, p).map { y, q in -(y * log(q) + (1 - y) * log(1 - q)) }.reduce(0, +) / Double(labels.count)
    }
}

/// `|a − b| <= tolerance`, with a readable failure.
func expectClose(
    _ a: Double, _ b: Double, tolerance: Double = 1e-9, _ comment: Comment? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(abs(a - b) <= tolerance, "\(a) vs \(b) (tolerance \(tolerance)) \(comment.map { "\($0)" } ?? "")",
            sourceLocation: sourceLocation)
}
