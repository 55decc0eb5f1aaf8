import CSQLite
import Foundation

/// Reads an SQLite table or query into the same columnar form as a CSV, so both sources
/// give identical results: integers as integers, reals as the shortest text that reads
/// back the same, text as is, NULL as null (an empty field). The database is only ever
/// read: opened read-only with `PRAGMA query_only`, and a `query:` must be exactly one
/// statement that SQLite itself reports as read-only (no `VACUUM INTO`, no `ATTACH`).
enum SQLiteSource {
    static func read(database: String, table: String?, query: String?) throws(VantageError) -> CSVTable {
        guard FileManager.default.fileExists(atPath: database) else {
            throw .io(path: database, message: "no such SQLite database")
        }
        try OutputCheck.requireRegularFile(database, role: "SQLite database")
        var db: OpaquePointer?
        guard sqlite3_open_v2(database, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK, let db else {
            let msg = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(db)
            throw .sqlite(database: database, message: msg)
        }
        defer { sqlite3_close(db) }
        guard sqlite3_exec(db, "PRAGMA query_only = 1", nil, nil, nil) == SQLITE_OK else {
            throw .sqlite(database: database, message: "cannot open read-only: \(String(cString: sqlite3_errmsg(db)))")
        }
        let sql: String
        if let table {
            sql = "SELECT * FROM \"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        } else {
            sql = query ?? ""
        }
        var stmt: OpaquePointer?
        // Prepared together with what follows the first statement: only comments or
        // blanks may follow (preparing them yields no statement).
        var extra = false
        let prepared = Array(sql.utf8CString).withUnsafeBufferPointer { b -> Int32 in
            var tail: UnsafePointer<CChar>?
            let rc = sqlite3_prepare_v2(db, b.baseAddress, -1, &stmt, &tail)
            if rc == SQLITE_OK, let tail {
                var next: OpaquePointer?
                let rc2 = sqlite3_prepare_v2(db, tail, -1, &next, nil)
                extra = rc2 != SQLITE_OK || next != nil
                sqlite3_finalize(next)
            }
            return rc
        }
        guard prepared == SQLITE_OK, let stmt else {
            throw .sqlite(database: database, message: "cannot run \(table.map { "table \($0)" } ?? "query"): \(String(cString: sqlite3_errmsg(db)))")
        }
        defer { sqlite3_finalize(stmt) }
        if extra {
            throw .sqlite(database: database, message: "the query must be a single statement; found another after it")
        }
        if sqlite3_stmt_readonly(stmt) == 0 || sqlite3_column_count(stmt) == 0 {
            throw .sqlite(database: database, message: "the query must only read (a SELECT); it would change the database or the disk: \(sql.prefix(80))")
        }
        let width = Int(sqlite3_column_count(stmt))
        let header = (0..<width).map { String(cString: sqlite3_column_name(stmt, Int32($0))) }
        var seen = Set<String>()
        for (i, h) in header.enumerated() where !seen.insert(h).inserted {
            throw .input(file: "\(database)#\(table ?? "query")", line: 1, column: i + 1, message: "duplicate column name \"\(h)\"")
        }
        var cols = [TextColumn](repeating: TextColumn(), count: width)
        var rows = 0
        while true {
            let rc = sqlite3_step(stmt)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else {
                throw .sqlite(database: database, message: String(cString: sqlite3_errmsg(db)))
            }
            for c in 0..<width {
                let ci = Int32(c)
                // A field is at most 1 GB in SQLite: stopping short of 4 GiB - 1 GB keeps
                // the column within what its 32-bit offsets address.
                if cols[c].bytes.count > Int(UInt32.max) - (1 << 30) {
                    throw .sqlite(database: database, message: "column \(header[c]) holds more than 3 GiB of text, more than one column can hold in memory")
                }
                switch sqlite3_column_type(stmt, ci) {
                case SQLITE_NULL:
                    cols[c].endField()
                case SQLITE_INTEGER:
                    cols[c].append(String(sqlite3_column_int64(stmt, ci)))
                case SQLITE_FLOAT:
                    cols[c].append(String(sqlite3_column_double(stmt, ci)))
                default:
                    let n = Int(sqlite3_column_bytes(stmt, ci))
                    if let p = sqlite3_column_text(stmt, ci), n > 0 {
                        cols[c].append(UnsafeBufferPointer(start: p, count: n))
                    } else {
                        cols[c].endField()
                    }
                }
            }
            rows += 1
        }
        var kept = [Int: TextColumn]()
        for (i, c) in cols.enumerated() { kept[i] = c }
        return CSVTable(file: "\(database)#\(table ?? "query")", header: header, columns: kept, rowCount: rows, recordLines: nil)
    }
}
