extension GBDTModel {
    /// Fits a boosted ensemble on `train` (labels aligned with its positions).
    ///
    /// Validation: with `validation` given, those rows decide early stopping; otherwise the
    /// trailing `parameters.validationFraction` of `train` is held out (pass rows in time
    /// order). Early stopping keeps the trees up to the round with the lowest validation
    /// loss once `earlyStoppingRounds` rounds pass without improvement.
    ///
    /// - Throws: `ModelError` for invalid parameters, empty or misaligned inputs, labels
    ///   that are not 0/1 (binary) or not finite, a single training class (binary), or
    ///   validation rows with different features.
    /// - Complexity: O(rounds × (n × features × log numLeaves)) for n training rows.
    public static func fit(
        parameters: GBDTParameters = GBDTParameters(), train: FeatureRows, labels: [Double],
        validation: ValidationSet? = nil
    ) throws(ModelError) -> GBDTModel {
        try parameters.validate()
        guard train.count > 0 else { throw .empty("training rows") }
        guard train.count < Int(Int32.max) else {
            throw .invalidParameter(name: "rows", value: "\(train.count)", expected: "fewer than 2^31 training rows")
        }
        let binary = parameters.objective == .binary
        try FeatureMatrix.validateLabels(labels, for: train, binary: binary)

        var fitRows = train, fitLabels = labels
        var heldOut: ValidationSet?
        if let validation {
            try validation.rows.requireFeatures(train.featureNames)
            try FeatureMatrix.validateLabels(validation.labels, for: validation.rows, binary: binary,
                                             what: "validation labels")
            if validation.rows.count > 0 { heldOut = validation }
        } else if parameters.validationFraction > 0 && parameters.earlyStoppingRounds > 0 && train.count >= 2 {
            let (head, tail) = train.splitTail(fraction: parameters.validationFraction)
            fitRows = train.slice(head)
            fitLabels = Array(labels[head])
            heldOut = ValidationSet(rows: train.slice(tail), labels: Array(labels[tail]))
        }
        if binary, let first = fitLabels.first, fitLabels.allSatisfy({ $0 == first }) {
            throw .singleClass(label: first)
        }
        return Booster(parameters: parameters, train: fitRows, labels: fitLabels, validation: heldOut).run()
    }
}

/// The boosting loop of one fit: bins the data, then adds one tree per round.
private struct Booster {
    let parameters: GBDTParameters
    let train: FeatureRows
    let labels: [Double]
    let validation: ValidationSet?

