/// A fitted model: what a backtest needs after training, whatever the kind.
///
/// Why a protocol: the backtest scores every model the same way (predict on test rows,
/// compute metrics, record parameters and importance); kind-specific details
/// (`GBDTModel.bestIteration`, `LinearModel.coefficients`) stay reachable by casting.
public protocol PredictiveModel: Sendable {
    /// What was trained, with every parameter (encode it to record the run).
    var spec: ModelSpec { get }
    /// The training features, in order; prediction rows must have the same.
    var featureNames: [String] { get }
    /// Importance per feature (or design column), larger = more important.
    var featureImportance: [FeatureWeight] { get }
    /// Predictions for `rows`: probabilities for binary models, values otherwise.
    func predict(_ rows: FeatureRows) throws(ModelError) -> [Double]
}

extension PredictiveModel {
    /// Predictions for every row of `matrix`.
    public func predict(_ matrix: FeatureMatrix) throws(ModelError) -> [Double] {
        try predict(matrix.allRows)
    }
}

extension GBDTModel: PredictiveModel {
    public var spec: ModelSpec { .gbdt(parameters) }
}

extension LinearModel: PredictiveModel {
    public var spec: ModelSpec {
        switch objective {
        case .logistic: .logistic(parameters)
        case .squaredError: .linear(parameters)
        }
    }
}
