/// The parameters of gradient-boosted trees, named and defaulted after LightGBM.
///
/// Every field is recorded in a run's JSON (snake_case keys, LightGBM's names where it
/// has one). Decoding accepts any subset of keys (the rest take the defaults) and rejects
/// unknown keys with a did-you-mean.
public struct GBDTParameters: Sendable, Hashable, Codable {
    /// The loss boosted on.
    public enum Objective: String, Sendable, Hashable, Codable, CaseIterable {
        /// Log loss on labels in {0, 1}; predictions are probabilities (LightGBM `binary`).
        case binary
        /// Squared error; predictions are values (LightGBM `regression`).
        case regression
    }

    /// The loss (default `.binary`).
    public var objective: Objective
    /// The maximum number of boosting rounds, one tree each (default 300).
    public var numRounds: Int
    /// The shrinkage applied to every leaf value (default 0.05).
    public var learningRate: Double
    /// The maximum number of leaves per tree; trees grow leaf-wise, best gain first (default 31).
    public var numLeaves: Int
    /// The minimum number of training rows in a leaf (default 20).
    public var minDataInLeaf: Int
    /// The minimum sum of hessians in a leaf (default 1e-3).
    public var minSumHessianInLeaf: Double
    /// The L2 penalty on leaf values (default 0).
    public var lambdaL2: Double
    /// The minimum gain for a split to be made (default 0).
    public var minGainToSplit: Double
    /// The fraction of features considered by each tree, drawn per tree (default 1).
    public var featureFraction: Double
    /// The fraction of rows each tree is fitted on, drawn without replacement per round (default 1).
    public var baggingFraction: Double
    /// The maximum number of value bins per feature, at most 255; missing values get a bin
    /// of their own on top (default 255).
    public var maxBins: Int
    /// Stop when the validation loss has not improved for this many rounds; 0 disables
    /// early stopping (default 30).
    public var earlyStoppingRounds: Int
    /// The trailing fraction of the training rows held out for early stopping when the
    /// caller gives no validation rows (default 0.1). Rows are expected in time order, so
    /// the hold-out is the most recent data. Nothing is held out when this or
    /// `earlyStoppingRounds` is 0.
    public var validationFraction: Double
    /// The seed of feature and row sampling (and of the bin-boundary sample).
    public var seed: UInt64

    /// Creates parameters; defaults follow LightGBM except `numRounds`, `learningRate`
    /// and the early-stopping settings, which suit a backtest.
    public init(
        objective: Objective = .binary, numRounds: Int = 300, learningRate: Double = 0.05, numLeaves: Int = 31,
        minDataInLeaf: Int = 20, minSumHessianInLeaf: Double = 1e-3, lambdaL2: Double = 0,
        minGainToSplit: Double = 0, featureFraction: Double = 1, baggingFraction: Double = 1, maxBins: Int = 255,
        earlyStoppingRounds: Int = 30, validationFraction: Double = 0.1, seed: UInt64 = 0
    ) {
        self.objective = objective
        self.numRounds = numRounds
        self.learningRate = learningRate
        self.numLeaves = numLeaves
        self.minDataInLeaf = minDataInLeaf
        self.minSumHessianInLeaf = minSumHessianInLeaf
        self.lambdaL2 = lambdaL2
        self.minGainToSplit = minGainToSplit
        self.featureFraction = featureFraction
        self.baggingFraction = baggingFraction
        self.maxBins = maxBins
        self.earlyStoppingRounds = earlyStoppingRounds
        self.validationFraction = validationFraction
        self.seed = seed
    }

    /// Checks every parameter's range.
    public func validate() throws(ModelError) {
        func check(_ ok: Bool, _ key: CodingKeys, _ value: Any, _ expected: String) throws(ModelError) {
            if !ok { throw .invalidParameter(name: key.rawValue, value: "\(value)", expected: expected) }
        }
        try check(numRounds >= 1, .numRounds, numRounds, "an integer >= 1")
        try check(learningRate > 0 && learningRate.isFinite, .learningRate, learningRate, "a finite number > 0")
        try check(numLeaves >= 2, .numLeaves, numLeaves, "an integer >= 2")
        try check(minDataInLeaf >= 1, .minDataInLeaf, minDataInLeaf, "an integer >= 1")
        try check(minSumHessianInLeaf >= 0 && minSumHessianInLeaf.isFinite, .minSumHessianInLeaf,
                  minSumHessianInLeaf, "a finite number >= 0")
        try check(lambdaL2 >= 0 && lambdaL2.isFinite, .lambdaL2, lambdaL2, "a finite number >= 0")
        try check(minGainToSplit >= 0 && minGainToSplit.isFinite, .minGainToSplit, minGainToSplit, "a finite number >= 0")
        try check(featureFraction > 0 && featureFraction <= 1, .featureFraction, featureFraction, "a fraction in (0, 1]")
        try check(baggingFraction > 0 && baggingFraction <= 1, .baggingFraction, baggingFraction, "a fraction in (0, 1]")
        try check(maxBins >= 2 && maxBins <= 255, .maxBins, maxBins, "an integer in 2...255")
        try check(earlyStoppingRounds >= 0, .earlyStoppingRounds, earlyStoppingRounds, "an integer >= 0")
        try check(validationFraction >= 0 && validationFraction < 1, .validationFraction, validationFraction,
                  "a fraction in [0, 1)")
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case objective
        case numRounds = "num_rounds"
        case learningRate = "learning_rate"
        case numLeaves = "num_leaves"
        case minDataInLeaf = "min_data_in_leaf"
        case minSumHessianInLeaf = "min_sum_hessian_in_leaf"
        case lambdaL2 = "lambda_l2"
        case minGainToSplit = "min_gain_to_split"
        case featureFraction = "feature_fraction"
        case baggingFraction = "bagging_fraction"
        case maxBins = "max_bins"
        case earlyStoppingRounds = "early_stopping_rounds"
        case validationFraction = "validation_fraction"
        case seed
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, known: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = GBDTParameters()
        objective = try c.decode(Objective.self, forKey: .objective, default: d.objective)
        numRounds = try c.decode(Int.self, forKey: .numRounds, default: d.numRounds)
        learningRate = try c.decode(Double.self, forKey: .learningRate, default: d.learningRate)
        numLeaves = try c.decode(Int.self, forKey: .numLeaves, default: d.numLeaves)
        minDataInLeaf = try c.decode(Int.self, forKey: .minDataInLeaf, default: d.minDataInLeaf)
        minSumHessianInLeaf = try c.decode(Double.self, forKey: .minSumHessianInLeaf, default: d.minSumHessianInLeaf)
        lambdaL2 = try c.decode(Double.self, forKey: .lambdaL2, default: d.lambdaL2)
        minGainToSplit = try c.decode(Double.self, forKey: .minGainToSplit, default: d.minGainToSplit)
        featureFraction = try c.decode(Double.self, forKey: .featureFraction, default: d.featureFraction)
        baggingFraction = try c.decode(Double.self, forKey: .baggingFraction, default: d.baggingFraction)
        maxBins = try c.decode(Int.self, forKey: .maxBins, default: d.maxBins)
        earlyStoppingRounds = try c.decode(Int.self, forKey: .earlyStoppingRounds, default: d.earlyStoppingRounds)
        validationFraction = try c.decode(Double.self, forKey: .validationFraction, default: d.validationFraction)
        seed = try c.decode(UInt64.self, forKey: .seed, default: d.seed)
    }
}
