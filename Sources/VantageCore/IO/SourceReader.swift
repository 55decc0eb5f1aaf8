/// Reads a spec's source (CSV or SQLite) into columns.
public enum SourceReader {
    public static func read(_ source: SourceLocation, keep: Set<String>?) throws(VantageError) -> CSVTable {
        let table: CSVTable
        switch source {
        case let .csv(path):
            table = try CSVReader.read(path: path, keep: keep)
        case let .parquet(path):
            throw .spec(path: "", message: "\(path): parquet sources are read only by the Spark engine (vantage sweep --engine spark)")
        case let .sqliteTable(db, t):
            table = try SQLiteSource.read(database: db, table: t, query: nil)
        case let .sqliteQuery(db, q):
            table = try SQLiteSource.read(database: db, table: nil, query: q)
        }
        if let keep {
            for k in keep.sorted() where !table.header.contains(k) {
                throw .input(file: table.file, line: 1, column: 0, message: "no column \"\(k)\" (columns: \(table.header.joined(separator: ", ")))")
            }
        }
        return table
    }
}
