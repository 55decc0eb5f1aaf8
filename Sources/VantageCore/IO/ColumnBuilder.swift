#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds one column's storage on raw memory while parsing, then hands it over as a
/// `TextColumn`.
struct ColumnBuilder {
    var bytes: ByteSink
    private(set) var offsets: UnsafeMutablePointer<UInt32>
    /// Set once the bytes pass 4 GiB, more than 32-bit offsets address: the reader then
    /// reports the column as too large rather than wrapping (see `TextColumn`).
    private(set) var overflowed = false
    private(set) var rows = 0
    private var capacity: Int

    init(rows: Int, bytes byteCount: Int) {
        bytes = ByteSink(capacity: byteCount)
        capacity = max(16, rows) + 1
        guard let p = malloc(capacity * MemoryLayout<UInt32>.stride) else { fatalError("out of memory allocating column offsets") }
        offsets = p.assumingMemoryBound(to: UInt32.self)
        offsets[0] = 0
    }

    func free() {
        bytes.free()
        releaseMemory(offsets)
    }

    @inline(__always)
    mutating func append(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        if end > start { bytes.bytes(buf.baseAddress! + start, end &- start) }
    }

    @inline(__always)
    mutating func endField() {
        // `rows < capacity`, a count of allocated slots: the wrapping sums cannot wrap.
        if rows &+ 2 > capacity { reserveRows(1) }
        rows &+= 1
        offsets[rows] = Self.offset(bytes.count, &overflowed)
    }

    @inline(__always)
    static func offset(_ n: Int, _ overflowed: inout Bool) -> UInt32 {
        if n > Int(UInt32.max) { overflowed = true }
        return UInt32(truncatingIfNeeded: n)
    }

    /// Room for `extra` more fields. `realloc`: a large block grows without a second copy
    /// resident meanwhile.
    private mutating func reserveRows(_ extra: Int) {
        guard rows + extra + 1 > capacity else { return }
        let c = max(capacity * 2, rows + extra + 1)
        guard let fresh = realloc(offsets, c * MemoryLayout<UInt32>.stride) else { fatalError("out of memory growing column offsets") }
        offsets = fresh.assumingMemoryBound(to: UInt32.self)
        capacity = c
    }

    /// Appends every field of `other` (the next rows of the same column, parsed apart).
    mutating func append(contentsOf other: ColumnBuilder) {
        let base = bytes.count
        if other.bytes.count > 0 { bytes.bytes(other.bytes.base, other.bytes.count) }
        reserveRows(other.rows)
        for r in 0..<other.rows { offsets[rows + 1 + r] = Self.offset(base + Int(other.offsets[r + 1]), &overflowed) }
        if other.overflowed { overflowed = true }
        rows += other.rows
    }

    /// Forgets every field, keeping the memory for reuse.
    mutating func clear() {
        bytes.clear()
        rows = 0
        overflowed = false
    }

    /// One column from the builders of consecutive chunks, in order.
    static func concatenate(_ parts: [ColumnBuilder]) -> TextColumn {
        var whole = ColumnBuilder(rows: parts.reduce(0) { $0 + $1.rows }, bytes: parts.reduce(0) { $0 + $1.bytes.count })
        // Callers check the total first (`CSVParser.chunked`).
        for p in parts { whole.append(contentsOf: p) }
        return whole.finish()
    }

    /// Hands the fields over as a column, without copying them (`ColumnMemory` takes the
    /// builder's memory over); the builder is left empty, with fresh memory.
    mutating func finish() -> TextColumn {
        let plain = [CSVParser.comma, CSVParser.quote, CSVParser.cr, CSVParser.lf].allSatisfy {
            memchr(bytes.base, Int32($0), bytes.count) == nil
        }
        let taken = bytes.take()
        var column = TextColumn(bytes: ColumnMemory(adopting: taken.base, count: taken.count, capacity: taken.capacity),
                                offsets: ColumnMemory(adopting: offsets, count: rows + 1, capacity: capacity))
        column.plain = plain
        capacity = 17
        guard let p = malloc(capacity * MemoryLayout<UInt32>.stride) else { fatalError("out of memory allocating column offsets") }
        offsets = p.assumingMemoryBound(to: UInt32.self)
        offsets[0] = 0
        rows = 0
        overflowed = false
        return column
    }
}
