import VigilModel

extension Storage {
    /// Periodic upkeep, for the server to run every minute or so: writes cut chunks or
    /// checkpoints the head when due, deletes data past its retention (time, per-series
    /// rules, size), and gives free pages back. Runs on the store's queue, between appends.
    public func upkeep(now: Timestamp = .now()) async throws(StorageError) -> UpkeepReport {
        try await writer.run { writer throws(StorageError) in try writer.upkeep(wallTime: now) }
    }

    /// Checkpoints the head into vigil.db now: afterwards vigil.db alone holds every sample
    /// appended so far, and the append log is empty.
    public func checkpoint() async throws(StorageError) {
        try await writer.run { writer throws(StorageError) in try writer.checkpoint(wallTime: .now()) }
    }

    /// Writes a consistent copy of the store to the file `path` (which must not exist):
    /// a checkpoint, then SQLite's `VACUUM INTO`, so the copy is one compact vigil.db with
    /// every sample appended so far. Opening a directory holding only that file works.
    public func backup(to path: String) async throws(StorageError) {
        try await writer.run { writer throws(StorageError) in
            try writer.checkpoint(wallTime: .now())
            let main = try writer.mainConnection()
            do {
                let statement = try main.statement("VACUUM INTO ?1")
                statement.bind(path, at: 1)
                try statement.run()
            } catch {
                throw StorageError(any: error, while: "cannot write the backup \(path)")
            }
        }
    }

    /// Runs SQLite's `PRAGMA integrity_check` on both files; returns "ok" or the problems
    /// found, one per line.
    public func checkIntegrity() async throws(StorageError) -> String {
        try await writer.run { writer throws(StorageError) in
            var problems: [String] = []
            for (name, connection) in [("vigil.db", try writer.mainConnection()), ("head.db", try writer.logConnection())] {
                do {
                    let statement = try connection.statement("PRAGMA integrity_check")
                    while try statement.step() {
                        let line = statement.text(0)
                        if line != "ok" { problems.append("\(name): \(line)") }
                    }
                } catch {
                    throw StorageError(any: error, while: "cannot check \(name)")
                }
            }
            return problems.isEmpty ? "ok" : problems.joined(separator: "\n")
        }
    }

    /// Rewrites vigil.db compactly (SQLite `VACUUM`): chunk pages filled up again after many
    /// deletions and time-interleaved inserts. Blocks appends while it runs (they queue),
    /// and needs free disk space about the size of vigil.db.
    public func compact() async throws(StorageError) {
        try await writer.run { writer throws(StorageError) in
            try writer.checkpoint(wallTime: .now())
            do {
                try writer.mainConnection().execute("VACUUM")
            } catch let error as SQLiteError {
                throw StorageError(error, while: "cannot compact vigil.db")
            } catch {
                throw StorageError(any: error, while: "cannot compact vigil.db")
            }
        }
    }
}
