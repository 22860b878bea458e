import CSQLite

/// The two database files of a store and their schemas (drawn in docs/storage.md):
///
/// - `vigil.db`, 16 KiB pages: `series`, `postings`, `chunks` and `meta`. This is the
///   store; copying it (with its `-wal` file, or after `vigil tsdb backup`) copies the data.
/// - `head.db`, 4 KiB pages: the append log, one row per committed group of batches,
///   truncated at each head checkpoint. Small pages keep the many small commits cheap.
///
/// Each file records an application id (so a foreign file is refused) and a schema version
/// in `PRAGMA user_version` (so a newer file is refused and an older one migrated).
enum Schema {
    /// `PRAGMA application_id` of vigil.db: "VGIL".
    static let mainApplicationID: Int32 = 0x5647_494C
    /// `PRAGMA application_id` of head.db: "VGLH".
    static let headApplicationID: Int32 = 0x5647_4C48
    /// Schema version this build writes and reads.
    static let version: Int32 = 1

    static let mainPageSize = 16384
    static let headPageSize = 4096

    static let mainTables = """
        CREATE TABLE meta(
            key TEXT PRIMARY KEY,
            value ANY
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE label_pairs(
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            value TEXT NOT NULL,
            UNIQUE(name, value)
        ) STRICT;
        CREATE TABLE series(
            id INTEGER PRIMARY KEY,
            labels BLOB NOT NULL,
            min_t INTEGER,
            max_t INTEGER,
            chunks INTEGER NOT NULL DEFAULT 0,
            samples INTEGER NOT NULL DEFAULT 0,
            bytes INTEGER NOT NULL DEFAULT 0
        ) STRICT;
        CREATE TABLE postings(
            pair_id INTEGER NOT NULL,
            series_id INTEGER NOT NULL,
            PRIMARY KEY(pair_id, series_id)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE chunks(
            series_id INTEGER NOT NULL,
            min_t INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY(series_id, min_t)
        ) STRICT, WITHOUT ROWID;
        CREATE VIEW series_labels(id, metric, labels) AS
            SELECT series_id, max(CASE WHEN name = '__name__' THEN value END),
                '{' || group_concat(name || '="' || replace(replace(replace(value, '\\', '\\\\'), '"', '\\"'), char(10), '\\n') || '"', ', ') || '}'
            FROM (SELECT p.series_id, l.name, l.value FROM postings p JOIN label_pairs l ON l.id = p.pair_id
                  ORDER BY p.series_id, l.name)
            GROUP BY series_id;
        """

    static let headTables = """
        CREATE TABLE meta(
            key TEXT PRIMARY KEY,
            value ANY
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE log(
            seq INTEGER PRIMARY KEY,
            data BLOB NOT NULL
        ) STRICT;
        """

    /// Which file is being opened, for messages and checks.
    enum File {
        case main, head

        var name: String { self == .main ? "vigil.db" : "head.db" }
        var applicationID: Int32 { self == .main ? Schema.mainApplicationID : Schema.headApplicationID }
        var pageSize: Int { self == .main ? Schema.mainPageSize : Schema.headPageSize }
        var tables: String { self == .main ? Schema.mainTables : Schema.headTables }
        var requiredTables: Set<String> { self == .main ? ["meta", "label_pairs", "series", "postings", "chunks"] : ["meta", "log"] }
    }

