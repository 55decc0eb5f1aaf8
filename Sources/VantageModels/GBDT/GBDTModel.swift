/// A fitted gradient-boosted tree ensemble (histogram GBDT in the style of LightGBM).
///
/// Why our own: Vantage is a single Swift binary with no native dependencies, and a
/// backtest needs a strong, deterministic, fast tabular learner. This one keeps the
/// LightGBM ideas that matter on 10⁵–10⁶ rows × tens of features: quantile bins in
/// `UInt8`, leaf-wise growth, histogram subtraction, learned missing-value directions,
/// row and feature subsampling and early stopping on a held-out slice.
///
/// Determinism: the same parameters (including `seed`), rows and labels give bit-identical
/// trees and predictions, whatever the number of cores.
public struct GBDTModel: Sendable {
    /// The parameters used.
    public let parameters: GBDTParameters
    /// The training features, in order; prediction rows must have the same.
    public let featureNames: [String]
    /// The raw score before any tree (log-odds of the mean label, or the mean).
    public let initialScore: Double
    /// The validation loss after each round (empty without validation rows).
    public let validationLoss: [Double]
    /// The number of trees kept: the best round under early stopping, else every round.
    public var treeCount: Int { trees.count }
    /// The number of rows the trees were fitted on (after holding out validation rows).
    public let trainingRowCount: Int
    /// The number of validation rows (0 when none were used).
    public let validationRowCount: Int
    /// The total split gain of each feature over the kept trees, in feature order.
    let gains: [Double]
    /// The number of splits on each feature over the kept trees, in feature order.
    let splitCounts: [Int]
    /// The kept trees, in boosting order.
    let trees: [RegressionTree]
    /// The trees flattened for prediction.
    let forest: Forest

    init(
        parameters: GBDTParameters, featureNames: [String], initialScore: Double, trees: [RegressionTree],
        splits: [[(feature: Int, gain: Double)]], validationLoss: [Double], trainingRowCount: Int,
        validationRowCount: Int
    ) {
        self.parameters = parameters
        self.featureNames = featureNames
        self.initialScore = initialScore
        self.trees = trees
        self.validationLoss = validationLoss
        self.trainingRowCount = trainingRowCount
        self.validationRowCount = validationRowCount
        var gains = [Double](repeating: 0, count: featureNames.count)
        var counts = [Int](repeating: 0, count: featureNames.count)
        for tree in splits.prefix(trees.count) {
            for split in tree {
                gains[split.feature] += split.gain
                counts[split.feature] += 1
            }
        }
        self.gains = gains
        self.splitCounts = counts
        self.forest = Forest(trees)
    }

    /// Predictions for `rows`: probabilities of label 1 (binary) or values (regression).
    /// Missing values follow each split's learned default direction.
    ///
    /// - Throws: `ModelError.featureMismatch` when `rows` has different feature names.
    /// - Complexity: O(rows × trees × depth), in parallel over row blocks.
    public func predict(_ rows: FeatureRows) throws(ModelError) -> [Double] {
        try rows.requireFeatures(featureNames)
        var scores = forest.rawScores(rows, initial: initialScore, treeLimit: trees.count)
        let objective = parameters.objective
        for i in scores.indices { scores[i] = objective.transform(scores[i]) }
        return scores
    }

    /// Raw scores (log-odds or values) using only the first `treeLimit` trees; for tests
    /// and learning curves.
    func rawScores(_ rows: FeatureRows, treeLimit: Int) -> [Double] {
        forest.rawScores(rows, initial: initialScore, treeLimit: treeLimit)
    }

    /// Gain-based feature importance: the total loss reduction of the splits on each
    /// feature (LightGBM's `importance_type="gain"`), in feature order.
    public var featureImportance: [FeatureWeight] {
        zip(featureNames, gains).map { FeatureWeight(name: $0, value: $1) }
    }

    /// The number of splits on each feature (LightGBM's `importance_type="split"`).
    public var splitImportance: [FeatureWeight] {
        zip(featureNames, splitCounts).map { FeatureWeight(name: $0, value: Double($1)) }
    }

    /// The round with the lowest validation loss (1-based), or `nil` without validation.
    public var bestIteration: Int? {
        guard let best = validationLoss.indices.min(by: { validationLoss[$0] < validationLoss[$1] }) else { return nil }
        return best + 1
    }
}
