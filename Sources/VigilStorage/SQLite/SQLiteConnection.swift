import CSQLite

/// A failed SQLite call: the result code and SQLite's message.
struct SQLiteError: Error, Sendable, CustomStringConvertible {
    var code: Int32
    var message: String

    /// The disk or a size limit is full (SQLITE_FULL, or a write that failed for space).
    var isFull: Bool { code & 0xff == SQLITE_FULL }
    /// The file is not a database or is damaged.
    var isCorrupt: Bool { code & 0xff == SQLITE_NOTADB || code & 0xff == SQLITE_CORRUPT }
    /// Another connection or process holds a lock.
    var isBusy: Bool { code & 0xff == SQLITE_BUSY || code & 0xff == SQLITE_LOCKED }

    var description: String { "\(message) (SQLite code \(code))" }
}

/// One SQLite connection with its cache of prepared statements.
///
/// `@unchecked Sendable`: a connection is used by one thread at a time — the writer's
/// serial queue owns the writer connections, and a read connection belongs to one querier
/// (checked out of `ReadConnectionPool`) until it is returned. Handles are opened with
/// SQLITE_OPEN_NOMUTEX for that reason.
final class SQLiteConnection: @unchecked Sendable {
    let handle: OpaquePointer
    let path: String
    private var statements: [String: SQLiteStatement] = [:]

    /// Opens (and, with `create`, creates) the database at `path`.
    init(path: String, readOnly: Bool = false, create: Bool = false) throws(SQLiteError) {
        var flags = SQLITE_OPEN_NOMUTEX
        flags |= readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        if create { flags |= SQLITE_OPEN_CREATE }
        var db: OpaquePointer?
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close_v2(db)
            throw SQLiteError(code: code, message: message)
        }
        handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
        // Wait for a lock held by a checkpoint or another connection instead of failing.
        sqlite3_busy_timeout(db, 5000)
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows of interest.
    func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        if code != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? lastErrorMessage
            sqlite3_free(message)
            throw SQLiteError(code: code, message: text)
        }
    }

    /// A cached prepared statement for `sql`, reset and with its bindings cleared.
    func statement(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        let statement = try SQLiteStatement(connection: self, sql: sql)
        statements[sql] = statement
        return statement
    }

    /// The first column of the first row of `sql` as an integer, or nil when there is no row.
    func integer(_ sql: String, _ bindings: Int64...) throws(SQLiteError) -> Int64? {
        let statement = try statement(sql)
        for (index, value) in bindings.enumerated() { statement.bind(value, at: Int32(index + 1)) }
        defer { statement.reset() }
        return try statement.step() && !statement.isNull(0) ? statement.int64(0) : nil
    }

    /// The first column of the first row of `sql` as text, or nil when there is no row.
    func text(_ sql: String) throws(SQLiteError) -> String? {
        let statement = try statement(sql)
        defer { statement.reset() }
        return try statement.step() && !statement.isNull(0) ? statement.text(0) : nil
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(immediate: Bool = true, _ body: () throws(SQLiteError) -> T) throws(SQLiteError) -> T {
        try execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            rollback()
            throw error
        }
    }

    /// Rolls back the open transaction, if any; a failed rollback leaves nothing to do.
    /// Prepared once: every query's read transaction ends here.
    func rollback() {
        if sqlite3_get_autocommit(handle) == 0 {
            try? statement("ROLLBACK").run()
        }
    }

    /// Copies the WAL into the database and truncates the WAL file to zero bytes, unless a
    /// reader still needs it (then it is left for the next time: this never waits).
    func truncateWAL() {
        sqlite3_busy_timeout(handle, 0)
        _ = sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_TRUNCATE, nil, nil)
        sqlite3_busy_timeout(handle, 5000)
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { Int(sqlite3_changes(handle)) }

    var lastErrorMessage: String { String(cString: sqlite3_errmsg(handle)) }

    func error(_ code: Int32) -> SQLiteError {
        SQLiteError(code: code, message: lastErrorMessage)
    }
}
