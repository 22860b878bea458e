import Dispatch
import Logging
import Synchronization
import VigilModel

/// Owns the two writer connections and does every write of the store on one serial
/// dispatch queue: appends (group-committed), cut-chunk flushes, checkpoints, retention
/// and imports. SQLite calls block, so they stay off Swift's cooperative pool.
///
/// An append group goes: resolve series (lock) → insert new series into vigil.db → check
/// Prometheus' rules (lock) → one log row in head.db, committed → apply to the head
/// (lock). Nothing reaches the head before its log row is committed, so what queriers see
/// survives a crash, and a failed commit leaves the head as it was.
///
/// `@unchecked Sendable`: everything but `inbox` (locked) and the `let`s is used only on
/// `queue`.
final class StorageWriter: @unchecked Sendable {
    struct AppendRequest: Sendable {
        var batch: AppendBatch
        var continuation: CheckedContinuation<Result<AppendReport, AppendError>, Never>
    }

    private struct Inbox {
        var requests: [AppendRequest] = []
        var scheduled = false
        var closed = false
    }

    let head: Head
    let options: StorageOptions
    let logger: Logger
    let paths: StoragePaths
    let counters = Mutex(StorageCounters())
    private let queue = DispatchQueue(label: "vigil.storage.writer", qos: .userInitiated)
    private let inbox = Mutex(Inbox())

    // Queue-confined.
    var main: SQLiteConnection?
    var log: SQLiteConnection?
    /// Distinguishes one append group's validation from the next.
    var validationMark: UInt32 = 0
    /// Sequence number the next log row gets.
    var nextLogSeq: Int64 = 1
    /// Log rows up to this sequence number are covered by the last checkpoint.
    var checkpointSeq: Int64 = 0
    var logBytesSinceCheckpoint = 0
    var lastCheckpointWallTime = Timestamp.now()
    var oldestUnflushedWallTime: Timestamp?
    /// After a failed flush or checkpoint (e.g. a full disk), wait before trying again.
    var retryAfterWallTime: Timestamp = 0
    /// When the next append failure may be logged (failures are counted always).
    var nextFailureLogWallTime: Timestamp = 0

    init(head: Head, options: StorageOptions, logger: Logger, paths: StoragePaths, main: SQLiteConnection, log: SQLiteConnection) {
        self.head = head
        self.options = options
        self.logger = logger
        self.paths = paths
        self.main = main
        self.log = log
    }

    // MARK: - Running work on the queue

