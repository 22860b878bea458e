import VigilModel

/// What one upkeep run did.
public struct UpkeepReport: Sendable, Hashable {
    /// Whether the head was checkpointed into vigil.db (and the append log truncated).
    public var checkpointed = false
    /// Chunks and series deleted by retention (time, per-series rules and size).
    public var chunksDeleted = 0
    public var seriesDeleted = 0
    /// Whether the size limit made upkeep delete the oldest data.
    public var sizeLimited = false
    /// Free pages given back to the file system.
    public var pagesReleased = 0
    /// Bytes of the store's files afterwards.
    public var bytes: Int64 = 0

    public init() {}
}

/// How retention changed one series.
struct RetentionChange: Sendable {
    var ref: SeriesRef
    var chunks: Int
    var samples: Int
    var bytes: Int
    /// The new first stored sample time; nil when no cut chunk is left.
    var newMinT: Timestamp?
    var deleteSeries: Bool
}

extension StorageWriter {
    /// One round of upkeep: write or checkpoint the head when due, apply retention by time
    /// (global and per-series rules), then by size, and give free pages back.
    func upkeep(wallTime: Timestamp) throws(StorageError) -> UpkeepReport {
        var report = UpkeepReport()
        if logBytesSinceCheckpoint > 0 && wallTime - lastCheckpointWallTime >= options.checkpointInterval.inMilliseconds
            || logBytesSinceCheckpoint >= options.checkpointLogBytes
        {
            try checkpoint(wallTime: wallTime)
            report.checkpointed = true
        } else {
            try flushCutChunks(wallTime: wallTime)
        }
        // As Prometheus counts retention from its newest block: from the newest sample, so
        // that imported history is not dropped at once. A sample from the far future must
        // not wipe the store, so the reference is at most a day ahead of the clock.
        let expired = head.withLock { state -> [(SeriesRef, Timestamp)] in
            guard state.newestT != .min else { return [] }
            let reference = min(state.newestT, wallTime + 86_400_000)
            return state.liveSeries.compactMap { series in
                guard let retention = series.retention else { return nil }
                let cutoff = reference &- retention
                let hasHead = series.open != nil || !series.cut.isEmpty
                if let storedMinT = series.storedMinT, storedMinT < cutoff { return (series.ref, cutoff) }
                if series.storedMinT == nil && !hasHead && state.newest[Int(series.ref)].t < cutoff { return (series.ref, cutoff) }
                return nil
            }
        }
        try applyRetention(expired, into: &report)
        if let limit = options.retentionBytes {
            try applySizeLimit(limit, into: &report)
        }
        report.pagesReleased = releaseFreePages()
        head.withLock { $0.release() }
        report.bytes = StorageFiles.bytes(in: paths.directory)
        return report
    }

    /// Deletes, for each series, the cut chunks whose every sample is older than its cutoff
    /// (expired chunks go whole), and the series itself once nothing of it is left.
    func applyRetention(_ cutoffs: [(SeriesRef, Timestamp)], into report: inout UpkeepReport) throws(StorageError) {
        guard !cutoffs.isEmpty else { return }
        let main = try mainConnection()
        let heads = head.withLock { state in
            Set(cutoffs.compactMap { ref, _ in
                state.any(ref).flatMap { $0.open != nil || !$0.cut.isEmpty ? ref : nil }
            })
        }
        let changes: [RetentionChange]
        do {
            changes = try main.transaction { () throws(SQLiteError) in
                var changes: [RetentionChange] = []
                for (ref, cutoff) in cutoffs {
                    if let change = try expire(ref, before: cutoff, hasHead: heads.contains(ref), in: main) { changes.append(change) }
                }
                return changes
            }
        } catch {
            throw StorageError(error, while: "cannot apply retention")
        }
        head.withLock { state in
            let next = state.generation + 1
            for change in changes {
                guard let series = state.live(change.ref) else { continue }
                series.storedChunks -= change.chunks
                series.storedSamples -= change.samples
                series.storedBytes -= change.bytes
                series.storedMinT = change.newMinT
                if change.newMinT == nil { series.storedMaxT = nil }
                if change.deleteSeries { state.markDeleted(change.ref, at: next) }
            }
            state.generation = next
        }
        let deletedChunks = changes.reduce(0) { $0 + $1.chunks }
        let deletedSeries = changes.filter(\.deleteSeries).count
        report.chunksDeleted += deletedChunks
        report.seriesDeleted += deletedSeries
        counters.withLock {
            $0.retentionChunksDeleted += deletedChunks
            $0.retentionSeriesDeleted += deletedSeries
        }
    }

