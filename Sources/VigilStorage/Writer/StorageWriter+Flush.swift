import VigilModel

/// How a write of a cut chunk changed a series' stored statistics.
struct StoredChange: Sendable {
    var ref: SeriesRef
    var minT: Timestamp
    var maxT: Timestamp
    var chunks: Int
    var samples: Int
    var bytes: Int
}

extension StorageWriter {
    /// Whether cut chunks have waited long enough, or are many enough, to be written.
    func flushDue(wallTime: Timestamp) -> Bool {
        let waiting = head.withLock { $0.unflushed.count }
        guard waiting > 0 else { return false }
        if oldestUnflushedWallTime == nil { oldestUnflushedWallTime = wallTime }
        return waiting >= options.flushChunkCount
            || wallTime - (oldestUnflushedWallTime ?? wallTime) >= options.flushInterval.inMilliseconds
    }

    /// Writes the head's cut chunks to vigil.db in one transaction and releases them from
    /// memory once no open querier needs them.
    func flushCutChunks(wallTime: Timestamp) throws(StorageError) {
        let main = try mainConnection()
        let pending = head.withLock { $0.unflushedChunks() }
        guard !pending.isEmpty else {
            oldestUnflushedWallTime = nil
            return
        }
        let changes: [StoredChange]
        do throws(SQLiteError) {
            changes = try main.transaction { () throws(SQLiteError) in
                var changes: [StoredChange] = []
                for item in pending { changes.append(try writeCutChunk(ref: item.ref, item.chunk, to: main)) }
                return changes
            }
        } catch {
            counters.withLock { $0.flushFailures += 1 }
            throw StorageError(error, while: "cannot write \(pending.count) chunks to vigil.db")
        }
        head.withLock { $0.publishFlushed(changes) }
        counters.withLock { $0.chunksFlushed += changes.count }
        oldestUnflushedWallTime = nil
    }

    /// Writes a cut chunk, replacing the checkpoint copy of the open chunk it grew from (or
    /// itself, when the log is replayed after a crash), and updates the series' statistics.
    func writeCutChunk(ref: SeriesRef, _ chunk: HeadChunk, to main: SQLiteConnection) throws(SQLiteError) -> StoredChange {
        var change = StoredChange(ref: ref, minT: chunk.minT, maxT: chunk.maxT, chunks: 1, samples: chunk.count, bytes: chunk.bytes.count)
        let existing = try main.statement("SELECT substr(data, 1, 32), length(data) FROM chunks WHERE series_id = ?1 AND min_t = ?2")
        existing.bind(Int64(bitPattern: ref), at: 1)
        existing.bind(chunk.minT, at: 2)
        if try existing.step(), let header = try? ChunkDecoder.header(existing.blob(0)), header.format == ChunkEncoder.format {
            change.chunks = 0
            change.samples = chunk.count - header.count
            change.bytes = chunk.bytes.count - Int(existing.int64(1))
        }
        existing.reset()
        let insert = try main.statement("INSERT OR REPLACE INTO chunks(series_id, min_t, data) VALUES(?1, ?2, ?3)")
        insert.bind(Int64(bitPattern: ref), at: 1)
        insert.bind(chunk.minT, at: 2)
        insert.bind(chunk.bytes, at: 3)
        try insert.run()
        let update = try main.statement("""
            UPDATE series SET min_t = min(coalesce(min_t, ?2), ?2), max_t = max(coalesce(max_t, ?3), ?3),
                chunks = chunks + ?4, samples = samples + ?5, bytes = bytes + ?6
            WHERE id = ?1
            """)
        update.bind(Int64(bitPattern: ref), at: 1)
        update.bind(chunk.minT, at: 2)
        update.bind(chunk.maxT, at: 3)
        update.bind(Int64(change.chunks), at: 4)
        update.bind(Int64(change.samples), at: 5)
        update.bind(Int64(change.bytes), at: 6)
        try update.run()
        return change
    }

    /// Open chunks encoded per hold of the head's lock during a checkpoint: a few
    /// milliseconds of queriers waiting, a few hundred KiB of rows at a time.
    static let checkpointBatch = 2048

