import VigilModel

extension StorageWriter {
    /// Rebuilds the in-memory state at open: every series from vigil.db, the open chunks
    /// the last checkpoint listed, then the append log after that checkpoint, replayed
    /// in order. Afterwards the head is as it was when the last append returned.
    func recover(wallTime: Timestamp) throws(StorageError) {
        let main = try mainConnection()
        let log = try logConnection()
        try checkStoreIdentity(main: main, log: log)
        try loadSeries(from: main)
        try loadOpenChunks(from: main, wallTime: wallTime)
        try replayLog(from: log, wallTime: wallTime)
    }

    /// Gives a new store its identity and refuses a head.db written by another store.
    private func checkStoreIdentity(main: SQLiteConnection, log: SQLiteConnection) throws(StorageError) {
        do {
            var storeID = try Meta.text(Meta.storeID, in: main)
            if storeID == nil {
                let fresh = String(UInt64.random(in: 1...UInt64.max), radix: 16)
                try Meta.set(Meta.storeID, fresh, in: main)
                storeID = fresh
            }
            let logStoreID = try Meta.text(Meta.storeID, in: log)
            if logStoreID == nil {
                try Meta.set(Meta.storeID, storeID!, in: log)
            } else if logStoreID != storeID {
                throw StorageError(.foreign, """
                    \(paths.head) belongs to another store (id \(logStoreID!), vigil.db has \(storeID!)); \
                    move it away to open vigil.db alone (samples it holds since that store's last checkpoint stay in it)
                    """)
            }
        } catch {
            throw StorageError(any: error, while: "cannot read the store identity")
        }
    }

    private func loadSeries(from main: SQLiteConnection) throws(StorageError) {
        do {
            guard let pool = LabelPool(loading: try LabelPairTable.load(from: main)) else {
                throw StorageError(.corrupt, "\(paths.main): table label_pairs is damaged; it was left untouched")
            }
            let statement = try main.statement("SELECT id, labels, min_t, max_t, chunks, samples, bytes FROM series ORDER BY id")
            var loaded: [(SeriesRef, Labels, Timestamp?, Timestamp?, Int, Int, Int)] = []
            while try statement.step() {
                let id = statement.int64(0)
                guard id > 0, let ids = LabelPairTable.decode(statement.blob(1)), let labels = pool.validLabels(ids) else {
                    throw StorageError(.corrupt, "\(paths.main): series \(id) has unreadable labels; it was left untouched")
                }
                loaded.append((
                    SeriesRef(id), labels, statement.isNull(2) ? nil : statement.int64(2), statement.isNull(3) ? nil : statement.int64(3),
                    Int(statement.int64(4)), Int(statement.int64(5)), Int(statement.int64(6))
                ))
            }
            let next = try Meta.integer(Meta.nextSeriesRef, in: main) ?? 1
            head.withLock { state in
                state.pool = pool
                for (ref, labels, minT, maxT, chunks, samples, bytes) in loaded {
                    let series = state.add(ref: ref, labels: labels, retention: options.retention(for: labels))
                    series.storedMinT = minT
                    series.storedMaxT = maxT
                    series.storedChunks = chunks
                    series.storedSamples = samples
                    series.storedBytes = bytes
                    if let maxT { state.setNewest(ref, t: maxT, valueKnown: false) }
                }
                state.nextRef = max(state.nextRef, SeriesRef(max(next, 1)))
            }
        } catch {
            throw StorageError(any: error, while: "cannot load the series of \(paths.main)")
        }
    }

    private func loadOpenChunks(from main: SQLiteConnection, wallTime: Timestamp) throws(StorageError) {
        do {
            checkpointSeq = try Meta.integer(Meta.checkpointSeq, in: main) ?? 0
            guard let blob = try Meta.blob(Meta.openChunks, in: main) else { return }
            guard let list = OpenChunkList.decode(blob) else {
                throw StorageError(.corrupt, "\(paths.main): the list of open chunks is damaged; it was left untouched")
            }
            let select = try main.statement("SELECT data FROM chunks WHERE series_id = ?1 AND min_t = ?2")
            var chunks: [(SeriesRef, [Sample])] = []
            for (ref, minT) in list {
                select.bind(Int64(bitPattern: ref), at: 1)
                select.bind(minT, at: 2)
                guard try select.step() else {
                    throw StorageError(.corrupt, "\(paths.main): the open chunk of series \(ref) at \(minT) is missing")
                }
                var samples: [Sample] = []
                do {
                    try ChunkDecoder.decode(select.blob(0), minT: minT, into: &samples)
                } catch {
                    throw StorageError(.corrupt, "\(paths.main): the open chunk of series \(ref) at \(minT): \(error)")
                }
                select.reset()
                if !samples.isEmpty { chunks.append((ref, samples)) }
            }
            try head.withLock { state throws(StorageError) in
                for (ref, samples) in chunks {
                    guard let series = state.live(ref) else {
                        throw StorageError(.corrupt, "\(paths.main): an open chunk belongs to unknown series \(ref)")
                    }
                    series.open = ChunkEncoder(samples: samples)
                    series.lastAppendWallTime = wallTime
                    state.setNewest(ref, t: samples.last!.t, bits: samples.last!.v.bitPattern, valueKnown: true)
                }
            }
        } catch {
            throw StorageError(any: error, while: "cannot load the open chunks of \(paths.main)")
        }
    }

    private func replayLog(from log: SQLiteConnection, wallTime: Timestamp) throws(StorageError) {
        do {
            let select = try log.statement("SELECT seq, data FROM log WHERE seq > ?1 ORDER BY seq")
            select.bind(checkpointSeq, at: 1)
            var lastSeq = checkpointSeq
            var replayed = 0
            var unknownRefs = 0
            while try select.step() {
                let seq = select.int64(0)
                let bytes = select.blob(1)
                guard let samples = LogRecord.decode(bytes) else {
                    throw StorageError(.corrupt, "\(paths.head): append-log row \(seq) is damaged; it was left untouched")
                }
                let limits = options.chunkLimits
                let outcome = head.withLock { state -> (applied: Int, unknown: Int) in
                    var fresh: [AcceptedSample] = []
                    var unknown = 0
                    var latest: [SeriesRef: Timestamp] = [:]
                    for sample in samples {
                        guard state.any(sample.ref) != nil else {
                            unknown += 1
                            continue
                        }
                        // Samples already in vigil.db (flushed after the checkpoint) are skipped.
                        if sample.t > (latest[sample.ref] ?? state.newest[Int(sample.ref)].t) {
                            latest[sample.ref] = sample.t
                            fresh.append(sample)
                        }
                    }
                    state.apply(fresh, limits: limits, wallTime: wallTime)
                    return (fresh.count, unknown)
                }
                replayed += outcome.applied
                unknownRefs += outcome.unknown
                lastSeq = seq
                logBytesSinceCheckpoint += bytes.count
            }
            nextLogSeq = max(lastSeq, try log.integer("SELECT max(seq) FROM log") ?? 0) + 1
            if unknownRefs > 0 {
                logger.warning("append log names series vigil.db does not have; their samples were skipped", metadata: ["samples": "\(unknownRefs)"])
            }
            if replayed > 0 {
                logger.info("replayed the append log", metadata: ["samples": "\(replayed)", "bytes": "\(logBytesSinceCheckpoint)"])
            }
        } catch {
            throw StorageError(any: error, while: "cannot replay the append log \(paths.head)")
        }
        truncateLog(through: checkpointSeq)
    }
}
