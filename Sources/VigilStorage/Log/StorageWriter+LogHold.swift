extension StorageWriter {
    /// The last log sequence a checkpoint through `seq` may delete: `seq`, held back to
    /// the smallest saved consumer cursor so remote-write queues can still read what they
    /// have not sent. The hold is bounded: when the held records exceed
    /// `StorageOptions.logHoldBytesLimit`, the oldest go anyway (the consumer then counts
    /// them lost), as Prometheus' WAL truncation does not wait for remote write forever.
    func logTruncationPoint(through seq: Int64, log: SQLiteConnection) -> Int64 {
        do {
            guard let held = try LogCursorKey.all(in: log).values.min(), held < seq else { return seq }
            guard let limit = options.logHoldBytesLimit else { return held }
            let heldBytes = try log.integer("SELECT coalesce(sum(length(data)), 0) FROM log WHERE seq > ?1 AND seq <= ?2", held, seq) ?? 0
            guard heldBytes > limit else { return held }
            // Keep the newest records that fit the limit; delete everything older.
            let newestFirst = try log.statement("SELECT seq, length(data) FROM log WHERE seq > ?1 AND seq <= ?2 ORDER BY seq DESC")
            newestFirst.bind(held, at: 1)
            newestFirst.bind(seq, at: 2)
            defer { newestFirst.reset() }
            var kept: Int64 = 0
            while try newestFirst.step() {
                kept += newestFirst.int64(1)
                if kept > limit { return newestFirst.int64(0) }
            }
            return held
        } catch {
            // Unable to read the cursors: keep everything rather than lose a consumer's data.
            logger.warning("could not read log cursors; keeping the append log", metadata: ["error": "\(error)"])
            return 0
        }
    }
}
