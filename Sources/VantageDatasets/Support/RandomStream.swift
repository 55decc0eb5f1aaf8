#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VantageModels

/// The only source of randomness in the generators: the models' `SeededGenerator`
/// (xoshiro256**, one implementation in the package) plus the draws the scenarios need.
/// The same seed gives the same stream on every run, so the same files. Never the system
/// generator, and none of the standard library's `random(in:)` algorithms (they may change
/// between releases).
///
/// The floating-point helpers (`normal`, `logNormal`, `exponential`) call the C math
/// library, so the streams are identical across runs on one platform; the integer draws
/// are identical everywhere.
struct RandomStream {
    private var base: SeededGenerator

    /// A stream whose state is four SplitMix64 outputs of `seed`.
    init(seed: UInt64) { base = SeededGenerator(seed: seed) }

    /// A stream for one named purpose, independent of the other streams of the same seed
    /// (so adding draws to one stream does not shift another). Its seed is one SplitMix64
    /// step from `seed ^ stream·k`; this rule (not `SeededGenerator(seed:stream:)`'s) is
    /// what the committed datasets were generated with, so it must stay.
    init(seed: UInt64, stream: UInt64) {
        var mix = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
        self.init(seed: SeededGenerator.splitMix(&mix))
    }

    /// The next 64 random bits.
    @inline(__always)
    mutating func next() -> UInt64 { base.next() }

    /// A uniform double in `[0, 1)` with 53 random bits.
    @inline(__always)
    mutating func uniform() -> Double { base.nextDouble() }

    /// A uniform integer in `0 ..< bound` (Lemire's unbiased method).
    /// - Precondition: `bound > 0`.
    @inline(__always)
    mutating func below(_ bound: Int) -> Int { base.nextInt(below: bound) }

    /// A uniform double in `[low, high)`.
    @inline(__always)
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * uniform()
    }

    /// A uniform integer in `low ... high`.
    @inline(__always)
    mutating func int(_ low: Int64, _ high: Int64) -> Int64 {
        low + Int64(below(Int(high - low + 1)))
    }

    /// `true` with probability `p`.
    @inline(__always)
    mutating func chance(_ p: Double) -> Bool { uniform() < p }

    /// A standard normal draw (Box–Muller, one value per call).
    mutating func normal() -> Double {
        let u1 = 1.0 - uniform()  // (0, 1]
        let u2 = uniform()
        return (-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2)
    }

    /// `exp(N(mu, sigma))`.
    mutating func logNormal(_ mu: Double, _ sigma: Double) -> Double {
        exp(mu + sigma * normal())
    }

    /// An exponential draw with the given mean.
    mutating func exponential(mean: Double) -> Double {
        -mean * log(1.0 - uniform())
    }

    /// A Poisson draw (Knuth's product method below 30, a rounded normal above).
    mutating func poisson(_ lambda: Double) -> Int {
        if lambda <= 0 { return 0 }
        if lambda > 30 { return max(0, Int((lambda + lambda.squareRoot() * normal()).rounded())) }
        let limit = exp(-lambda)
        var k = 0
        var p = uniform()
        while p > limit {
            k += 1
            p *= uniform()
        }
        return k
    }
}
