/// Parses a time column into µs. An unparseable or empty value is an error naming the
/// file, line and column; the message also counts how many other rows are bad, so a
/// user fixes them all at once rather than one run per row.
enum TimeColumn {
    /// Rows with a bad time, when the run drops them instead of failing.
    final class Dropped {
        var rows = Set<Int>()
    }

    /// The times of header column `column` of `table`: taken from `parsedTimes` when the
    /// column was parsed while reading (in this format), else parsed from its text.
    /// `nullAs`: the value of an empty field (else an empty field is bad).
    static func values(table: CSVTable, column: Int, format: TimeFormat,
                       nullAs fallback: [Int64]? = nil, dropInto dropped: Dropped? = nil) throws(VantageError) -> [Int64] {
        if let parsed = table.parsedTimes[column], parsed.format == format {
            return try resolve(parsed, table: table, column: column, nullAs: fallback, dropInto: dropped)
        }
        guard let col = table.columns[column] else {
            throw .spec(path: "", message: "column \(table.header[column]) of \(table.file) was not read as text (internal)")
        }
        return try parse(col, table: table, column: column, format: format, nullAs: fallback, dropInto: dropped)
    }

    /// The rules of `parse` applied to times parsed while reading: the same values, the
    /// same dropped rows and the same message.
    static func resolve(_ parsed: ParsedTimes, table: CSVTable, column: Int,
                        nullAs fallback: [Int64]?, dropInto dropped: Dropped?) throws(VantageError) -> [Int64] {
        var out = parsed.values
        if let fallback { for r in parsed.empty { out[r] = fallback[r] } }
        let emptyIsBad = fallback == nil
        if let dropped {
            dropped.rows.formUnion(parsed.bad)
            if emptyIsBad { dropped.rows.formUnion(parsed.empty) }
            return out
        }
        let firstEmpty = emptyIsBad ? parsed.empty.first : nil
        let firstBad = [parsed.bad.first, firstEmpty].compactMap { $0 }.min()
        guard let firstBad else { return out }
        let count = parsed.bad.count + (emptyIsBad ? parsed.empty.count : 0)
        let text = firstBad == firstEmpty ? "" : (parsed.firstBadText ?? "")
        throw badTime(table: table, column: column, format: parsed.format, row: firstBad, text: text, count: count)
    }

    static func badTime(table: CSVTable, column: Int, format: TimeFormat, row: Int, text: String, count: Int) -> VantageError {
        badTime(file: table.file, line: table.line(ofRow: row), column: column, name: table.header[column], format: format, text: text, count: count)
    }

    /// The message for `count` bad times in header column `column` (0-based) named
    /// `name`, the first on `line` with value `text` (empty: an empty field).
    static func badTime(file: String, line: Int, column: Int, name: String, format: TimeFormat, text: String, count: Int) -> VantageError {
        let got = text.isEmpty ? "an empty field" : "\"\(text)\""
        let more = count > 1 ? " (\(count - 1) more row\(count == 2 ? "" : "s") in this column are bad too)" : ""
        return .input(file: file, line: line, column: column + 1,
                      message: "column \(name): expected \(format.expectation), got \(got)\(more); --drop-bad-times skips such rows")
    }

    static func parse(_ col: TextColumn, table: CSVTable, column: Int, format: TimeFormat,
                      nullAs fallback: [Int64]? = nil, dropInto dropped: Dropped? = nil) throws(VantageError) -> [Int64] {
        var out = [Int64](repeating: 0, count: col.count)
        var firstBad = -1
        var bad = 0
        var parser = TimeParser.DayCache(format: format)
        col.bytes.withUnsafeBufferPointer { all in
            for r in 0..<col.count {
                let s = col.start(r), e = col.end(r)
                if s == e, let fallback {
                    out[r] = fallback[r]
                    continue
                }
                if let v = parser.parse(UnsafeBufferPointer(rebasing: all[s..<e])) {
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
            throw badTime(table: table, column: column, format: format, row: firstBad, text: col.string(firstBad), count: bad)
        }
        return out
    }
}
