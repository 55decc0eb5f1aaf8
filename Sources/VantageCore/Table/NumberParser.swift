#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses decimal or exponent notation (`-2.5`, `10`, `1e3`, `1E-7`, `2.5e+2`) into a
/// correctly rounded `Double`. Common short values take Clinger's exact fast path
/// (an integer mantissa below 2^53 times an exact power of ten); the rest go to `strtod`.
public enum NumberParser {
    
    static let powers: [Double] = (0...22).map { p in
        var v = 1.0
        for _ in 0..<p { v *= 10 }
        return v
    }

    /// nil when the text is not a number in the contract's syntax, or lies beyond a
    /// double's range (its magnitude rounds to infinity).
    
    public static func parse(_ p: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = p.count
        var i = 0
        var negative = false
        if i < n, p[i] == 45 || p[i] == 43 { negative = p[i] == 45; i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0, significant = 0, exp10 = 0
        var exact = true
        let intStart = i
        while i < n, p[i] &- 48 < 10 {
            if significant < 19 {
                mantissa = mantissa * 10 + UInt64(p[i] &- 48)
                if mantissa != 0 { significant += 1 }
            } else {
                exact = false
                exp10 += 1
            }
            digits += 1
            i += 1
        }
        _ = intStart
        if i < n, p[i] == 46 {
            i += 1
            while i < n, p[i] &- 48 < 10 {
                if significant < 19 {
                    mantissa = mantissa * 10 + UInt64(p[i] &- 48)
                    if mantissa != 0 { significant += 1 }
                    exp10 -= 1
                } else if p[i] != 48 {
                    exact = false
                }
                digits += 1
                i += 1
            }
        }
        guard digits > 0 else { return nil }
        if i < n, p[i] == 101 || p[i] == 69 {
            i += 1
            var eneg = false
            if i < n, p[i] == 45 || p[i] == 43 { eneg = p[i] == 45; i += 1 }
            var e = 0, edigits = 0
            while i < n, p[i] &- 48 < 10 {
                if e < 100_000 { e = e * 10 + Int(p[i] &- 48) }
                edigits += 1
                i += 1
            }
            guard edigits > 0 else { return nil }
            exp10 += eneg ? -e : e
        }
        guard i == n else { return nil }
        if exact, mantissa < (1 << 53), exp10 >= -22, exp10 <= 22 {
            var v = Double(mantissa)
            v = exp10 < 0 ? v / powers[-exp10] : v * powers[exp10]
            return negative ? -v : v
        }
        return slowPath(p)
    }

    
    static func slowPath(_ p: UnsafeBufferPointer<UInt8>) -> Double? {
        var buf = [CChar](repeating: 0, count: p.count + 1)
        for (k, b) in p.enumerated() { buf[k] = CChar(bitPattern: b) }
        // Beyond a double's range (`1e309`) is not a number: an error naming the cell, like `nan`.
        let v = buf.withUnsafeBufferPointer { b in strtod(b.baseAddress!, nil) }
        return v.isFinite ? v : nil
    }
}
