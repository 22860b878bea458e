/// The `meta` table of each database file: a few named values.
enum Meta {
    /// vigil.db: the next series reference to hand out (references are never reused).
    static let nextSeriesRef = "next_series_ref"
    /// vigil.db: the last append-log sequence number the checkpoint covers.
    static let checkpointSeq = "checkpoint_seq"
    /// vigil.db: the open chunks at the checkpoint, (series, min_t) pairs as varints.
    static let openChunks = "open_chunks"
    /// Both files: a random identity, so a head.db is never replayed into another store.
    static let storeID = "store_id"

    static func set(_ key: String, _ value: Int64, in connection: SQLiteConnection) throws(SQLiteError) {
        let statement = try connection.statement("INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)")
        statement.bind(key, at: 1)
        statement.bind(value, at: 2)
        try statement.run()
    }

    static func set(_ key: String, _ value: String, in connection: SQLiteConnection) throws(SQLiteError) {
        let statement = try connection.statement("INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)")
        statement.bind(key, at: 1)
        statement.bind(value, at: 2)
        try statement.run()
    }

    static func set(_ key: String, _ value: [UInt8], in connection: SQLiteConnection) throws(SQLiteError) {
        let statement = try connection.statement("INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)")
        statement.bind(key, at: 1)
        statement.bind(value, at: 2)
        try statement.run()
    }

    static func integer(_ key: String, in connection: SQLiteConnection) throws(SQLiteError) -> Int64? {
        let statement = try connection.statement("SELECT value FROM meta WHERE key = ?1")
        statement.bind(key, at: 1)
        defer { statement.reset() }
        return try statement.step() && !statement.isNull(0) ? statement.int64(0) : nil
    }

    static func text(_ key: String, in connection: SQLiteConnection) throws(SQLiteError) -> String? {
        let statement = try connection.statement("SELECT value FROM meta WHERE key = ?1")
        statement.bind(key, at: 1)
        defer { statement.reset() }
        return try statement.step() && !statement.isNull(0) ? statement.text(0) : nil
    }

    static func blob(_ key: String, in connection: SQLiteConnection) throws(SQLiteError) -> [UInt8]? {
        let statement = try connection.statement("SELECT value FROM meta WHERE key = ?1")
        statement.bind(key, at: 1)
        defer { statement.reset() }
        return try statement.step() && !statement.isNull(0) ? statement.blob(0) : nil
    }
}
