import Dispatch
import VigilModel

/// One sample as the append log recorded it: its series by reference, as appended.
public struct LoggedSample: Sendable, Hashable {
    public var ref: SeriesRef
    public var t: Timestamp
    public var v: Double

    public init(ref: SeriesRef, t: Timestamp, v: Double) {
        self.ref = ref
        self.t = t
        self.v = v
    }
}

/// What one read of the append log returned.
public struct LogChunk: Sendable {
    /// The samples of the records read, in append order.
    public var samples: [LoggedSample]
    /// The sequence number of the last record read; equal to the `after` asked for when
    /// nothing newer exists yet. The next read continues after it.
    public var lastSeq: Int64
    /// Records between `after` and the first one read that were truncated before they
    /// could be read (a consumer that fell further behind than the log is held for).
    public var lostRecords: Int64

    public init(samples: [LoggedSample], lastSeq: Int64, lostRecords: Int64) {
        self.samples = samples
        self.lastSeq = lastSeq
        self.lostRecords = lostRecords
    }
}

/// Reads the append log (`head.db`'s `log` table) from a position onward, for a consumer
/// such as a remote-write queue. Every sample an `append` accepted is in exactly one
/// record, and records have consecutive sequence numbers, so a consumer that remembers
/// the last sequence it handled (`Storage.saveLogCursor`) resumes without loss or repeat.
/// Records stay in the log until every consumer's saved cursor has passed them (up to
/// `StorageOptions.logHoldBytesLimit`), even after a checkpoint covers them.
///
/// Owns its own read connection to head.db; reads run on the tail's serial queue, off the
/// cooperative pool. Use one tail from one task at a time.
public final class LogTail: Sendable {
    private let connection: SQLiteConnection
    private let queue = DispatchQueue(label: "vigil.storage.log-tail")

    init(path: String) throws(StorageError) {
        do {
            connection = try SQLiteConnection(path: path, readOnly: true)
        } catch {
            throw StorageError(error, while: "cannot open \(path) for reading")
        }
    }

    /// Records after sequence `after`, whole, until at least `maxSamples` samples are
    /// collected (a record is never split) or the log ends. Blocks only its own queue.
    public func read(after: Int64, maxSamples: Int) async throws(StorageError) -> LogChunk {
        let connection = self.connection
        let result: Result<LogChunk, StorageError> = await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: Result { () throws(StorageError) in
                    try Self.read(connection, after: after, maxSamples: maxSamples)
                })
            }
        }
        return try result.get()
    }

    private static func read(_ connection: SQLiteConnection, after: Int64, maxSamples: Int) throws(StorageError) -> LogChunk {
        var chunk = LogChunk(samples: [], lastSeq: after, lostRecords: 0)
        do {
            // One read transaction, so the rows read are one consistent moment of the log.
            try connection.execute("BEGIN")
            defer { connection.rollback() }
            let select = try connection.statement("SELECT seq, data FROM log WHERE seq > ?1 ORDER BY seq LIMIT 256")
            select.bind(after, at: 1)
            defer { select.reset() }
            var expected = after + 1
            while chunk.samples.count < maxSamples, try select.step() {
                let seq = select.int64(0)
                // Sequence numbers are consecutive: a hole before the first row is a
                // truncation the consumer did not hold back.
                if seq > expected { chunk.lostRecords += seq - expected }
                guard let samples = LogRecord.decode(select.blob(1)) else {
                    throw StorageError(.corrupt, "\(connection.path): append-log row \(seq) is damaged")
                }
                for sample in samples { chunk.samples.append(LoggedSample(ref: sample.ref, t: sample.t, v: sample.v)) }
                chunk.lastSeq = seq
                expected = seq + 1
            }
        } catch {
            throw StorageError(any: error, while: "cannot read the append log")
        }
        return chunk
    }
}
