/// A column of text fields stored contiguously: field `i` is `bytes[offsets[i]..<offsets[i+1]]`.
/// An empty field is null (docs/semantics.md, "Nulls": an empty field, quoted or not, is null), so no
/// separate validity is needed. One buffer per column instead of one `String` per cell
/// keeps memory proportional to the data and lets writers copy bytes without decoding.
/// Offsets are 32-bit (half the memory of `Int` per field), so one column holds at most
/// 4 GiB of text; the readers report a larger column as an error instead of wrapping.
public struct TextColumn: Sendable {
    public private(set) var bytes: ColumnMemory<UInt8>
    public private(set) var offsets: ColumnMemory<UInt32>
    /// True when no field holds `,` `"` CR or LF, so every field's CSV form is its bytes
    /// as they are: the writer copies them without scanning (set by `ColumnBuilder`).
    var plain = false

    public init() {
        bytes = ColumnMemory()
        offsets = ColumnMemory([0])
    }

    public init(reservingRows rows: Int, bytes byteCount: Int) {
        bytes = ColumnMemory()
        bytes.reserveCapacity(byteCount)
        offsets = ColumnMemory([0])
        offsets.reserveCapacity(rows + 1)
    }

    /// A column from finished storage; `offsets` has one more entry than there are rows.
    init(bytes: ColumnMemory<UInt8>, offsets: ColumnMemory<UInt32>) {
        self.bytes = bytes
        self.offsets = offsets
    }

    public init(_ values: [String?]) {
        self.init()
        for v in values { append(v ?? "") }
    }

    public var count: Int { offsets.count - 1 }

    
    public func isNull(_ i: Int) -> Bool { offsets[i] == offsets[i + 1] }

    /// Where field `i` starts and ends in `bytes`.
    @inline(__always) public func start(_ i: Int) -> Int { Int(offsets[i]) }
    @inline(__always) public func end(_ i: Int) -> Int { Int(offsets[i + 1]) }

    /// The offset of the end of `bytes`, trapping past 4 GiB (the readers check first).
    private var endOffset: UInt32 {
        guard let o = UInt32(exactly: bytes.count) else { fatalError("a text column grew past 4 GiB") }
        return o
    }

    public mutating func append(_ field: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: field)
        offsets.append(endOffset)
    }

    public mutating func append(_ s: String) {
        bytes.append(contentsOf: s.utf8)
        offsets.append(endOffset)
    }

    /// Appends bytes to the field being built; close it with `endField()`.
    
    public mutating func appendBytes(_ part: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: part) }

    /// Appends one byte to the field being built; close it with `endField()`.
    
    public mutating func appendByte(_ b: UInt8) { bytes.append(b) }

    public mutating func endField() { offsets.append(endOffset) }

    public mutating func shrinkToFit() {
        bytes.shrinkToFit()
        offsets.shrinkToFit()
    }

    public func string(_ i: Int) -> String {
        withField(i) { String(decoding: $0, as: UTF8.self) }
    }

    public func value(_ i: Int) -> String? { isNull(i) ? nil : string(i) }

    /// Calls `body` with the bytes of field `i`, without copying.
    
    public func withField<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let start = start(i), end = end(i)
        return try bytes.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[start..<end]))
        }
    }
}