    private func expire(_ ref: SeriesRef, before cutoff: Timestamp, hasHead: Bool, in main: SQLiteConnection) throws(SQLiteError) -> RetentionChange? {
        let id = Int64(bitPattern: ref)
        let select = try main.statement("SELECT min_t, substr(data, 1, 32), length(data) FROM chunks WHERE series_id = ?1 AND min_t < ?2 ORDER BY min_t")
        select.bind(id, at: 1)
        select.bind(cutoff, at: 2)
        var doomed: [(minT: Timestamp, samples: Int, bytes: Int)] = []
        while try select.step() {
            let minT = select.int64(0)
            // Checkpoint copies of open chunks (format 2) belong to the head, not to retention.
            guard let header = try? ChunkDecoder.header(select.blob(1)), header.format == ChunkEncoder.format,
                minT &+ header.span < cutoff
            else { continue }
            doomed.append((minT, header.count, Int(select.int64(2))))
        }
        select.reset()
        let delete = try main.statement("DELETE FROM chunks WHERE series_id = ?1 AND min_t = ?2")
        for (minT, _, _) in doomed {
            delete.bind(id, at: 1)
            delete.bind(minT, at: 2)
            try delete.run()
        }
        let first = try main.statement("SELECT min_t, substr(data, 1, 1) FROM chunks WHERE series_id = ?1 ORDER BY min_t LIMIT 1")
        first.bind(id, at: 1)
        var newMinT: Timestamp?
        var anyRow = false
        if try first.step() {
            anyRow = true
            if first.blob(1).first == ChunkEncoder.format { newMinT = first.int64(0) }
        }
        first.reset()
        let deleteSeries = !anyRow && !hasHead
        if doomed.isEmpty && !deleteSeries { return nil }
        let change = RetentionChange(
            ref: ref, chunks: doomed.count, samples: doomed.reduce(0) { $0 + $1.samples }, bytes: doomed.reduce(0) { $0 + $1.bytes },
            newMinT: newMinT, deleteSeries: deleteSeries)
        if deleteSeries {
            let postings = try main.statement("DELETE FROM postings WHERE pair_id = ?1 AND series_id = ?2")
            for pair in head.withLock({ $0.any(ref)?.pairs ?? [] }) {
                postings.bind(Int64(pair), at: 1)
                postings.bind(id, at: 2)
                try postings.run()
            }
            let series = try main.statement("DELETE FROM series WHERE id = ?1")
            series.bind(id, at: 1)
            try series.run()
        } else {
            let update = try main.statement("""
                UPDATE series SET chunks = chunks - ?2, samples = samples - ?3, bytes = bytes - ?5, min_t = ?4,
                    max_t = CASE WHEN ?4 IS NULL THEN NULL ELSE max_t END
                WHERE id = ?1
                """)
            update.bind(id, at: 1)
            update.bind(Int64(change.chunks), at: 2)
            update.bind(Int64(change.samples), at: 3)
            if let newMinT { update.bind(newMinT, at: 4) } else { update.bindNull(at: 4) }
            update.bind(Int64(change.bytes), at: 5)
            try update.run()
        }
        return change
    }

    /// When the store is larger than `limit`, deletes the oldest data, a slice of the stored
    /// time range at a time (as Prometheus drops its oldest blocks), until enough chunk
    /// bytes are gone to bring it to 90 % of the limit. Deleting chunks leaves free room
    /// inside pages, which new chunks of the neighbouring series fill, so the count is
    /// kept in chunk bytes rather than pages: the file then stops growing.
    private func applySizeLimit(_ limit: Int64, into report: inout UpkeepReport) throws(StorageError) {
        let used = try usedBytes()
        guard used > limit else { return }
        let logical = head.withLock { state in state.liveSeries.reduce(0) { $0 + $1.storedBytes } }
        guard logical > 0 else { return }
        let target = Int(Double(used - limit * 9 / 10) * Double(logical) / Double(used))
        report.sizeLimited = true
        counters.withLock { $0.sizeRetentions += 1 }
        var freed = 0
        for _ in 0..<64 where freed < target {
            let cutoffs = head.withLock { state -> [(SeriesRef, Timestamp)] in
                let stored = state.liveSeries.compactMap { series in series.storedMinT.map { (series.ref, $0, series.storedMaxT ?? $0) } }
                guard let oldest = stored.map(\.1).min(), let newest = stored.map(\.2).max() else { return [] }
                let cutoff = oldest + max(60_000, (newest - oldest) / 32)
                return stored.filter { $0.1 < cutoff }.map { ($0.0, cutoff) }
            }
            guard !cutoffs.isEmpty else { return }
            let before = head.withLock { state in state.liveSeries.reduce(0) { $0 + $1.storedBytes } }
            try applyRetention(cutoffs, into: &report)
            freed += before - head.withLock { state in state.liveSeries.reduce(0) { $0 + $1.storedBytes } }
        }
    }

    /// Bytes the store occupies for the size limit: vigil.db's pages in use and head.db.
    /// The WAL files are not counted: SQLite reuses them, and they shrink back to
    /// `journal_size_limit` (1 MiB) after each checkpoint.
    func usedBytes() throws(StorageError) -> Int64 {
        let main = try mainConnection()
        do {
            let pages = try main.integer("PRAGMA page_count") ?? 0
            let free = try main.integer("PRAGMA freelist_count") ?? 0
            let size = try main.integer("PRAGMA page_size") ?? Int64(Schema.mainPageSize)
            return (pages - free) * size + StorageFiles.size(of: paths.head)
        } catch {
            throw StorageError(error, while: "cannot measure vigil.db")
        }
    }

    /// Gives free pages of vigil.db back to the file system once they are many (SQLite
    /// reuses free pages for new chunks anyway; this makes the file shrink after deletions).
    func releaseFreePages() -> Int {
        guard let main else { return 0 }
        do {
            let pages = try main.integer("PRAGMA page_count") ?? 0
            let free = try main.integer("PRAGMA freelist_count") ?? 0
            guard free >= 256, free * 10 >= pages else { return 0 }
            try main.execute("PRAGMA incremental_vacuum")
            return Int(free)
        } catch {
            logger.warning("could not release free pages of vigil.db", metadata: ["error": "\(error)"])
            return 0
        }
    }
}