    /// Makes vigil.db hold everything the head holds: cut chunks as chunks, open chunks as
    /// checkpoint copies (format 2) listed in `meta`. Then the append log up to here is no
    /// longer needed and is deleted. Open chunks of series quiet for `idleChunkCut` are cut
    /// first, so they stop holding memory.
    /// With `cutAll`, every open chunk is cut (before an import, so the head holds nothing
    /// vigil.db does not).
    func checkpoint(wallTime: Timestamp, cutAll: Bool = false) throws(StorageError) {
        let main = try mainConnection()
        let idleBefore = cutAll ? Timestamp.max : wallTime - options.idleChunkCut.inMilliseconds
        let snapshot = head.withLock { $0.takeCheckpoint(idleBefore: idleBefore) }
        let seq = nextLogSeq - 1
        let changes: [StoredChange]
        do throws(SQLiteError) {
            changes = try main.transaction { () throws(SQLiteError) in
                var changes: [StoredChange] = []
                for item in snapshot.cut { changes.append(try writeCutChunk(ref: item.ref, item.chunk, to: main)) }
                let insert = try main.statement("INSERT OR REPLACE INTO chunks(series_id, min_t, data) VALUES(?1, ?2, ?3)")
                for start in stride(from: 0, to: snapshot.changedOpen.count, by: Self.checkpointBatch) {
                    let refs = snapshot.changedOpen[start..<min(start + Self.checkpointBatch, snapshot.changedOpen.count)]
                    for (ref, minT, bytes) in head.withLock({ $0.encodeOpenChunks(refs) }) {
                        insert.bind(Int64(bitPattern: ref), at: 1)
                        insert.bind(minT, at: 2)
                        insert.bind(bytes, at: 3)
                        try insert.run()
                    }
                }
                try Meta.set(Meta.checkpointSeq, seq, in: main)
                try Meta.set(Meta.openChunks, OpenChunkList.encode(snapshot.openList), in: main)
                return changes
            }
        } catch {
            head.withLock { state in
                for ref in snapshot.changedOpen { state.any(ref)?.dirty = true }
            }
            counters.withLock { $0.checkpointFailures += 1 }
            throw StorageError(error, while: "cannot checkpoint the head into vigil.db")
        }
        head.withLock { $0.publishFlushed(changes) }
        counters.withLock {
            $0.checkpoints += 1
            $0.chunksFlushed += changes.count
        }
        checkpointSeq = seq
        logBytesSinceCheckpoint = 0
        lastCheckpointWallTime = wallTime
        oldestUnflushedWallTime = nil
        // A checkpoint rewrites many pages; fold them out of the WAL file at once, so the
        // store's size on disk is what it holds.
        main.truncateWAL()
        truncateLog(through: seq)
    }

    /// Deletes log rows a checkpoint covers and gives their pages back. A failure only
    /// leaves rows that replay skips, so it is logged, not thrown.
    func truncateLog(through seq: Int64) {
        guard let log else { return }
        do {
            let delete = try log.statement("DELETE FROM log WHERE seq <= ?1")
            delete.bind(logTruncationPoint(through: seq, log: log), at: 1)
            try delete.run()
            if let free = try log.integer("PRAGMA freelist_count"), free > 256 {
                try log.execute("PRAGMA incremental_vacuum")
            }
            log.truncateWAL()
        } catch {
            logger.warning("could not truncate the append log", metadata: ["error": "\(error)"])
        }
    }
}

/// The (series, min_t) keys of the open chunks at a checkpoint: varint count, then per
/// chunk zigzag varints of the differences to the previous pair.
enum OpenChunkList {
    static func encode(_ list: [(ref: SeriesRef, minT: Timestamp)]) -> [UInt8] {
        var out: [UInt8] = []
        Varint.append(UInt64(list.count), to: &out)
        var previous: (Int64, Int64) = (0, 0)
        for item in list {
            let ref = Int64(bitPattern: item.ref)
            Varint.append(zigzag(ref &- previous.0), to: &out)
            Varint.append(zigzag(item.minT &- previous.1), to: &out)
            previous = (ref, item.minT)
        }
        return out
    }

    static func decode(_ bytes: [UInt8]) -> [(ref: SeriesRef, minT: Timestamp)]? {
        bytes.withUnsafeBytes { raw -> [(ref: SeriesRef, minT: Timestamp)]? in
            var offset = 0
            guard let count = Varint.read(raw, at: &offset), count <= UInt64(raw.count) else { return nil }
            var out: [(ref: SeriesRef, minT: Timestamp)] = []
            var previous: (Int64, Int64) = (0, 0)
            for _ in 0..<count {
                guard let ref = Varint.read(raw, at: &offset), let minT = Varint.read(raw, at: &offset) else { return nil }
                previous = (previous.0 &+ unzigzag(ref), previous.1 &+ unzigzag(minT))
                guard previous.0 > 0 else { return nil }
                out.append((SeriesRef(previous.0), previous.1))
            }
            return out
        }
    }
}
