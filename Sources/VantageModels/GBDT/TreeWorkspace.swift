/// The scratch memory of one GBDT fit, allocated once and reused by every tree.
///
/// Why manual allocation: the hot loops (histograms, partitions) run on raw buffers that
/// parallel work items share; owning them here (freed in `deinit`) avoids copy-on-write
/// checks and per-tree allocation. A workspace belongs to a single `fit` call and is
/// never shared across fits.
///
/// Histogram layout: slot `s`, feature `f`, bin `b` is cell `(s · featureCount + f) ·
/// 256 + b` of `sums` (gradient and hessian as one `SIMD2<Double>`, so one vector add per
/// row) and of `counts` (rows). 256 bins per feature: 255 value bins and the missing bin.
final class TreeWorkspace {
    /// Cells per feature histogram.
    static let binsPerFeature = 256

    /// The row permutation: the bag in `0..<bagCount`, partitioned so each leaf owns a range.
    let indices: SharedMutableBuffer<Int32>
    /// Partition scratch: right-going rows before they are copied back.
    let scratch: SharedMutableBuffer<Int32>
    /// Rows left out of the current bag (only used when bagging).
    let outOfBag: SharedMutableBuffer<Int32>
    /// (gradient, hessian) gathered in leaf order, so histogram loops read them sequentially.
    let ordered: SharedMutableBuffer<SIMD2<Double>>
    /// Per cell: (sum of gradients, sum of hessians).
    let sums: SharedMutableBuffer<SIMD2<Double>>
    /// Per cell: the number of rows.
    let counts: SharedMutableBuffer<UInt32>
    /// The number of features.
    let featureCount: Int

    init(rowCount: Int, featureCount: Int, slots: Int) {
        func allocate<T>(_ count: Int, _ value: T) -> SharedMutableBuffer<T> {
            let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(count, 1))
            buffer.initialize(repeating: value)
            return SharedMutableBuffer(buffer)
        }
        self.featureCount = featureCount
        indices = allocate(rowCount, 0)
        scratch = allocate(rowCount, 0)
        outOfBag = allocate(rowCount, 0)
        ordered = allocate(rowCount, .zero)
        sums = allocate(slots * featureCount * Self.binsPerFeature, .zero)
        counts = allocate(slots * featureCount * Self.binsPerFeature, 0)
    }

    deinit {
        indices.buffer.deallocate()
        scratch.buffer.deallocate()
        outOfBag.buffer.deallocate()
        ordered.buffer.deallocate()
        sums.buffer.deallocate()
        counts.buffer.deallocate()
    }

    /// The first cell of `feature`'s histogram in `slot`.
    @inline(__always)
    func offset(slot: Int, feature: Int) -> Int { (slot * featureCount + feature) * Self.binsPerFeature }

    /// Fills `slot` with the histograms of `features` over the rows `indices[start..<start+count]`.
    ///
    /// `identity` promises that those rows are exactly `0..<count` in order (the root
    /// without bagging), which lets the loop read bins and gradients sequentially.
    /// - Complexity: O(count × features.count), pairs of features in parallel.
    func buildHistograms(
        slot: Int, start: Int, count: Int, identity: Bool, features: [Int], bins: SharedReadBuffer<UInt8>, rowCount: Int,
        gradients: SharedReadBuffer<SIMD2<Double>>
    ) {
        let indices = self.indices, sums = self.sums, counts = self.counts
        if !identity {
            let ordered = self.ordered
            let parts = Parallel.ranges(count, parts: 8)
            Parallel.forEach(parts.count, concurrent: count >= 65_536) { part in  // part p owns its range
                for k in parts[part] { ordered[k] = gradients[Int(indices[start &+ k])] }
            }
        }
        let pairs = identity ? gradients : SharedReadBuffer(UnsafeBufferPointer(ordered.buffer))
        let base = offset(slot: slot, feature: 0)
        // Two features per work item: each row index and gradient pair is loaded once for
        // both, and the two independent histogram updates overlap in the pipeline.
        let groups = (features.count + 1) / 2
        Parallel.forEach(groups, concurrent: count * features.count >= 65_536) { group in
            let first = features[2 * group]
            let second = 2 * group + 1 < features.count ? features[2 * group + 1] : nil
            guard let sums0 = sums.buffer.baseAddress, let counts0 = counts.buffer.baseAddress,
                  let binBase = bins.buffer.baseAddress, let pair = pairs.buffer.baseAddress,
                  let rows = indices.buffer.baseAddress.map({ $0 + start })
            else { return }
            let sumsA = sums0 + base + first * Self.binsPerFeature
            let countsA = counts0 + base + first * Self.binsPerFeature
            let columnA = binBase + first * rowCount
            sumsA.update(repeating: .zero, count: Self.binsPerFeature)
            countsA.update(repeating: 0, count: Self.binsPerFeature)
            if let second {
                let sumsB = sums0 + base + second * Self.binsPerFeature
                let countsB = counts0 + base + second * Self.binsPerFeature
                let columnB = binBase + second * rowCount
                sumsB.update(repeating: .zero, count: Self.binsPerFeature)
                countsB.update(repeating: 0, count: Self.binsPerFeature)
                for k in 0..<count {
                    let row = identity ? k : Int(truncatingIfNeeded: rows[k])
                    let a = Int(columnA[row]), b = Int(columnB[row]), p = pair[k]
                    sumsA[a] += p
                    countsA[a] &+= 1
                    sumsB[b] += p
                    countsB[b] &+= 1
                }
            } else {
                for k in 0..<count {
                    let a = Int(columnA[identity ? k : Int(truncatingIfNeeded: rows[k])])
                    sumsA[a] += pair[k]
                    countsA[a] &+= 1
                }
            }
            #if DEBUG
            for feature in [first] + (second.map { [$0] } ?? []) {
                var total = 0
                let cells = counts0 + base + feature * Self.binsPerFeature
                for b in 0..<Self.binsPerFeature { total += Int(cells[b]) }
                precondition(total == count, "histogram of feature \(feature) holds \(total) rows, not \(count)")
            }
            #endif
        }
    }

    /// Turns the parent histogram in `slot` into its larger child's by subtracting the
    /// smaller child's histogram in `smallerSlot` (LightGBM's histogram subtraction).
    /// - Complexity: O(features.count × 256).
    func subtract(slot: Int, smallerSlot: Int, features: [Int]) {
        for feature in features {
            let target = offset(slot: slot, feature: feature), source = offset(slot: smallerSlot, feature: feature)
            for b in 0..<Self.binsPerFeature {
                sums[target + b] -= sums[source + b]
                counts[target + b] &-= counts[source + b]
            }
        }
    }
}