    /// Opens `path`, creating the schema in a new or empty file and checking an existing
    /// one. Never writes to a file it refuses.
    static func open(_ file: File, at path: String) throws(StorageError) -> SQLiteConnection {
        let connection: SQLiteConnection
        do {
            connection = try SQLiteConnection(path: path, create: true)
        } catch {
            throw StorageError(error, while: "cannot open \(path)")
        }
        let state: (applicationID: Int32, version: Int32, tables: Set<String>)
        do {
            let applicationID = Int32(truncatingIfNeeded: try connection.integer("PRAGMA application_id") ?? 0)
            let version = Int32(truncatingIfNeeded: try connection.integer("PRAGMA user_version") ?? 0)
            var tables: Set<String> = []
            let statement = try connection.statement("SELECT name FROM sqlite_schema WHERE type = 'table'")
            while try statement.step() { tables.insert(statement.text(0)) }
            state = (applicationID, version, tables)
        } catch {
            if error.isCorrupt {
                throw StorageError(.corrupt, "\(path) is not a SQLite database or is damaged (\(error.message)); it was left untouched")
            }
            throw StorageError(error, while: "cannot read \(path)")
        }

        if state.applicationID == 0 && state.tables.isEmpty {
            try create(file, connection: connection, path: path)
        } else if state.applicationID != file.applicationID {
            let what = state.applicationID == 0 ? "tables \(state.tables.sorted().joined(separator: ", "))" : "application id 0x" + String(UInt32(bitPattern: state.applicationID), radix: 16)
            throw StorageError(.foreign, "\(path) is not a Vigil \(file.name) (it has \(what)); it was left untouched")
        } else if state.version > version {
            throw StorageError(.schemaVersion, "\(path) has schema version \(state.version), newer than this build understands (\(version)); use a newer vigil")
        } else if state.version < version {
            // Version 1 is the first schema: an older version is not one we wrote.
            throw StorageError(.schemaVersion, "\(path) has schema version \(state.version), which this build cannot migrate (it reads \(version))")
        } else if !file.requiredTables.isSubset(of: state.tables) {
            let missing = file.requiredTables.subtracting(state.tables).sorted().joined(separator: ", ")
            throw StorageError(.corrupt, "\(path) lacks the tables \(missing); it was left untouched")
        }
        try configure(connection, path: path, cacheKiB: file == .main ? 4096 : 1024)
        return connection
    }

    private static func create(_ file: File, connection: SQLiteConnection, path: String) throws(StorageError) {
        do {
            // Page size and auto-vacuum mode must be set before the first table exists.
            try connection.execute("PRAGMA page_size = \(file.pageSize); PRAGMA auto_vacuum = INCREMENTAL")
            try connection.execute("PRAGMA journal_mode = WAL")
            try connection.transaction { () throws(SQLiteError) in
                try connection.execute(file.tables)
                try connection.execute("PRAGMA application_id = \(file.applicationID); PRAGMA user_version = \(version)")
            }
        } catch {
            throw StorageError(error, while: "cannot create \(path)")
        }
    }

    /// Per-connection settings of the writer connections.
    /// The writer only appends to head.db, and reads little of vigil.db: small page caches
    /// keep its memory low.
    private static func configure(_ connection: SQLiteConnection, path: String, cacheKiB: Int) throws(StorageError) {
        do throws(SQLiteError) {
            if try connection.text("PRAGMA journal_mode = WAL")?.lowercased() != "wal" {
                throw SQLiteError(code: SQLITE_ERROR, message: "cannot switch to WAL journal mode")
            }
            // WAL commits survive a killed process without an fsync per commit; see
            // `StorageOptions.fsyncEveryCommit` for power loss.
            try connection.execute("""
                PRAGMA synchronous = NORMAL;
                PRAGMA secure_delete = OFF;
                PRAGMA journal_size_limit = 1048576;
                PRAGMA cache_size = -\(cacheKiB);
                PRAGMA foreign_keys = OFF;
                """)
        } catch {
            throw StorageError(error, while: "cannot configure \(path)")
        }
    }

    /// How much of vigil.db a reader maps (SQLite caps it at its compile-time limit, 2 GiB
    /// on Debian); pages past it are read as usual.
    static let readerMapBytes: Int64 = 1 << 32

    /// Opens another connection to an existing vigil.db for reading. Readers map the file
    /// rather than copy its pages in with `pread` (a query touches a page per series); the
    /// writer keeps plain I/O, so a full disk surfaces as an error, never as a fault.
    static func openReader(path: String) throws(SQLiteError) -> SQLiteConnection {
        let connection = try SQLiteConnection(path: path)
        try connection.execute("PRAGMA query_only = 1; PRAGMA cache_size = -8192; PRAGMA mmap_size = \(readerMapBytes)")
        return connection
    }
}
