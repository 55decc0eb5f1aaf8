import CPrefetch

/// Raw views of every output column, taken once so the per-cell loop neither copies
/// column structs nor retains their arrays. Valid while the columns are kept alive.
///
/// Why `@unchecked Sendable`: the pointers are read-only views into the training set's
/// columns, which the writer keeps alive and unchanged until every batch is formatted.
struct CellSources: @unchecked Sendable {
    enum Source {
        /// `plain`: no field needs quotes (`TextColumn.plain`), so fields are copied as they are.
        case text(bytes: UnsafePointer<UInt8>, offsets: UnsafePointer<UInt32>, rows: UnsafePointer<Int32>?, plain: Bool)
        case integers(UnsafePointer<Int64>)
        case reals(UnsafePointer<Double>)
        /// Whole spine records already in output form, for rows from `first` on.
        case records(bytes: UnsafePointer<UInt8>, offsets: UnsafePointer<UInt32>, first: Int)
    }

    let sources: [Source]
    /// The text sources read through a view's picks: random rows of a large column, whose
    /// cache misses dominate formatting unless they are prefetched (see `format`).
    private let picked: [(bytes: UnsafePointer<UInt8>, offsets: UnsafePointer<UInt32>, rows: UnsafePointer<Int32>)]

    init(sources: [Source]) {
        self.sources = sources
        picked = sources.compactMap { source in
            if case let .text(bytes, offsets, rows?, _) = source { return (bytes, offsets, rows) }
            return nil
        }
    }

    static func pointers(_ c: TextColumn) -> (UnsafePointer<UInt8>, UnsafePointer<UInt32>) {
        let b = c.bytes.withUnsafeBufferPointer { $0.baseAddress ?? UnsafePointer(bitPattern: 1)! }
        let o = c.offsets.withUnsafeBufferPointer { $0.baseAddress! }
        return (b, o)
    }

    static func source(_ f: FeatureColumn) -> Source {
        switch f {
        case let .text(source, rows):
            let (b, o) = pointers(source)
            return .text(bytes: b, offsets: o, rows: rows.withUnsafeBufferPointer { $0.baseAddress }, plain: source.plain)
        case let .integers(v): return .integers(v.withUnsafeBufferPointer { $0.baseAddress ?? UnsafePointer(bitPattern: 8)! })
        case let .reals(v): return .reals(v.withUnsafeBufferPointer { $0.baseAddress ?? UnsafePointer(bitPattern: 8)! })
        }
    }

    init(spine: [TextColumn], features: [FeatureColumn]) {
        self.init(sources: spine.map { let (b, o) = Self.pointers($0); return .text(bytes: b, offsets: o, rows: nil, plain: $0.plain) }
            + features.map(Self.source))
    }

    /// The spine as re-read records (rows `first…`, see `SpineRecordReader`), then `features`.
    init(records: ColumnBuilder, first: Int, features: [FeatureColumn]) {
        self.init(sources: [.records(bytes: UnsafePointer(records.bytes.base), offsets: UnsafePointer(records.offsets), first: first)]
            + features.map(Self.source))
    }

    /// One row's fields joined by commas, without the line end.
    @inline(__always)
    func formatRow(_ r: Int, into out: inout ByteSink) {
        for (i, src) in sources.enumerated() {
            if i > 0 { out.byte(44) }
            switch src {
            case let .text(bytes, offsets, picks, plain):
                var row = r
                if let picks {
                    row = Int(picks[r])
                    if row < 0 { continue }
                }
                // Offsets are ascending positions inside one array: no arithmetic here can wrap.
                let s = Int(offsets[row]), e = Int(offsets[row &+ 1])
                if e > s {
                    if plain { out.bytes(bytes + s, e &- s) } else { out.field(bytes + s, e &- s) }
                }
            case let .integers(v):
                out.integer(v[r])
            case let .reals(v):
                let x = v[r]
                if !x.isNaN { out.real(x) }
            case let .records(bytes, offsets, first):
                let row = r &- first
                let s = Int(offsets[row]), e = Int(offsets[row &+ 1])
                out.bytes(bytes + s, e &- s)
            }
        }
    }

    /// Rows between asking for a picked field's offsets and for its bytes, and between
    /// asking for its bytes and formatting it: far enough for a load from memory to land.
    static let prefetchDistance = 8

    /// Asks for what formatting row `r` + d and row `r` + 2d will read, rows before
    /// `end`: two steps ahead, the offsets of row r + 2d, then (those now loaded) the
    /// bytes of row r + d. Hints only; what is written does not depend on them.
    @inline(__always)
    func prefetch(ahead r: Int, end: Int) {
        let d = Self.prefetchDistance
        let far = r &+ 2 &* d, near = r &+ d
        if far < end {
            for p in picked { let v = Int(p.rows[far]); if v >= 0 { vantage_prefetch(p.offsets + v) } }
        }
        if near < end {
            for p in picked { let v = Int(p.rows[near]); if v >= 0 { vantage_prefetch(p.bytes + Int(p.offsets[v])) } }
        }
    }

    func format(rows: Range<Int>, into out: inout ByteSink) {
        for r in rows {
            prefetch(ahead: r, end: rows.upperBound)
            formatRow(r, into: &out)
            out.byte(13)
            out.byte(10)
        }
    }
}
