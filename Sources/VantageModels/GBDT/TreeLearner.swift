/// Grows one regression tree leaf-wise on gradients and hessians (LightGBM's
/// `SerialTreeLearner`, `src/treelearner/serial_tree_learner.cpp`).
///
/// Why leaf-wise: with a fixed leaf budget, always splitting the leaf with the largest
/// gain reduces the loss more than level-wise growth (Shi, 2007; Ke et al., 2017).
///
/// The rows of the bag sit in one permutation (`TreeWorkspace.indices`); each leaf owns a
/// contiguous range of it, and a split partitions the range in place (stable). Only the
/// smaller child's histogram is built from rows; the larger child's is the parent's minus
/// the smaller's, so each split costs O(smaller child) instead of O(parent).
struct TreeLearner {
    /// The training bins, column-major (`rowCount` per feature).
    let bins: SharedReadBuffer<UInt8>
    /// The number of training rows (positions, not matrix rows).
    let rowCount: Int
    /// Upper bound of every value bin, per feature (for raw thresholds).
    let upperBounds: [[Double]]
    /// The constraints and the scan.
    let finder: SplitFinder
    /// The leaf budget.
    let numLeaves: Int
    /// The shrinkage applied to leaf outputs.
    let learningRate: Double
    /// Scratch memory, shared by every tree of the fit.
    let workspace: TreeWorkspace

    /// A leaf of the tree being grown.
    struct Leaf {
        /// Its rows: `indices[start..<start + count]`.
        var start: Int
        var count: Int
        var gradient: Double
        var hessian: Double
        /// Its histogram slot (valid only if `split` was searched).
        var slot: Int
        /// The node whose child link points at this leaf (−1 for the root) and which side.
        var parent: Int32
        var isLeft: Bool
        /// The best split found for it, if any.
        var split: SplitCandidate?
    }

    /// A grown tree, the final leaves (for updating training scores by range), and the
    /// (feature, gain) of every split (for importance).
    struct Grown {
        var tree: RegressionTree
        var leaves: [Leaf]
        var splits: [(feature: Int, gain: Double)]
    }

    /// Grows a tree on the bag `indices[0..<bagCount]` over `features`.
    ///
    /// - Parameter identity: the bag is all rows in order (no bagging), so the root
    ///   histogram can be read sequentially.
    /// - Complexity: about O(bag × features × log numLeaves) for histograms, plus
    ///   O(bag × depth) for partitions.
    func grow(
        gradients: SharedReadBuffer<SIMD2<Double>>, bagCount: Int, identity: Bool, features: [Int]
    ) -> Grown {
        let indices = workspace.indices
        var total = SIMD2<Double>.zero
        for k in 0..<bagCount { total += gradients[Int(indices[k])] }
        let gradient = total.x, hessian = total.y
        var leaves = [Leaf(start: 0, count: bagCount, gradient: gradient, hessian: hessian, slot: 0,
                           parent: -1, isLeft: false, split: nil)]
        leaves.reserveCapacity(numLeaves)
        if finder.canSplit(count: bagCount, hessian: hessian) {
            workspace.buildHistograms(
                slot: 0, start: 0, count: bagCount, identity: identity, features: features, bins: bins,
                rowCount: rowCount, gradients: gradients)
            leaves[0].split = search(leaves[0], features: features)
        }
        var tree = RegressionTree()
        var splits = [(feature: Int, gain: Double)]()
        while leaves.count < numLeaves {
            var chosen = -1, bestGain = -Double.infinity
            for (index, leaf) in leaves.enumerated() {
                if let split = leaf.split, split.gain > bestGain { (chosen, bestGain) = (index, split.gain) }
            }
            guard chosen >= 0, let split = leaves[chosen].split else { break }
            let parent = leaves[chosen]
            let leftCount = partition(parent, split)
            let newLeaf = leaves.count
            let node = tree.addNode(
                feature: split.feature, bin: split.bin, threshold: upperBounds[split.feature][Int(split.bin)],
                defaultLeft: split.defaultLeft, left: ~Int32(chosen), right: ~Int32(newLeaf))
            if parent.parent >= 0 {
                if parent.isLeft { tree.left[Int(parent.parent)] = node } else { tree.right[Int(parent.parent)] = node }
            }
            splits.append((split.feature, split.gain))
            var left = Leaf(start: parent.start, count: leftCount, gradient: split.leftGradient,
                            hessian: split.leftHessian, slot: parent.slot, parent: node, isLeft: true, split: nil)
            var right = Leaf(start: parent.start + leftCount, count: parent.count - leftCount,
                             gradient: split.rightGradient, hessian: split.rightHessian, slot: parent.slot,
                             parent: node, isLeft: false, split: nil)
            if newLeaf + 1 < numLeaves {  // children may still split: they need histograms
                if left.count <= right.count {
                    left.slot = newLeaf
                    searchChildren(smaller: &left, larger: &right, parentSlot: parent.slot, features: features,
                                   gradients: gradients)
                } else {
                    right.slot = newLeaf
                    searchChildren(smaller: &right, larger: &left, parentSlot: parent.slot, features: features,
                                   gradients: gradients)
                }
            }
            leaves[chosen] = left
            leaves.append(right)
        }
        let lambda = finder.lambda
        tree.leafValues = leaves.map { leaf in
            let denominator = leaf.hessian + lambda
            return denominator > 0 ? -leaf.gradient / denominator * learningRate : 0
        }
        return Grown(tree: tree, leaves: leaves, splits: splits)
    }

