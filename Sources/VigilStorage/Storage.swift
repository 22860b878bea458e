#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import VigilModel

/// The series store: one SQLite file of compressed chunks (`vigil.db`) with a small
/// append log beside it (`head.db`), and an in-memory head of open chunks.
///
/// Threading: `append`, `upkeep`, `close` and the other `async` methods run their SQLite
/// work on the store's own serial queue, never on the cooperative pool. `querier()`,
/// `series(...)` and `stats(...)` are synchronous and may block briefly on SQLite: call
/// them from query worker threads. Any number of queriers may be open while appends run;
/// each sees one consistent snapshot.
///
/// Layout, encodings and recovery are described in docs/storage.md.
public final class Storage: Appender, Queryable, Sendable {
    /// The data directory.
    public let directory: String
    let options: StorageOptions
    let logger: Logger
    let head: Head
    let writer: StorageWriter
    let pool: ReadConnectionPool
    /// The newest stored chunks of recently queried series.
    let recentChunks: RecentChunkCache
    private let lock: DataDirectoryLock

    private init(
        directory: String, options: StorageOptions, logger: Logger, head: Head, writer: StorageWriter,
        pool: ReadConnectionPool, lock: DataDirectoryLock
    ) {
        self.directory = directory
        self.options = options
        self.logger = logger
        self.head = head
        self.writer = writer
        self.pool = pool
        self.lock = lock
        recentChunks = RecentChunkCache(capacity: options.recentChunkCacheBytes)
    }

    /// Opens the store in `directory` (created when missing), replaying the append log.
    /// Blocks while it loads. Refuses — without changing anything — a directory another
    /// process uses, a damaged or foreign database file, or a schema it cannot read.
    public static func open(
        directory: String, options: StorageOptions = StorageOptions(), logger: Logger = Logger(label: "vigil.storage")
    ) throws(StorageError) -> Storage {
        try createDirectory(directory)
        let paths = StoragePaths(directory: directory)
        let lock = try DataDirectoryLock(path: paths.lock)
        let main = try Schema.open(.main, at: paths.main)
        let log = try Schema.open(.head, at: paths.head)
        do {
            if options.fsyncEveryCommit { try log.execute("PRAGMA synchronous = FULL") }
            if options.verifyOnOpen, let result = try main.text("PRAGMA quick_check"), result != "ok" {
                throw StorageError(.corrupt, "\(paths.main) failed its integrity check: \(result); it was left untouched")
            }
        } catch {
            throw StorageError(any: error, while: "cannot check \(paths.main)")
        }
        let head = Head()
        let writer = StorageWriter(head: head, options: options, logger: logger, paths: paths, main: main, log: log)
        let started = Timestamp.now()
        try writer.runBlocking { writer throws(StorageError) in try writer.recover(wallTime: started) }
        let pool = ReadConnectionPool(path: paths.main, maxIdle: options.idleReadConnections)
        let storage = Storage(directory: directory, options: options, logger: logger, head: head, writer: writer, pool: pool, lock: lock)
        let counts = head.withLock { state in (state.liveSeries.reduce(0) { n, _ in n + 1 }, state.newestT) }
        logger.info("opened storage", metadata: [
            "directory": "\(directory)", "series": "\(counts.0)", "milliseconds": "\(Timestamp.now() - started)",
        ])
        return storage
    }

