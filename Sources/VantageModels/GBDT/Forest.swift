/// All trees of a boosted model flattened into one node array, for fast prediction on
/// raw feature values.
///
/// Why flatten: prediction visits every tree for every row; one contiguous array of
/// 24-byte nodes with absolute links keeps the whole forest in cache and lets the loop
/// run on a single unsafe buffer. Rows are processed in blocks: a block's values are
/// gathered row-major once, then every tree is walked for every row of the block.
/// (A branch-free walk measured slower: it turns the branch into a dependent load, and
/// the speculation that branches allow outweighs their mispredictions.)
struct Forest: Sendable {
    /// One internal node. `left`/`right` `>= 0` are node indices; `< 0` are leaves `~link`.
    struct Node: Sendable, Hashable {
        /// Values `<=` this go left.
        var threshold: Double
        /// The feature tested.
        var feature: Int32
        var left: Int32
        var right: Int32
        /// Where missing values go.
        var defaultLeft: Bool
    }

    /// Every tree's nodes, concatenated.
    let nodes: [Node]
    /// Every tree's leaf values, concatenated.
    let leafValues: [Double]
    /// The root link of each tree (a node index, or `~leaf` for a single-leaf tree).
    let roots: [Int32]

    init(_ trees: [RegressionTree]) {
        var nodes = [Node](), leafValues = [Double](), roots = [Int32]()
        for tree in trees {
            let nodeBase = Int32(nodes.count), leafBase = Int32(leafValues.count)
            func relink(_ link: Int32) -> Int32 { link >= 0 ? link + nodeBase : ~(~link + leafBase) }
            for n in tree.feature.indices {
                nodes.append(Node(threshold: tree.threshold[n], feature: tree.feature[n], left: relink(tree.left[n]),
                                  right: relink(tree.right[n]), defaultLeft: tree.defaultLeft[n]))
            }
            leafValues.append(contentsOf: tree.leafValues)
            roots.append(tree.feature.isEmpty ? ~leafBase : nodeBase)
        }
        self.nodes = nodes
        self.leafValues = leafValues
        self.roots = roots
    }

    /// `initial + Σ tree(row)` over the first `treeLimit` trees, for every row of `rows`.
    ///
    /// - Complexity: O(rows × trees × depth), row blocks in parallel; deterministic
    ///   (each row sums its trees in order).
    func rawScores(_ rows: FeatureRows, initial: Double, treeLimit: Int) -> [Double] {
        let n = rows.count, featureCount = rows.featureCount
        var scores = [Double](repeating: initial, count: n)
        let trees = min(treeLimit, roots.count)
        guard n > 0, trees > 0 else { return scores }
        let blockSize = 256
        let chunks = Parallel.ranges((n + blockSize - 1) / blockSize, parts: Parallel.workerCount * 8)
        scores.withUnsafeMutableBufferPointer { buffer in
            let out = SharedMutableBuffer(buffer)  // chunk c writes only its blocks' rows
            Parallel.forEach(chunks.count, concurrent: n * trees >= 100_000) { chunk in
                var values = [Double](repeating: 0, count: blockSize * featureCount)
                for block in chunks[chunk] {
                    let range = (block * blockSize)..<min((block + 1) * blockSize, n)
                    for f in 0..<featureCount {  // gather the block row-major
                        rows.matrix.columns[f].withUnsafeBufferPointer { column in
                            for i in range { values[(i - range.lowerBound) * featureCount + f] = column[rows.indices[i]] }
                        }
                    }
                    values.withUnsafeBufferPointer { walk(range, values: $0, featureCount: featureCount, trees: trees, out: out) }
                }
            }
        }
        return scores
    }

    /// Adds the first `trees` trees' outputs to `out[range]`, reading row `i`'s values at
    /// `values[(i − range.lowerBound) · featureCount ..< …]`.
    private func walk(
        _ range: Range<Int>, values: UnsafeBufferPointer<Double>, featureCount: Int, trees: Int,
        out: SharedMutableBuffer<Double>
    ) {
        nodes.withUnsafeBufferPointer { nodes in
            leafValues.withUnsafeBufferPointer { leaves in
                guard let block = values.baseAddress else { return }
                for t in 0..<trees {
                    let root = roots[t]
                    var row = block
                    for i in range {
                        var link = root
                        while link >= 0 {
                            let node = nodes[Int(truncatingIfNeeded: link)]
                            let value = row[Int(truncatingIfNeeded: node.feature)]
                            let goLeft = value <= node.threshold || (node.defaultLeft && value.isNaN)
                            link = goLeft ? node.left : node.right
                        }
                        out[i] += leaves[Int(truncatingIfNeeded: ~link)]
                        row += featureCount
                    }
                }
            }
        }
    }
}
