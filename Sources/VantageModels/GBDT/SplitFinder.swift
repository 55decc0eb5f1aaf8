
/// The split constraints of one fit, and the scan.
struct SplitFinder: Sendable {
    let minDataInLeaf: Int
    let minSumHessianInLeaf: Double
    let lambda: Double
    let minGainToSplit: Double
    /// Value bins per feature.
    let binCounts: [Int]

    /// `G² / (H + λ)`, the objective reduction of a leaf with optimal output; 0 if undefined.
    @inline(__always)
    func score(_ gradient: Double, _ hessian: Double) -> Double {
        let denominator = hessian + lambda
        return denominator > 0 ? gradient * gradient / denominator : 0
    }

    /// Whether a leaf with these sums could be split at all under the constraints.
    func canSplit(count: Int, hessian: Double) -> Bool {
        count >= 2 * minDataInLeaf && hessian >= 2 * minSumHessianInLeaf
    }

    /// The best split over `features` of a leaf with the given totals, reading its
    /// histograms from `slot` of `workspace`; `nil` if no split beats `minGainToSplit`.
    ///
    /// - Complexity: O(features.count × 256).
    func best(
        features: [Int], workspace: TreeWorkspace, slot: Int, gradient: Double, hessian: Double, count: Int
    ) -> SplitCandidate? {
        let parent = score(gradient, hessian)
        let sums = workspace.sums, counts = workspace.counts
        var best: SplitCandidate?
        var bestGain = minGainToSplit
        for feature in features {
            let base = workspace.offset(slot: slot, feature: feature)
            let missing = base + Int(BinMapper.missingBin)
            let missingCount = Int(counts[missing])
            for pass in 0..<(missingCount > 0 ? 2 : 1) {
                let missingLeft = pass == 1
                var left = missingLeft ? sums[missing] : .zero
                var leftN = missingLeft ? missingCount : 0
                for bin in 0..<binCounts[feature] {
                    left += sums[base + bin]
                    leftN += Int(counts[base + bin])
                    let rightN = count - leftN
                    if leftN < minDataInLeaf { continue }
                    if rightN < minDataInLeaf { break }
                    let leftG = left.x, leftH = left.y
                    let rightH = hessian - leftH
                    if leftH < minSumHessianInLeaf || rightH < minSumHessianInLeaf { continue }
                    let rightG = gradient - leftG
                    let gain = score(leftG, leftH) + score(rightG, rightH) - parent
                    guard gain > bestGain else { continue }
                    bestGain = gain
                    best = SplitCandidate(
                        feature: feature, bin: UInt8(bin),
                        defaultLeft: missingCount > 0 ? missingLeft : leftN >= rightN, gain: gain,
                        leftGradient: leftG, leftHessian: leftH, leftCount: leftN,
                        rightGradient: rightG, rightHessian: rightH, rightCount: rightN)
                }
            }
        }
        return best
    }
}
