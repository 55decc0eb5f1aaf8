#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The length in front of a value in the spill files (a spine row's key, a run's
/// fragment): one byte below 255, else the byte 255 and the length in four bytes,
/// little-endian.
///
/// Why: nearly every key and fragment is shorter than 255 bytes, and at 100M events the
/// four-byte lengths were 1.2 GB of the files written and read back.
enum ShortLength {
    /// The marker of a four-byte length.
    static let long: UInt8 = 255

    /// Reads a length at `p`, with `available` bytes there: the length and the bytes it
    /// took, or nil when they are not all there.
    @inline(__always)
    static func decode(_ p: UnsafePointer<UInt8>, available: Int) -> (length: Int, size: Int)? {
        guard available >= 1 else { return nil }
        let b = p[0]
        if b != long { return (Int(b), 1) }
        guard available >= 5 else { return nil }
        return (Int(UInt32(littleEndian: UnsafeRawPointer(p + 1).loadUnaligned(as: UInt32.self))), 5)
    }
}

extension ByteSink {
    /// A length as `ShortLength` writes it.
    @inline(__always)
    mutating func shortLength(_ n: Int) {
        if n < Int(ShortLength.long) {
            byte(UInt8(truncatingIfNeeded: n))
        } else {
            byte(ShortLength.long)
            uint32(UInt32(n))
        }
    }

    /// Completes a value written after a one-byte placeholder at `at` (its length known
    /// only once written): sets the byte, or for 255 bytes or more moves the value four
    /// bytes on to make room for the long form.
    @inline(__always)
    mutating func finishShortLength(at: Int) {
        let n = count - at - 1
        precondition(n >= 0)
        if n < Int(ShortLength.long) {
            base[at] = UInt8(truncatingIfNeeded: n)
            return
        }
        for _ in 0..<4 { byte(0) }
        // The regions overlap: `memmove`.
        memmove(base + at + 5, base + at + 1, n)
        base[at] = ShortLength.long
        UnsafeMutableRawPointer(base + at + 1).storeBytes(of: UInt32(n).littleEndian, as: UInt32.self)
    }
}
