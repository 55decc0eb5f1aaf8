#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Walker's alias method (Vose's construction): draws an index with probability
/// proportional to its weight in O(1).
///
/// - Complexity: O(n) to build, O(1) per draw, 12 bytes per entry.
struct AliasTable {
    /// Acceptance threshold of each column, as a fraction of `2^32`.
    private var threshold: [UInt32]
    /// The index to take when a draw in a column is rejected.
    private var alias: [Int32]

    /// The number of entries.
    var count: Int { threshold.count }

    /// A table for `weights` (non-negative, not all zero).
    init(weights: [Double]) {
        let n = weights.count
        precondition(n > 0 && n < Int(Int32.max), "alias table needs 1 ..< 2^31 weights")
        let total = weights.reduce(0, +)
        precondition(total > 0, "alias table needs a positive weight")
        var scaled = [Double](repeating: 0, count: n)
        var small: [Int32] = []
        var large: [Int32] = []
        small.reserveCapacity(n)
        large.reserveCapacity(n)
        for i in 0..<n {
            scaled[i] = weights[i] * Double(n) / total
            if scaled[i] < 1 { small.append(Int32(i)) } else { large.append(Int32(i)) }
        }
        var probability = [Double](repeating: 1, count: n)
        var alias = [Int32](repeating: 0, count: n)
        for i in 0..<n { alias[i] = Int32(i) }
        while let s = small.popLast() {
            guard let l = large.last else { break }
            probability[Int(s)] = scaled[Int(s)]
            alias[Int(s)] = l
            scaled[Int(l)] -= 1 - scaled[Int(s)]
            if scaled[Int(l)] < 1 {
                large.removeLast()
                small.append(l)
            }
        }
        // Whatever is left (large, or small by rounding) keeps probability 1.
        self.threshold = probability.map { p in
            p >= 1 ? UInt32.max : UInt32((p * 4_294_967_296.0).rounded(.down))
        }
        self.alias = alias
    }

    /// An index drawn with probability proportional to its weight.
    @inline(__always)
    func draw(_ rng: inout RandomStream) -> Int {
        let bits = rng.next()
        let column = Int(((bits >> 32) &* UInt64(threshold.count)) >> 32)
        let accept = UInt32(truncatingIfNeeded: bits)
        return accept < threshold[column] || threshold[column] == UInt32.max ? column : Int(alias[column])
    }

    /// Zipf–Mandelbrot weights `1 / (rank + offset)^exponent` over `n` entities,
    /// the ranks shuffled so that popularity does not follow the id.
    static func zipfMandelbrot(
        count n: Int, exponent: Double, offset: Double, rng: inout RandomStream
    ) -> [Double] {
        var weights = [Double](repeating: 0, count: n)
        for rank in 0..<n { weights[rank] = 1 / pow(Double(rank + 1) + offset, exponent) }
        // Fisher–Yates with our own generator.
        var i = n - 1
        while i > 0 {
            let j = rng.below(i + 1)
            weights.swapAt(i, j)
            i -= 1
        }
        return weights
    }
}
