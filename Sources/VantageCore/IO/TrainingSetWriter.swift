import Dispatch

/// Writes a training set as RFC 4180 CSV (SEMANTICS.md, "Output"), formatting blocks of
/// rows on all cores and writing them in order, through a temporary file renamed into
/// place. Memory stays at a few blocks, whatever the row count.
public enum TrainingSetWriter {
    static let blockRows = 32_768

    public static func write(_ set: TrainingSet, to path: String, progress: ((Int) -> Void)? = nil) throws(VantageError) {
        let file = try AtomicFile(path: path)
        var head = CSVBuffer(capacity: 4096)
        head.record(set.header)
        try file.write(head.bytes)
        let spineColumns = (0..<set.spine.header.count).map { set.spine.columns[$0] ?? TextColumn() }
        let features = set.featureColumns
        let rows = set.rowCount
        let blocks = (rows + blockRows - 1) / blockRows
        let cores = ProcessInfoCores.count
        var b = 0
        while b < blocks {
            let batch = min(cores * 2, blocks - b)
            let buffers = ParallelMap.run(batch) { k -> [UInt8] in
                let start = (b + k) * blockRows
                return format(rows: start..<min(rows, start + blockRows), spine: spineColumns, features: features)
            }
            for buf in buffers { try file.write(buf) }
            b += batch
            progress?(min(rows, b * blockRows))
        }
        try file.commit()
    }

    static func format(rows: Range<Int>, spine: [TextColumn], features: [FeatureColumn]) -> [UInt8] {
        var out = CSVBuffer(capacity: rows.count * 128)
        for r in rows {
            var first = true
            for c in spine {
                if !first { out.comma() }
                first = false
                c.withField(r) { out.field($0) }
            }
            for f in features {
                if !first { out.comma() }
                first = false
                switch f {
                case let .text(source, picked):
                    let i = Int(picked[r])
                    if i >= 0 { source.withField(i) { out.field($0) } }
                case let .integers(v):
                    out.integer(v[r])
                case let .reals(v):
                    if !v[r].isNaN { out.real(v[r]) }
                }
            }
            out.endRecord()
        }
        return out.bytes
    }
}
