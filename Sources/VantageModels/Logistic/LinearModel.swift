#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fitted linear model: L2-penalised logistic regression (binary) or ridge regression,
/// on standardised features with mean imputation and missing indicators.
///
/// Why this baseline: it is the model a backtest should beat; it trains exactly (Newton
/// to machine precision, no seed needed), and its standardised coefficients read directly
/// as feature importance (the change in log-odds, or in the target, per standard
/// deviation of the feature).
///
/// Preprocessing is `Standardizer`; optimisation is `NewtonSolver`; the penalty is
/// `LinearParameters` (scikit-learn's `C` convention).
public struct LinearModel: Sendable {
    /// The loss a linear model minimises.
    public enum Objective: String, Sendable, Hashable, Codable, CaseIterable {
        /// Binary log loss; predictions are probabilities of label 1.
        case logistic
        /// Squared error (ridge regression); predictions are values.
        case squaredError = "squared_error"
    }

    /// The loss that was minimised.
    public let objective: Objective
    /// The parameters used.
    public let parameters: LinearParameters
    /// The training features, in order; prediction rows must have the same.
    public let featureNames: [String]
    /// The coefficient of every design column on the standardised scale: features first,
    /// then one `"<feature> (missing)"` indicator per feature that had missing training values.
    public let coefficients: [FeatureWeight]
    /// The intercept on the standardised scale (the log-odds or value at the training means).
    public let intercept: Double
    /// The number of Newton iterations run.
    public let iterations: Int
    /// Whether the stopping rule was met within `maxIterations`.
    public let converged: Bool
    let standardizer: Standardizer

    /// Fits a linear model on `train` with `labels` aligned to its positions.
    ///
    /// - Throws: `ModelError` for an empty training set, misaligned or invalid labels
    ///   (0/1 for `.logistic`), a single class for `.logistic`, or invalid parameters.
    /// - Complexity: O(iterations · n · d²) with d design columns, plus O(d³) per iteration.
    public static func fit(
        objective: Objective, parameters: LinearParameters = LinearParameters(), train: FeatureRows, labels: [Double]
    ) throws(ModelError) -> LinearModel {
        try parameters.validate()
        guard train.count > 0 else { throw .empty("training rows") }
        let logistic = objective == .logistic
        try FeatureMatrix.validateLabels(labels, for: train, binary: logistic)
        let mean = labels.reduce(0, +) / Double(labels.count)
        if logistic && (mean == 0 || mean == 1) { throw .singleClass(label: labels[0]) }

        let standardizer = Standardizer(fitting: train)
        let solver = NewtonSolver(
            design: standardizer.design(train), labels: labels, n: train.count, d: standardizer.width,
            lambda: 1 / parameters.c, logistic: logistic)
        let start = logistic ? log(mean / (1 - mean)) : mean
        let solution = solver.solve(
            initialIntercept: start, maxIterations: parameters.maxIterations, tolerance: parameters.tolerance)
        let names = standardizer.columnNames(featureNames: train.featureNames)
        return LinearModel(
            objective: objective, parameters: parameters, featureNames: train.featureNames,
            coefficients: zip(names, solution.weights).map { FeatureWeight(name: $0, value: $1) },
            intercept: solution.intercept, iterations: solution.iterations, converged: solution.converged,
            standardizer: standardizer)
    }

    /// Predictions for `rows`: probabilities of label 1 for `.logistic`, values for
    /// `.squaredError`. Missing values are imputed with the training means.
    ///
    /// - Throws: `ModelError.featureMismatch` when `rows` has different feature names.
    /// - Complexity: O(rows × design columns).
    public func predict(_ rows: FeatureRows) throws(ModelError) -> [Double] {
        try rows.requireFeatures(featureNames)
        var output = [Double](repeating: intercept, count: rows.count)
        standardizer.accumulate(rows, weights: coefficients.map(\.value), into: &output)
        if objective == .logistic {
            for i in output.indices { output[i] = 1 / (1 + exp(-output[i])) }
        }
        return output
    }

    /// Feature importance: the absolute standardised coefficient of every design column.
    public var featureImportance: [FeatureWeight] {
        coefficients.map { FeatureWeight(name: $0.name, value: abs($0.value)) }
    }

    /// The coefficients on the original feature scale (per unit of the raw feature),
    /// for the feature columns only; the intercept is not included.
    public var rawCoefficients: [FeatureWeight] {
        featureNames.indices.map { j in
            FeatureWeight(name: featureNames[j], value: coefficients[j].value / standardizer.scales[j])
        }
    }
}
