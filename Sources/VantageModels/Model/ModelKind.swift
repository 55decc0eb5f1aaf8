/// The kinds of model a backtest can train.
public enum ModelKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Gradient-boosted trees (`GBDTModel`).
    case gbdt
    /// L2-penalised logistic regression (`LinearModel` with `.logistic`).
    case logistic
    /// Ridge regression (`LinearModel` with `.squaredError`).
    case linear
}