    func run() -> GBDTModel {
        let p = parameters, objective = p.objective
        let mappers = BinMapper.fit(train, maxBins: p.maxBins, seed: p.seed)
        let data = BinnedMatrix(train, mappers: mappers)
        let validationData = validation.map { BinnedMatrix($0.rows, mappers: mappers) }
        let m = data.rowCount, featureCount = data.featureCount
        let usable = usableFeatures(data, mappers)
        let initial = objective.initialScore(labels: labels)

        var scores = [Double](repeating: initial, count: m)
        var gradients = [SIMD2<Double>](repeating: .zero, count: m)
        var validationScores = [Double](repeating: initial, count: validationData?.rowCount ?? 0)
        var trees = [RegressionTree](), splits = [[(feature: Int, gain: Double)]](), history = [Double]()
        var best = (loss: Double.infinity, round: -1)
        var generator = SeededGenerator(seed: p.seed)
        let workspace = TreeWorkspace(rowCount: m, featureCount: featureCount, slots: p.numLeaves)
        let finder = SplitFinder(
            minDataInLeaf: p.minDataInLeaf, minSumHessianInLeaf: p.minSumHessianInLeaf, lambda: p.lambdaL2,
            minGainToSplit: p.minGainToSplit, binCounts: mappers.map(\.binCount))
        let bagSize = p.baggingFraction < 1 ? max(1, Int((Double(m) * p.baggingFraction).rounded())) : m
        let featureSample = max(1, Int((Double(usable.count) * p.featureFraction).rounded()))

        data.bins.withUnsafeBufferPointer { bins in
            let learner = TreeLearner(
                bins: SharedReadBuffer(bins), rowCount: m, upperBounds: mappers.map(\.upperBounds), finder: finder,
                numLeaves: p.numLeaves, learningRate: p.learningRate, workspace: workspace)
            for round in 0..<p.numRounds {
                objective.computeGradients(scores: scores, labels: labels, gradients: &gradients)
                let outOfBag = drawBag(size: bagSize, rowCount: m, workspace: workspace, using: &generator)
                var features = usable
                if featureSample < usable.count {
                    features = Sampling.orderedSubset(of: usable.count, size: featureSample, using: &generator)
                        .map { usable[$0] }
                }
                let grown = gradients.withUnsafeBufferPointer { g in
                    learner.grow(gradients: SharedReadBuffer(g), bagCount: bagSize, identity: bagSize == m, features: features)
                }
                #if DEBUG
                learner._checkInvariants(grown, bagCount: bagSize)
                #endif
                let tree = grown.tree
                scores.withUnsafeMutableBufferPointer { buffer in
                    let out = SharedMutableBuffer(buffer)  // leaves own disjoint rows
                    let leaves = grown.leaves, values = tree.leafValues, indices = workspace.indices
                    Parallel.forEach(leaves.count, concurrent: bagSize >= 65_536) { index in
                        let leaf = leaves[index], value = values[index]
                        for k in leaf.start..<(leaf.start + leaf.count) { out[Int(indices[k])] += value }
                    }
                }
                for k in 0..<outOfBag {
                    let row = Int(workspace.outOfBag[k])
                    scores[row] += tree.leafValues[tree.leaf(bins: bins, row: row, rowCount: m)]
                }
                trees.append(tree)
                splits.append(grown.splits)
                guard let validationData, let validation else { continue }
                validationData.bins.withUnsafeBufferPointer { vbins in
                    for i in validationScores.indices {
                        validationScores[i] += tree.leafValues[tree.leaf(bins: vbins, row: i, rowCount: validationData.rowCount)]
                    }
                }
                let loss = objective.loss(scores: validationScores, labels: validation.labels)
                history.append(loss)
                if loss < best.loss {
                    best = (loss, round)
                } else if p.earlyStoppingRounds > 0 && round - best.round >= p.earlyStoppingRounds {
                    break
                }
            }
        }
        #if DEBUG
        // The incremental training scores (leaf ranges in the bag, bin walks out of it) must
        // equal a fresh prediction on raw values.
        let check = Forest(trees).rawScores(train, initial: initial, treeLimit: trees.count)
        for i in 0..<m { precondition(abs(check[i] - scores[i]) <= 1e-9 * max(1, abs(scores[i])), "score of row \(i)") }
        #endif
        if p.earlyStoppingRounds > 0 && best.round >= 0 { trees.removeSubrange((best.round + 1)...) }
        return GBDTModel(
            parameters: p, featureNames: train.featureNames, initialScore: initial, trees: trees, splits: splits,
            validationLoss: history, trainingRowCount: m, validationRowCount: validation?.rows.count ?? 0)
    }

    /// Features worth splitting on: more than one value bin, or some missing values.
    private func usableFeatures(_ data: BinnedMatrix, _ mappers: [BinMapper]) -> [Int] {
        (0..<data.featureCount).filter { feature in
            if mappers[feature].binCount > 1 { return true }
            let column = feature * data.rowCount
            return data.bins[column..<(column + data.rowCount)].contains(BinMapper.missingBin)
        }
    }

    /// Puts this round's bag in `indices[0..<size]` (ascending) and the other rows in
    /// `outOfBag`; returns the out-of-bag count. Without bagging, the bag is every row in order.
    private func drawBag(size: Int, rowCount: Int, workspace: TreeWorkspace, using generator: inout SeededGenerator) -> Int {
        let indices = workspace.indices, outOfBag = workspace.outOfBag
        guard size < rowCount else {
            for row in 0..<rowCount { indices[row] = Int32(row) }
            return 0
        }
        var inBag = 0, out = 0
        Sampling.split(rowCount, size: size, using: &generator) { row, selected in
            if selected {
                indices[inBag] = Int32(row)
                inBag += 1
            } else {
                outOfBag[out] = Int32(row)
                out += 1
            }
        }
        return out
    }
}
