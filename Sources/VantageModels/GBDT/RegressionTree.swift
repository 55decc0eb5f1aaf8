/// One boosted tree, stored as parallel arrays of internal nodes plus leaf values.
///
/// Why struct-of-arrays with integer links: prediction walks thousands of trees per row;
/// small contiguous arrays keep a tree in a few cache lines and need no pointer chasing
/// through heap objects. A child link `>= 0` is an internal node, `< 0` is leaf `~link`.
/// A tree that never split has no nodes and one leaf.
///
/// A node sends a row left when its value is `<= threshold` (equivalently its bin is
/// `<= thresholdBin`), and a missing value (`NaN`, bin 255) to `defaultLeft`'s side.
struct RegressionTree: Sendable, Hashable {
    /// The feature each node tests.
    var feature: [Int32] = []
    /// The last bin that goes left, per node (training-side test).
    var thresholdBin: [UInt8] = []
    /// The largest raw value that goes left, per node (the bin's upper bound).
    var threshold: [Double] = []
    /// Where missing values go, per node.
    var defaultLeft: [Bool] = []
    /// The left child link of each node.
    var left: [Int32] = []
    /// The right child link of each node.
    var right: [Int32] = []
    /// The output of each leaf, learning rate included.
    var leafValues: [Double] = [0]

    /// The number of leaves.
    var leafCount: Int { leafValues.count }

    /// Appends an internal node and returns its index.
    mutating func addNode(feature: Int, bin: UInt8, threshold: Double, defaultLeft: Bool, left: Int32, right: Int32) -> Int32 {
        self.feature.append(Int32(feature))
        thresholdBin.append(bin)
        self.threshold.append(threshold)
        self.defaultLeft.append(defaultLeft)
        self.left.append(left)
        self.right.append(right)
        return Int32(self.feature.count - 1)
    }

    /// The leaf reached by row `row` of a column-major bin matrix with `rowCount` rows.
    @inline(__always)
    func leaf(bins: UnsafeBufferPointer<UInt8>, row: Int, rowCount: Int) -> Int {
        if feature.isEmpty { return 0 }
        var node: Int32 = 0
        while node >= 0 {
            let n = Int(node)
            let bin = bins[Int(feature[n]) * rowCount + row]
            let goLeft = bin == BinMapper.missingBin ? defaultLeft[n] : bin <= thresholdBin[n]
            node = goLeft ? left[n] : right[n]
        }
        return Int(~node)
    }

    /// The leaf reached by a row whose feature values are `values[0..<featureCount]`.
    @inline(__always)
    func leaf(values: UnsafeBufferPointer<Double>) -> Int {
        if feature.isEmpty { return 0 }
        var node: Int32 = 0
        while node >= 0 {
            let n = Int(node)
            let value = values[Int(feature[n])]
            let goLeft = value.isNaN ? defaultLeft[n] : value <= threshold[n]
            node = goLeft ? left[n] : right[n]
        }
        return Int(~node)
    }

    /// The depth of the deepest leaf (0 for a single leaf).
    var depth: Int {
        func depth(_ link: Int32) -> Int {
            link < 0 ? 0 : 1 + max(depth(left[Int(link)]), depth(right[Int(link)]))
        }
        return feature.isEmpty ? 0 : depth(0)
    }
}
