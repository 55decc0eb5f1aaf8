/// RFC 4180 output into a byte buffer: `,` separator, CRLF after every record, a field
/// quoted only when it holds `,` `"` CR or LF (docs/semantics.md, "CSV form"). Null is empty.
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

    /// A decimal integer, as the training-set writer prints it.
    public mutating func integer(_ v: Int64) { append { $0.integer(v) } }

    /// A computed number exactly as the training-set writer prints it (`ByteSink.real`),
    /// so tests and summaries never see a second formatting of the same value.
    public mutating func real(_ v: Double) { append { $0.real(v) } }

    private mutating func append(_ write: (inout ByteSink) -> Void) {
        var sink = ByteSink(capacity: 32)
        defer { sink.free() }
        write(&sink)
        bytes.append(contentsOf: UnsafeBufferPointer(start: sink.base, count: sink.count))
    }
}
