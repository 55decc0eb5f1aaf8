/// A small, fast, seeded pseudo-random generator: xoshiro256** seeded through SplitMix64.
///
/// Why our own: results must be reproducible from `--seed` on every platform and Swift
/// version, which `SystemRandomNumberGenerator` (unseeded) and the standard library's
/// `random(in:using:)` (algorithm not guaranteed stable) cannot promise. Every draw the
/// models make goes through `next()`, `nextDouble()` and `nextInt(below:)` defined here.
///
/// Algorithms: Blackman & Vigna, "Scrambled linear pseudorandom number generators"
/// (2018), xoshiro256** 1.0; Steele, Lea & Flood, "Fast splittable pseudorandom number
/// generators" (2014), SplitMix64, used to expand a 64-bit seed into the 256-bit state.
/// Bounded integers use Lemire's multiply-and-reject method (2019), which is unbiased.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates a generator whose whole sequence is determined by `seed`.
    public init(seed: UInt64) {
        var mixer = seed
        s0 = Self.splitMix(&mixer)
        s1 = Self.splitMix(&mixer)
        s2 = Self.splitMix(&mixer)
        s3 = Self.splitMix(&mixer)
    }

    /// Creates the generator for sub-stream `stream` of `seed`.
    ///
    /// Why: parallel work (bootstrap resamples, trees) gets one independent, reproducible
    /// stream per work item, so results do not depend on how items are spread over threads.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
        _ = Self.splitMix(&mixer)
        self.init(seed: Self.splitMix(&mixer) ^ stream)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    /// A uniform double in `[0, 1)` with 53 random bits.
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in `0..<bound` (`bound > 0`), without modulo bias.
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt(below:) needs a positive bound")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// One SplitMix64 step: advances `state` and returns a well-mixed 64-bit value.
    public static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@inline(__always)
private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 &- k))
}
