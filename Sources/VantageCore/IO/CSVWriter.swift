/// RFC 4180 output into a byte buffer: `,` separator, CRLF after every record, a field
/// quoted only when it holds `,` `"` CR or LF (SEMANTICS.md, "Output"). Null is empty.
public struct CSVBuffer {
    public var bytes: [UInt8] = []

    public init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    
    public mutating func field(_ f: UnsafeBufferPointer<UInt8>) {
        var needsQuotes = false
        for b in f where b == 44 || b == 34 || b == 13 || b == 10 {
            needsQuotes = true
            break
        }
        if !needsQuotes {
            bytes.append(contentsOf: f)
            return
        }
        bytes.append(34)
        for b in f {
            if b == 34 { bytes.append(34) }
            bytes.append(b)
        }
        bytes.append(34)
    }

    public mutating func field(_ s: String) {
        var copy = s
        copy.withUTF8 { field($0) }
    }

    
    public mutating func comma() { bytes.append(44) }

    
    public mutating func endRecord() {
        bytes.append(13)
        bytes.append(10)
    }

    public mutating func record(_ fields: [String]) {
        for (i, f) in fields.enumerated() {
            if i > 0 { comma() }
            field(f)
        }
        endRecord()
    }

    /// A decimal integer.
    
    public mutating func integer(_ v: Int64) {
        if v == 0 { bytes.append(48); return }
        var x = v.magnitude
        if v < 0 { bytes.append(45) }
        var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                  UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &tmp) { t in
            while x > 0 {
                t[n] = UInt8(48 + x % 10)
                x /= 10
                n += 1
            }
            while n > 0 {
                n -= 1
                bytes.append(t[n])
            }
        }
    }

    /// The shortest decimal text that reads back to the same double; whole numbers
    /// under 2^53 as plain integers (`2`), so one value always prints one way.
    
    public mutating func real(_ v: Double) {
        if v == v.rounded(), abs(v) < 9.007_199_254_740_992e15 {
            if v == 0 { bytes.append(48); return }  // also -0.0
            integer(Int64(v))
            return
        }
        var s = v.description
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }
}