    /// Runs `body` on the writer queue and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable (StorageWriter) throws(StorageError) -> T) async throws(StorageError) -> T {
        let result: Result<T, StorageError> = await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: Result { () throws(StorageError) in try body(self) })
            }
        }
        return try result.get()
    }

    /// Runs `body` on the writer queue and waits for it, blocking the calling thread. For
    /// opening and closing, which happen outside any task.
    func runBlocking<T>(_ body: (StorageWriter) throws(StorageError) -> T) throws(StorageError) -> T {
        try queue.sync { Result { () throws(StorageError) in try body(self) } }.get()
    }

    /// The open vigil.db connection, or `.closed`.
    func mainConnection() throws(StorageError) -> SQLiteConnection {
        guard let main else { throw StorageError(.closed, "the store is closed") }
        return main
    }

    /// The open head.db connection, or `.closed`.
    func logConnection() throws(StorageError) -> SQLiteConnection {
        guard let log else { throw StorageError(.closed, "the store is closed") }
        return log
    }

    // MARK: - Appending

    /// Queues a batch; batches queued while a commit runs are committed together.
    func submit(_ request: AppendRequest) {
        let action: (schedule: Bool, rejected: Bool) = inbox.withLock { inbox in
            if inbox.closed { return (false, true) }
            inbox.requests.append(request)
            if inbox.scheduled { return (false, false) }
            inbox.scheduled = true
            return (true, false)
        }
        if action.rejected {
            counters.withLock { $0.appendFailuresClosed += 1 }
            request.continuation.resume(returning: .failure(AppendError(.closed, "the store is closed")))
        } else if action.schedule {
            queue.async { self.drain() }
        }
    }

    /// Refuses appends from now on; queued ones still run.
    func closeInbox() {
        inbox.withLock { $0.closed = true }
    }

    private func drain() {
        let requests = inbox.withLock { inbox in
            defer {
                inbox.requests.removeAll()
                inbox.scheduled = false
            }
            return inbox.requests
        }
        guard !requests.isEmpty else { return }
        let wallTime = Timestamp.now()
        do {
            let reports = try commit(requests.map(\.batch), wallTime: wallTime)
            counters.withLock { counters in
                for report in reports {
                    counters.samplesAppended += report.appended
                    counters.outOfOrderSamples += report.outOfOrder
                    counters.duplicateSamples += report.duplicates
                    counters.outOfBoundsSamples += report.outOfBounds
                    counters.invalidSamples += report.invalid
                    counters.seriesCreated += report.newSeries
                }
            }
            for (request, report) in zip(requests, reports) { request.continuation.resume(returning: .success(report)) }
        } catch {
            let failure = error.appendError
            counters.withLock { counters in
                switch failure.kind {
                case .full: counters.appendFailuresFull += requests.count
                case .closed: counters.appendFailuresClosed += requests.count
                case .io: counters.appendFailuresIO += requests.count
                }
            }
            for request in requests { request.continuation.resume(returning: .failure(failure)) }
            if wallTime >= nextFailureLogWallTime {
                logger.error("append failed; the batches were not stored", metadata: ["error": "\(error)", "batches": "\(requests.count)"])
                nextFailureLogWallTime = wallTime + 10_000
            }
        }
        maintainAfterAppend(wallTime: wallTime)
    }

    /// Commits batches as one group; returns a report per batch.
    func commit(_ batches: [AppendBatch], wallTime: Timestamp) throws(StorageError) -> [AppendReport] {
        let main = try mainConnection()
        let log = try logConnection()
        let resolved = head.withLock { $0.resolve(batches) }
        if !resolved.created.isEmpty {
            let newPairs = head.withLock { $0.pool.unpersisted(among: resolved.created.lazy.flatMap(\.pairs)) }
            do {
                try insertSeries(resolved.created, newPairs: newPairs, into: main)
            } catch {
                head.withLock { $0.pool.rollback() }
                throw error
            }
            head.withLock { state in
                state.pool.commit()
                for series in resolved.created {
                    state.add(ref: series.ref, labels: series.labels, retention: options.retention(for: series.labels))
                }
            }
        }
        let minValidTime = head.withLock { state in
            guard let retention = options.retentionTime?.inMilliseconds, state.newestT != .min else { return Timestamp.min }
            return state.newestT &- retention
        }
        validationMark &+= 1
        if validationMark == 0 {
            // Wrapped after 2^32 groups: clear old marks so none is mistaken for the new one.
            head.withLock { state in
                for index in state.newest.indices { state.newest[index].checkMark = 0 }
            }
            validationMark = 1
        }
        let mark = validationMark
        let checked = head.withLock { $0.validate(batches, refs: resolved.refs, created: resolved.created, minValidTime: minValidTime, mark: mark) }
        if !checked.accepted.isEmpty {
            let record = LogRecord.encode(checked.accepted)
            do {
                let statement = try log.statement("INSERT INTO log(seq, data) VALUES(?1, ?2)")
                statement.bind(nextLogSeq, at: 1)
                statement.bind(record, at: 2)
                try statement.run()
            } catch {
                throw StorageError(error, while: "cannot write the append log")
            }
            nextLogSeq += 1
            logBytesSinceCheckpoint += record.count
            counters.withLock { $0.logBytesWritten += record.count }
            head.withLock { $0.apply(checked.accepted, limits: options.chunkLimits, wallTime: wallTime) }
        }
        return checked.reports
    }

    /// Inserts new series and their postings in one transaction of vigil.db, and raises the
    /// stored next reference so references are never handed out twice.
    func insertSeries(_ created: [NewSeries], newPairs: [(id: UInt32, label: Label)], into main: SQLiteConnection) throws(StorageError) {
        do {
            try main.transaction { () throws(SQLiteError) in
                try LabelPairTable.insert(newPairs, into: main)
                try insertSeriesRows(created, into: main)
                try Meta.set(Meta.nextSeriesRef, Int64(created.map(\.ref).max()! + 1), in: main)
            }
        } catch {
            throw StorageError(error, while: "cannot create \(created.count) series")
        }
    }

    /// Inserts series rows and their postings in the current transaction (their label
    /// pairs must be in `label_pairs`).
    func insertSeriesRows(_ created: [NewSeries], into main: SQLiteConnection) throws(SQLiteError) {
        let insertSeries = try main.statement("INSERT INTO series(id, labels) VALUES(?1, ?2)")
        let insertPosting = try main.statement("INSERT INTO postings(pair_id, series_id) VALUES(?1, ?2)")
        for series in created {
            for id in series.pairs {
                insertPosting.bind(Int64(id), at: 1)
                insertPosting.bind(Int64(series.ref), at: 2)
                try insertPosting.run()
            }
            insertSeries.bind(Int64(series.ref), at: 1)
            insertSeries.bind(LabelPairTable.encode(series.pairs), at: 2)
            try insertSeries.run()
        }
    }

    /// After an append: write cut chunks or checkpoint when due. Failures are counted and
    /// retried later; the appends themselves are already safe in the log.
    private func maintainAfterAppend(wallTime: Timestamp) {
        guard wallTime >= retryAfterWallTime else { return }
        do {
            if logBytesSinceCheckpoint >= options.checkpointLogBytes
                || wallTime - lastCheckpointWallTime >= options.checkpointInterval.inMilliseconds && logBytesSinceCheckpoint > 0
            {
                try checkpoint(wallTime: wallTime)
            } else if flushDue(wallTime: wallTime) {
                try flushCutChunks(wallTime: wallTime)
            }
        } catch {
            retryAfterWallTime = wallTime + 10_000
            logger.warning("could not write the head to vigil.db; will retry", metadata: ["error": "\(error)"])
        }
    }
}

/// Where a store's files are.
struct StoragePaths: Sendable {
    let directory: String
    var main: String { directory + "/vigil.db" }
    var head: String { directory + "/head.db" }
    var lock: String { directory + "/LOCK" }
}
