import VigilModel

/// Consumers of the append log (remote-write queues): each has a cursor, the sequence
/// number of the last log record it has handled, saved in head.db's `meta` table under
/// `cursor:<name>`. Checkpoints keep the records after the smallest cursor (see
/// `StorageWriter.logTruncationPoint`), so a consumer that was down or behind resumes
/// where it stopped.
extension Storage {
    /// A reader of the append log with its own connection. See `LogTail`.
    public func logTail() throws(StorageError) -> LogTail {
        try LogTail(path: StoragePaths(directory: directory).head)
    }

    /// The sequence number of the newest record in the append log (0 for a new store):
    /// a new consumer that should see only what is appended from now on starts here.
    public func logEnd() async throws(StorageError) -> Int64 {
        try await writer.run { writer throws(StorageError) in
            _ = try writer.logConnection()
            return writer.nextLogSeq - 1
        }
    }

    /// The saved cursor of `consumer`, or nil when it has none.
    public func logCursor(_ consumer: String) async throws(StorageError) -> Int64? {
        try await writer.run { writer throws(StorageError) in
            do {
                return try Meta.integer(LogCursorKey.key(consumer), in: try writer.logConnection())
            } catch {
                throw StorageError(any: error, while: "cannot read the log cursor of \(consumer)")
            }
        }
    }

    /// Saves `consumer`'s cursor: every record up to `seq` is handled and may be deleted
    /// at the next checkpoint (when no other consumer needs it). Durable when it returns.
    public func saveLogCursor(_ consumer: String, _ seq: Int64) async throws(StorageError) {
        try await writer.run { writer throws(StorageError) in
            do {
                try Meta.set(LogCursorKey.key(consumer), seq, in: try writer.logConnection())
            } catch {
                throw StorageError(any: error, while: "cannot save the log cursor of \(consumer)")
            }
        }
    }

    /// Deletes the cursors of consumers not in `consumers` (a remote_write entry removed
    /// from the config), so they no longer hold the log back.
    public func retainLogCursors(_ consumers: Set<String>) async throws(StorageError) {
        try await writer.run { writer throws(StorageError) in
            do {
                let log = try writer.logConnection()
                for name in try LogCursorKey.all(in: log).keys where !consumers.contains(name) {
                    let delete = try log.statement("DELETE FROM meta WHERE key = ?1")
                    delete.bind(LogCursorKey.key(name), at: 1)
                    try delete.run()
                }
            } catch {
                throw StorageError(any: error, while: "cannot delete log cursors")
            }
        }
    }

    /// The labels of each series reference, or nil for a reference the store no longer
    /// knows (its series was deleted by retention and purged). Takes the head lock briefly.
    public func labels(of refs: [SeriesRef]) -> [Labels?] {
        head.withLock { state in refs.map { ref in state.any(ref).map { state.labels(of: $0) } } }
    }
}

/// The `meta` keys of log cursors.
enum LogCursorKey {
    static let prefix = "cursor:"

    static func key(_ consumer: String) -> String { prefix + consumer }

    /// Every saved cursor by consumer name.
    static func all(in log: SQLiteConnection) throws(SQLiteError) -> [String: Int64] {
        let select = try log.statement("SELECT key, value FROM meta WHERE key >= 'cursor:' AND key < 'cursor;'")
        defer { select.reset() }
        var cursors: [String: Int64] = [:]
        while try select.step() { cursors[String(select.text(0).dropFirst(prefix.count))] = select.int64(1) }
        return cursors
    }
}
