import CSQLite
import Foundation
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

    /// Set when a call failed because another connection held the database (`SQLITE_BUSY`
    /// or `SQLITE_LOCKED`), until `retryingWhileBusy` starts its next attempt: some such
    /// failures come back at once, without the busy timeout (a journal-mode change, a lock
    /// upgrade SQLite refuses to wait for). Sticky, so a rollback after it does not hide it.
    private(set) var failedBusy = false

    /// Runs `body`, again after a short pause while it fails busy, for up to `seconds`.
    func retryingWhileBusy<T>(seconds: Double = 30, _ body: () throws(VantageError) -> T) throws(VantageError) -> T {
        var waited = 0.0
        var pause = 0.02
        while true {
            failedBusy = false
            do {
                return try body()
            } catch {
                guard failedBusy, waited < seconds else { throw error }
                usleep(UInt32(pause * 1_000_000))
                waited += pause
                pause = min(0.5, pause * 2)
            }
        }
    }

    private func error() -> VantageError {
        let code = sqlite3_errcode(handle) & 0xFF
        if code == SQLITE_BUSY || code == SQLITE_LOCKED { failedBusy = true }
        return errorMessage()
    }

    private func errorMessage() -> VantageError { .sqlite(database: path, message: String(cString: sqlite3_errmsg(handle))) }

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