    private static func createDirectory(_ path: String) throws(StorageError) {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw StorageError(.io, "cannot create directory \(current): \(String(cString: strerror(errno)))")
            }
        }
    }

    // MARK: - Appending

    /// Appends a batch under Prometheus' rules (see `Appender`). Once this returns, every
    /// accepted sample is committed to the append log and survives a killed process.
    /// Batches appended concurrently are committed together in one transaction.
    public func append(_ batch: AppendBatch) async throws(AppendError) -> AppendReport {
        if batch.isEmpty { return AppendReport() }
        let result = await withCheckedContinuation { continuation in
            writer.submit(StorageWriter.AppendRequest(batch: batch, continuation: continuation))
        }
        return try result.get()
    }

    // MARK: - Reading

    /// A consistent read view: the head now plus a read transaction of vigil.db begun at
    /// the same moment. Blocks briefly. Release it (let it go) when the query is done:
    /// an open querier keeps chunks it may need in memory.
    public func querier() throws(ReadError) -> any Querier {
        try storageQuerier()
    }

    func storageQuerier() throws(ReadError) -> StorageQuerier {
        let connection: SQLiteConnection
        do {
            guard let checkedOut = try pool.checkout() else { throw ReadError(.closed, "the store is closed") }
            connection = checkedOut
        } catch let error as ReadError {
            throw error
        } catch {
            throw ReadError(.io, "cannot open a read connection: \(error)")
        }
        let reader = head.withLock { state -> Result<(ReaderRecord, Int), ReadError> in
            do throws(SQLiteError) {
                // The read transaction starts at its first read; pinning it under the head
                // lock makes the head state and the database snapshot the same moment.
                try connection.statement("BEGIN").run()
                _ = try connection.integer("SELECT count(*) FROM meta")
            } catch {
                connection.rollback()
                return .failure(ReadError(error.isCorrupt ? .corrupt : .io, "cannot begin a read transaction: \(error)"))
            }
            let record = ReaderRecord(generation: state.generation, nextRef: state.nextRef)
            state.readers[ObjectIdentifier(record)] = record
            return .success((record, recentChunks.epoch))
        }
        switch reader {
        case .success(let (record, epoch)):
            return StorageQuerier(
                head: head, pool: pool, connection: connection, reader: record, recentChunks: recentChunks, epoch: epoch)
        case .failure(let error):
            pool.checkin(connection)
            throw error
        }
    }

    /// Label sets of the series matching any of `selectors` (each a list of matchers that
    /// must all match) with data in `[mint, maxt]`, sorted and without duplicates: what
    /// `/api/v1/series` returns. Reads no samples.
    public func series(matching selectors: [[LabelMatcher]], mint: Timestamp, maxt: Timestamp) throws(ReadError) -> [Labels] {
        let querier = try storageQuerier()
        var all = Set<Labels>()
        for matchers in selectors { all.formUnion(querier.series(matchers, mint: mint, maxt: maxt)) }
        return all.sorted()
    }

    /// The timestamp of the newest sample stored, or nil when the store is empty. Retention
    /// counts back from it.
    public var newestSampleTime: Timestamp? {
        let newest = head.withLock { $0.newestT }
        return newest == .min ? nil : newest
    }

    // MARK: - Lifecycle

    /// Finishes queued appends, checkpoints the head into vigil.db (so the next open replays
    /// nothing) and closes the files. Appends and new queriers fail afterwards.
    public func close() async throws(StorageError) {
        writer.closeInbox()
        pool.close()
        defer { lock.unlock() }
        try await writer.run { writer throws(StorageError) in try writer.shutDown() }
        logger.info("closed storage", metadata: ["directory": "\(directory)"])
    }

    /// A snapshot of the store's counters and gauges, for /metrics.
    public var counters: StorageCounters {
        var snapshot = writer.counters.withLock { $0 }
        head.withLock { state in
            for series in state.liveSeries {
                snapshot.series += 1
                let chunks = series.cut.count + (series.open == nil ? 0 : 1)
                if chunks > 0 { snapshot.headSeries += 1 }
                snapshot.headChunks += chunks
            }
            snapshot.newestSampleTime = state.newestT == .min ? nil : state.newestT
        }
        snapshot.storageBytes = StorageFiles.bytes(in: directory)
        return snapshot
    }
}

extension StorageWriter {
    /// Checkpoints and closes both connections.
    func shutDown() throws(StorageError) {
        guard main != nil else { return }
        defer {
            main = nil
            log = nil
        }
        try checkpoint(wallTime: .now())
    }
}
