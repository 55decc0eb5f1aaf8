/// Maps one feature's values to small integer bins: up to 255 value bins at training
/// quantiles, plus bin 255 for missing (`NaN`).
///
/// Why bins: split finding over a 256-slot histogram is O(bins) instead of O(rows log
/// rows), and a `UInt8` per value quarters the memory traffic of the hot loop (LightGBM,
/// Ke et al., NeurIPS 2017, §2; `src/io/bin.cpp`).
///
/// Boundaries: with at most `maxBins` distinct training values, every value gets its own
/// bin; otherwise bins are filled greedily in value order to about `remaining rows /
/// remaining bins` rows each, so a heavy value (many zeros, say) takes a bin alone and
/// the rest are spread evenly. A boundary lies halfway between the last value of a bin
/// and the first of the next; the last bin is unbounded above.
struct BinMapper: Sendable, Hashable {
    /// The bin of missing values, shared by every feature.
    static let missingBin: UInt8 = 255

    /// `upperBounds[b]` is the largest value in bin `b`'s range; the last is `+∞`.
    let upperBounds: [Double]

    /// The number of value bins (1...255).
    var binCount: Int { upperBounds.count }

    /// Builds the boundaries from observed (non-`NaN`) training values, in any order.
    ///
    /// - Complexity: O(v log v) for v values (one sort).
    init(observedValues: [Double], maxBins: Int) {
        let sorted = observedValues.sorted()
        var distinct = [Double](), counts = [Int]()
        for value in sorted {
            if let last = distinct.last, last == value {
                counts[counts.count - 1] += 1
            } else {
                distinct.append(value)
                counts.append(1)
            }
        }
        var bounds = [Double]()
        if distinct.count <= maxBins {
            for i in distinct.indices.dropLast() { bounds.append(Self.midpoint(distinct[i], distinct[i + 1])) }
        } else {
            var remaining = sorted.count, binsLeft = maxBins, inBin = 0
            for i in distinct.indices.dropLast() where binsLeft > 1 {
                inBin += counts[i]
                let target = Double(remaining) / Double(binsLeft)
                if Double(inBin) >= target {
                    bounds.append(Self.midpoint(distinct[i], distinct[i + 1]))
                    remaining -= inBin
                    inBin = 0
                    binsLeft -= 1
                }
            }
        }
        bounds.append(.infinity)
        upperBounds = bounds
    }

    /// Creates a mapper from known boundaries (for tests).
    init(upperBounds: [Double]) { self.upperBounds = upperBounds }

    /// The bin of `value`: the first `b` with `value <= upperBounds[b]`, or `missingBin` for `NaN`.
    ///
    /// - Complexity: O(log bins).
    @inline(__always)
    func bin(_ value: Double) -> UInt8 {
        if value.isNaN { return Self.missingBin }
        var low = 0, high = upperBounds.count - 1
        while low < high {
            let middle = (low + high) >> 1
            if value <= upperBounds[middle] { high = middle } else { low = middle + 1 }
        }
        return UInt8(truncatingIfNeeded: low)
    }

    /// A boundary strictly between `a < b`, so `a` falls left and `b` right.
    private static func midpoint(_ a: Double, _ b: Double) -> Double {
        let middle = a / 2 + b / 2
        return middle >= b || middle < a ? a : middle
    }

    /// Fits one mapper per feature on `rows`, using at most `sampleSize` rows (drawn with
    /// `seed`) so boundary finding stays cheap on large inputs, as LightGBM's
    /// `bin_construct_sample_cnt`.
    ///
    /// - Complexity: O(F · s log s) for s sampled rows, features in parallel.
    static func fit(_ rows: FeatureRows, maxBins: Int, sampleSize: Int = 200_000, seed: UInt64) -> [BinMapper] {
        var sample = rows.indices
        if sample.count > sampleSize {
            var generator = SeededGenerator(seed: seed, stream: 0xB1)
            sample = Sampling.orderedSubset(of: rows.count, size: sampleSize, using: &generator).map { rows.indices[$0] }
        }
        let featureCount = rows.featureCount
        let placeholder = BinMapper(upperBounds: [.infinity])
        var mappers = [BinMapper](repeating: placeholder, count: featureCount)
        let chosen = sample
        let columns = rows.matrix.columns
        mappers.withUnsafeMutableBufferPointer { buffer in
            let out = SharedMutableBuffer(buffer)  // item f writes mapper f only
            Parallel.forEach(featureCount) { feature in
                let column = columns[feature]
                var observed = [Double]()
                observed.reserveCapacity(chosen.count)
                for row in chosen where !column[row].isNaN { observed.append(column[row]) }
                out[feature] = BinMapper(observedValues: observed, maxBins: maxBins)
            }
        }
        return mappers
    }
}
