import CSQLite
import VantageCore

/// A thin wrapper over one system-SQLite connection: prepared statements with bound
/// values, typed column reads straight off the statement, errors as `VantageError`.
final class SQLiteConnection {
    enum Value {
        case int(Int64)
        case real(Double)
        case text(String)
        case null
    }

    /// A row being read.
    struct Row {
        let stmt: OpaquePointer
        func int(_ i: Int32) -> Int64 { sqlite3_column_int64(stmt, i) }
        func double(_ i: Int32) -> Double { sqlite3_column_double(stmt, i) }
        func isNull(_ i: Int32) -> Bool { sqlite3_column_type(stmt, i) == SQLITE_NULL }
        func text(_ i: Int32) -> String? {
            guard let p = sqlite3_column_text(stmt, i) else { return nil }
            return String(cString: p)
        }
    }

    let path: String
    private var handle: OpaquePointer?

    init(path: String, flags: Int32 = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) throws(VantageError) {
        self.path = path
        guard sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_FULLMUTEX, nil) == SQLITE_OK else {
            let msg = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            throw .sqlite(database: path, message: msg)
        }
        sqlite3_busy_timeout(handle, 10_000)
    }

    deinit { sqlite3_close(handle) }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    private func error() -> VantageError { .sqlite(database: path, message: String(cString: sqlite3_errmsg(handle))) }

    func execute(_ sql: String) throws(VantageError) {
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw error() }
    }

    private func prepare(_ sql: String, _ values: [Value]) throws(VantageError) -> OpaquePointer {
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &stmt, nil) == SQLITE_OK, let stmt else { throw error() }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (i, v) in values.enumerated() {
            let idx = Int32(i + 1)
            switch v {
            case let .int(x): sqlite3_bind_int64(stmt, idx, x)
            case let .real(x): sqlite3_bind_double(stmt, idx, x)
            case let .text(s): sqlite3_bind_text(stmt, idx, s, -1, transient)
            case .null: sqlite3_bind_null(stmt, idx)
            }
        }
        return stmt
    }

    func run(_ sql: String, _ values: [Value]) throws(VantageError) {
        let stmt = try prepare(sql, values)
        defer { sqlite3_finalize(stmt) }
        guard sqlite3_step(stmt) == SQLITE_DONE else { throw error() }
    }

    func query<T>(_ sql: String, _ values: [Value], _ read: (Row) -> T) throws(VantageError) -> [T] {
        let stmt = try prepare(sql, values)
        defer { sqlite3_finalize(stmt) }
        var out = [T]()
        while true {
            let rc = sqlite3_step(stmt)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw error() }
            out.append(read(Row(stmt: stmt)))
        }
        return out
    }
}
