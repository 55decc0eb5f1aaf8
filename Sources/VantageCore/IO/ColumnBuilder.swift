/// Builds one column's storage on raw memory while parsing, then hands it over as a
/// `TextColumn`.
struct ColumnBuilder {
    var bytes: ByteSink
    private(set) var offsets: UnsafeMutablePointer<Int>
    private(set) var rows = 0
    private var capacity: Int

    init(rows: Int, bytes byteCount: Int) {
        bytes = ByteSink(capacity: byteCount)
        capacity = max(16, rows) + 1
        offsets = .allocate(capacity: capacity)
        offsets[0] = 0
    }

    func free() {
        bytes.free()
        offsets.deallocate()
    }

    @inline(__always)
    mutating func append(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        if end > start { bytes.bytes(buf.baseAddress! + start, end &- start) }
    }

    @inline(__always)
    mutating func endField() {
        // `rows < capacity`, a count of allocated slots: the wrapping sums cannot wrap.
        if rows &+ 2 > capacity {
            let c = capacity * 2
            let fresh = UnsafeMutablePointer<Int>.allocate(capacity: c)
            fresh.update(from: offsets, count: rows + 1)
            offsets.deallocate()
            offsets = fresh
            capacity = c
        }
        rows &+= 1
        offsets[rows] = bytes.count
    }

    /// One column from the builders of consecutive chunks, in order.
    static func concatenate(_ parts: [ColumnBuilder]) -> TextColumn {
        let total = parts.reduce(0) { $0 + $1.bytes.count }
        let rows = parts.reduce(0) { $0 + $1.rows }
        let bytes = [UInt8](unsafeUninitializedCapacity: max(1, total)) { dst, initialized in
            var at = 0
            for p in parts {
                if p.bytes.count > 0 { (dst.baseAddress! + at).update(from: p.bytes.base, count: p.bytes.count) }
                at += p.bytes.count
            }
            initialized = total
        }
        let offsets = [Int](unsafeUninitializedCapacity: rows + 1) { dst, initialized in
            dst[0] = 0
            var row = 0, base = 0
            for p in parts {
                for r in 0..<p.rows { dst[row + r + 1] = base + p.offsets[r + 1] }
                row += p.rows
                base += p.bytes.count
            }
            initialized = rows + 1
        }
        return TextColumn(bytes: bytes, offsets: offsets)
    }

    func finish() -> TextColumn {
        TextColumn(bytes: Array(UnsafeBufferPointer(start: bytes.base, count: bytes.count)),
                   offsets: Array(UnsafeBufferPointer(start: offsets, count: rows + 1)))
    }
}
