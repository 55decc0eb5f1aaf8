/// Raw views of every output column, taken once so the per-cell loop neither copies
/// column structs nor retains their arrays. Valid while the columns are kept alive.
///
/// Why `@unchecked Sendable`: the pointers are read-only views into the training set's
/// columns, which the writer keeps alive and unchanged until every batch is formatted.
struct CellSources: @unchecked Sendable {
    enum Source {
        case text(bytes: UnsafePointer<UInt8>, offsets: UnsafePointer<Int>, rows: UnsafePointer<Int32>?)
        /// A pre-formatted run of `width` fields; a missing row writes `width - 1` commas.
        case fragment(bytes: UnsafePointer<UInt8>, offsets: UnsafePointer<Int>, rows: UnsafePointer<Int32>, width: Int)
        case integers(UnsafePointer<Int64>)
        case reals(UnsafePointer<Double>)
    }

    let sources: [Source]

    static func pointers(_ c: TextColumn) -> (UnsafePointer<UInt8>, UnsafePointer<Int>) {
        let b = c.bytes.withUnsafeBufferPointer { $0.baseAddress ?? UnsafePointer(bitPattern: 1)! }
        let o = c.offsets.withUnsafeBufferPointer { $0.baseAddress! }
        return (b, o)
    }

    static func source(_ f: FeatureColumn) -> Source {
        switch f {
        case let .text(source, rows):
            let (b, o) = pointers(source)
            return .text(bytes: b, offsets: o, rows: rows.withUnsafeBufferPointer { $0.baseAddress })
        case let .integers(v): return .integers(v.withUnsafeBufferPointer { $0.baseAddress ?? UnsafePointer(bitPattern: 8)! })
        case let .reals(v): return .reals(v.withUnsafeBufferPointer { $0.baseAddress ?? UnsafePointer(bitPattern: 8)! })
        }
    }

    init(spine: [TextColumn], features: [FeatureColumn]) {
        sources = spine.map { let (b, o) = Self.pointers($0); return .text(bytes: b, offsets: o, rows: nil) }
            + features.map(Self.source)
    }

    init(spine: [TextColumn], parts: [(fragment: (TextColumn, [Int32], Int)?, column: FeatureColumn?)]) {
        var s = spine.map { c -> Source in let (b, o) = Self.pointers(c); return .text(bytes: b, offsets: o, rows: nil) }
        for p in parts {
            if let (col, rows, width) = p.fragment {
                let (b, o) = Self.pointers(col)
                s.append(.fragment(bytes: b, offsets: o, rows: rows.withUnsafeBufferPointer { $0.baseAddress ?? UnsafePointer(bitPattern: 4)! }, width: width))
            } else if let c = p.column {
                s.append(Self.source(c))
            }
        }
        sources = s
    }

    /// One row's fields joined by commas, without the line end.
    @inline(__always)
    func formatRow(_ r: Int, into out: inout ByteSink) {
        for (i, src) in sources.enumerated() {
            if i > 0 { out.byte(44) }
            switch src {
            case let .text(bytes, offsets, picks):
                var row = r
                if let picks {
                    row = Int(picks[r])
                    if row < 0 { continue }
                }
                // Offsets are ascending positions inside one array: no arithmetic here can wrap.
                let s = offsets[row], e = offsets[row &+ 1]
                if e > s { out.field(bytes + s, e &- s) }
            case let .fragment(bytes, offsets, picks, width):
                let row = Int(picks[r])
                if row < 0 {
                    for _ in 1..<max(1, width) { out.byte(44) }
                } else {
                    let s = offsets[row], e = offsets[row &+ 1]
                    out.bytes(bytes + s, e &- s)
                }
            case let .integers(v):
                out.integer(v[r])
            case let .reals(v):
                let x = v[r]
                if !x.isNaN { out.real(x) }
            }
        }
    }

    func format(rows: Range<Int>, into out: inout ByteSink) {
        for r in rows {
            formatRow(r, into: &out)
            out.byte(13)
            out.byte(10)
        }
    }
}
