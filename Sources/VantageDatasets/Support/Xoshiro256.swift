#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SplitMix64 (Steele, Lea and Flood 2014): expands one 64-bit seed into the
/// state of `Xoshiro256`, and derives independent sub-seeds.
struct SplitMix64 {
    /// The running state; advanced by the golden-ratio increment per draw.
    var state: UInt64

    init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** (Blackman and Vigna 2018), the only source of randomness in the
/// generators: the same seed gives the same stream on every run, so the same
/// files. Never the system generator, and none of the standard library's
/// `random(in:)` algorithms (they may change between releases).
///
/// The floating-point helpers (`normal`, `logNormal`, `exponential`) call the C
/// math library, so the streams are identical across runs on one platform; the
/// integer draws are identical everywhere.
struct Xoshiro256 {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator whose state is four SplitMix64 outputs of `seed`.
    init(seed: UInt64) {
        var mix = SplitMix64(seed: seed)
        s0 = mix.next()
        s1 = mix.next()
        s2 = mix.next()
        s3 = mix.next()
    }

    /// A generator for one named purpose, independent of the other streams of
    /// the same seed (so adding draws to one stream does not shift another).
    init(seed: UInt64, stream: UInt64) {
        var mix = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        self.init(seed: mix.next())
    }

    /// The next 64 random bits.
    @inline(__always)
    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A uniform double in `[0, 1)` with 53 random bits.
    @inline(__always)
    mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in `[low, high)`.
    @inline(__always)
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * uniform()
    }

    /// A uniform integer in `0 ..< bound` (Lemire's nearly divisionless method).
    /// - Precondition: `bound > 0`.
    @inline(__always)
    mutating func below(_ bound: Int) -> Int {
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
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
