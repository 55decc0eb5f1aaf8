/// Parses a time column into µs. An unparseable or empty value is an error naming the
/// file, line and column; the message also counts how many other rows are bad, so a
/// user fixes them all at once rather than one run per row.
enum TimeColumn {
    /// Rows with a bad time, when the run drops them instead of failing.
    final class Dropped {
        var rows = Set<Int>()
    }

    static func parse(_ col: TextColumn, table: CSVTable, column: Int, format: TimeFormat,
                      nullAs fallback: [Int64]? = nil, dropInto dropped: Dropped? = nil) throws(VantageError) -> [Int64] {
        var out = [Int64](repeating: 0, count: col.count)
        var firstBad = -1
        var bad = 0
        col.bytes.withUnsafeBufferPointer { all in
            for r in 0..<col.count {
                let s = col.offsets[r], e = col.offsets[r + 1]
                if s == e, let fallback {
                    out[r] = fallback[r]
                    continue
                }
                if let v = TimeParser.parse(UnsafeBufferPointer(rebasing: all[s..<e]), format: format) {
                    out[r] = v
                } else if let dropped {
                    dropped.rows.insert(r)
                } else {
                    if firstBad < 0 { firstBad = r }
                    bad += 1
                }
            }
        }
        if firstBad >= 0 {
            let text = col.string(firstBad)
            let got = text.isEmpty ? "an empty field" : "\"\(text)\""
            let more = bad > 1 ? " (\(bad - 1) more row\(bad == 2 ? "" : "s") in this column are bad too)" : ""
            throw .input(file: table.file, line: table.line(ofRow: firstBad), column: column + 1,
                         message: "column \(table.header[column]): expected \(format.expectation), got \(got)\(more); --drop-bad-times skips such rows")
        }
        return out
    }
}
