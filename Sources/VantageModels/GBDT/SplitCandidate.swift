/// The best split of a leaf, found by scanning its feature histograms.
///
/// Gain is the reduction of the second-order objective (Chen & Guestrin, XGBoost, KDD
/// 2016, eq. 7, without the γ term): `G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)`.
///
/// Missing values: each threshold is tried twice, with the missing bin on the left and on
/// the right, and the better direction is kept as the node's default (XGBoost's sparsity-
/// aware split finding, §3.4). The threshold "every value left, missing right" is tried
/// too, so a feature whose only signal is its missingness can still split. When the leaf
/// has no missing values, missing rows at prediction time follow the larger child.
struct SplitCandidate: Sendable, Hashable {
    /// The feature split on.
    var feature: Int
    /// Values in bins `0...bin` go left.
    var bin: UInt8
    /// Whether missing values go left.
    var defaultLeft: Bool
    /// The gain of the split (> 0).
    var gain: Double
    /// Gradient, hessian and row sums of the left child.
    var leftGradient: Double, leftHessian: Double, leftCount: Int
    /// Gradient, hessian and row sums of the right child.
    var rightGradient: Double, rightHessian: Double, rightCount: Int
}
