/// What to train: a model kind with every one of its parameters.
///
/// Why one value: a backtest runs several models over the same folds and must record
/// exactly what it trained. A `ModelSpec` encodes to JSON as
/// `{"kind": "gbdt", "parameters": {...every parameter...}}` and decodes from any subset
/// of the parameters (the rest default), rejecting unknown keys.
public enum ModelSpec: Sendable, Hashable {
    case gbdt(GBDTParameters)
    case logistic(LinearParameters)
    case linear(LinearParameters)

    /// The default parameters of `kind`, with `seed` where the model is randomised.
    /// For `.gbdt`, `regression` picks the squared-error objective instead of log loss.
    public static func defaults(for kind: ModelKind, regression: Bool = false, seed: UInt64 = 0) -> ModelSpec {
        switch kind {
        case .gbdt: .gbdt(GBDTParameters(objective: regression ? .regression : .binary, seed: seed))
        case .logistic: .logistic(LinearParameters())
        case .linear: .linear(LinearParameters())
        }
    }

    /// The kind of model.
    public var kind: ModelKind {
        switch self {
        case .gbdt: .gbdt
        case .logistic: .logistic
        case .linear: .linear
        }
    }

    /// Whether the model predicts probabilities of a binary label (vs. values).
    public var isBinary: Bool {
        switch self {
        case let .gbdt(parameters): parameters.objective == .binary
        case .logistic: true
        case .linear: false
        }
    }

    /// Fits the model on `train` with `labels` aligned to its positions.
    ///
    /// `validation` only matters for `.gbdt` (early stopping); without it, GBDT holds out
    /// the trailing `validationFraction` of `train`. Linear models train on all of `train`.
    /// - Throws: `ModelError` (see `GBDTModel.fit` and `LinearModel.fit`).
    public func fit(train: FeatureRows, labels: [Double], validation: ValidationSet? = nil) throws(ModelError)
        -> any PredictiveModel
    {
        switch self {
        case let .gbdt(parameters):
            try GBDTModel.fit(parameters: parameters, train: train, labels: labels, validation: validation)
        case let .logistic(parameters):
            try LinearModel.fit(objective: .logistic, parameters: parameters, train: train, labels: labels)
        case let .linear(parameters):
            try LinearModel.fit(objective: .squaredError, parameters: parameters, train: train, labels: labels)
        }
    }
}

extension ModelSpec {
    /// Fits the model on every row of `train`; see `fit(train:labels:validation:)`.
    public func fit(train: FeatureMatrix, labels: [Double], validation: ValidationSet? = nil) throws(ModelError)
        -> any PredictiveModel
    {
        try fit(train: train.allRows, labels: labels, validation: validation)
    }
}

extension ModelSpec: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind
        case parameters
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, known: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(ModelKind.self, forKey: .kind) {
        case .gbdt:
            self = .gbdt(try container.decodeIfPresent(GBDTParameters.self, forKey: .parameters) ?? GBDTParameters())
        case .logistic:
            self = .logistic(try container.decodeIfPresent(LinearParameters.self, forKey: .parameters) ?? LinearParameters())
        case .linear:
            self = .linear(try container.decodeIfPresent(LinearParameters.self, forKey: .parameters) ?? LinearParameters())
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case let .gbdt(parameters): try container.encode(parameters, forKey: .parameters)
        case let .logistic(parameters), let .linear(parameters): try container.encode(parameters, forKey: .parameters)
        }
    }
}