    /// Builds the smaller child's histogram from its rows, derives the larger child's by
    /// subtraction in the parent's slot, and searches both for their best split. Skips
    /// whatever a child that cannot split would not need.
    private func searchChildren(
        smaller: inout Leaf, larger: inout Leaf, parentSlot: Int, features: [Int],
        gradients: SharedReadBuffer<SIMD2<Double>>
    ) {
        let splitSmaller = finder.canSplit(count: smaller.count, hessian: smaller.hessian)
        let splitLarger = finder.canSplit(count: larger.count, hessian: larger.hessian)
        guard splitSmaller || splitLarger else { return }
        workspace.buildHistograms(
            slot: smaller.slot, start: smaller.start, count: smaller.count, identity: false, features: features,
            bins: bins, rowCount: rowCount, gradients: gradients)
        if splitSmaller { smaller.split = search(smaller, features: features) }
        if splitLarger {
            workspace.subtract(slot: parentSlot, smallerSlot: smaller.slot, features: features)
            larger.slot = parentSlot
            larger.split = search(larger, features: features)
        }
    }

    /// The best split of `leaf` from its histogram slot.
    private func search(_ leaf: Leaf, features: [Int]) -> SplitCandidate? {
        finder.best(features: features, workspace: workspace, slot: leaf.slot,
                    gradient: leaf.gradient, hessian: leaf.hessian, count: leaf.count)
    }

    /// Stable in-place partition of the leaf's rows by `split`; returns the left count.
    /// - Complexity: O(leaf.count).
    private func partition(_ leaf: Leaf, _ split: SplitCandidate) -> Int {
        let indices = workspace.indices, scratch = workspace.scratch
        let column = split.feature * rowCount
        let threshold = split.bin, defaultLeft = split.defaultLeft
        var left = leaf.start, right = 0
        for k in leaf.start..<(leaf.start + leaf.count) {
            // Branch-free: the row is written to both sides and only one cursor advances,
            // since the direction is unpredictable. Writing at `left <= k` is safe: that
            // position was already read.
            let row = indices[k]
            let bin = bins[column &+ Int(truncatingIfNeeded: row)]
            let goLeft = (bin <= threshold ? 1 : 0) | (defaultLeft && bin == BinMapper.missingBin ? 1 : 0)
            indices[left] = row
            scratch[right] = row
            left &+= goLeft
            right &+= 1 &- goLeft
        }
        for k in 0..<right { indices[left + k] = scratch[k] }
        return left - leaf.start
    }

    #if DEBUG
    /// Checks (debug builds only) that the leaves tile the bag exactly and that every row
    /// sits in the leaf its bins lead to.
    func _checkInvariants(_ grown: Grown, bagCount: Int) {
        var covered = 0
        for (index, leaf) in grown.leaves.enumerated().sorted(by: { $0.element.start < $1.element.start }) {
            precondition(leaf.start == covered, "leaf \(index) starts at \(leaf.start), expected \(covered)")
            covered += leaf.count
            for k in leaf.start..<(leaf.start + leaf.count) {
                let row = Int(workspace.indices[k])
                precondition(grown.tree.leaf(bins: bins.buffer, row: row, rowCount: rowCount) == index,
                             "row \(row) is in leaf \(index)'s range but its bins lead elsewhere")
            }
        }
        precondition(covered == bagCount, "leaves hold \(covered) rows, the bag \(bagCount)")
    }
    #endif
}
