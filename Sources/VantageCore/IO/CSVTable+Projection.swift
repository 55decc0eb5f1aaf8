/// A table narrowed to some of its columns, keeping file name and line numbers, so a
/// caller can hand a subset of a file to the loader (the served log of `vantage skew`
/// as a spine of key and time columns only) and errors still point at the right line.
extension CSVTable {
    /// The table with only the named columns, in the given order. Every name must be in
    /// the header and materialised (read with it in `keep`, or with no `keep`).
    public func projected(onto names: [String]) -> CSVTable {
        var cols = [Int: TextColumn]()
        for (i, n) in names.enumerated() {
            if let j = header.firstIndex(of: n), let c = columns[j] { cols[i] = c }
        }
        return CSVTable(file: file, header: names, columns: cols, rowCount: rowCount, recordLines: recordLines)
    }
}
