import Synchronization
import VigilExposition
import VigilModel

/// The figures of one remote-write queue, as Prometheus' `prometheus_remote_storage_*`
/// metrics count them (named `vigil_remote_storage_*`, labelled `remote_name` and `url`).
struct RemoteWriteFigures: Sendable, Equatable {
    /// Samples read from the append log.
    var samplesIn = 0
    /// Samples in send attempts (each retry counts again, as Prometheus counts).
    var samplesSent = 0
    /// Samples in requests the receiver refused for good (4xx other than a retried 429).
    var samplesFailed = 0
    /// Samples in attempts that were retried.
    var samplesRetried = 0
    /// Samples dropped before sending: by write relabeling, or whose series was gone.
    var samplesDropped = 0
    /// Log records truncated before the queue read them (an outage longer than the hold).
    var logRecordsLost = 0
    /// Samples read and not yet sent or dropped.
    var samplesPending = 0
    /// Compressed bytes in send attempts.
    var bytesSent = 0
    /// Newest sample timestamp in a successful request, ms (0: none yet).
    var highestSentTimestamp: Timestamp = 0
    var shards = 0
    var minShards = 0
    var maxShards = 0
    var capacity = 0
    var maxSamplesPerSend = 0
    /// Duration of successful and failed send attempts, seconds.
    var sendDurations = SendDurationHistogram()
    /// The latest error and when it happened.
    var lastError: String?
    var lastErrorTime: Timestamp?
    /// The log position sent through (the saved cursor).
    var cursor: Int64 = 0
}

/// A cumulative histogram of send durations with Prometheus' remote-write buckets
/// (`prometheus.DefBuckets` plus 25, 60, 120, 300 s).
struct SendDurationHistogram: Sendable, Equatable {
    static let bounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 60, 120, 300]
    var counts = [Int](repeating: 0, count: SendDurationHistogram.bounds.count)
    var count = 0
    var sum = 0.0

    mutating func observe(_ seconds: Double) {
        count += 1
        sum += seconds
        for (index, bound) in Self.bounds.enumerated() where seconds <= bound { counts[index] += 1 }
    }
}

/// The live figures of one queue, shared between the queue and `/metrics`.
final class RemoteWriteStats: Sendable {
    let name: String
    let url: String
    private let figures = Mutex(RemoteWriteFigures())

    init(name: String, url: String) {
        self.name = name
        self.url = url
    }

    func update(_ body: (inout RemoteWriteFigures) -> Void) {
        figures.withLock { body(&$0) }
    }

    var snapshot: RemoteWriteFigures { figures.withLock { $0 } }

    /// The exposition lines of every queue, one family per metric.
    static func exposition(_ queues: [RemoteWriteStats], newestAppended: Timestamp?) -> String {
        var out = ""
        func family(_ name: String, _ type: String, _ help: String, _ value: (RemoteWriteFigures) -> Double) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for queue in queues {
                let labels = "{remote_name=\(LabelValue.quoted(queue.name)),url=\(LabelValue.quoted(queue.url))}"
                out += "\(name)\(labels) \(FloatText.format(value(queue.snapshot)))\n"
            }
        }
        out += "# HELP vigil_remote_storage_highest_timestamp_in_seconds Highest timestamp that has come into the remote storage via the append log, in seconds since epoch.\n"
        out += "# TYPE vigil_remote_storage_highest_timestamp_in_seconds gauge\n"
        out += "vigil_remote_storage_highest_timestamp_in_seconds \(FloatText.format(Double(newestAppended ?? 0) / 1000))\n"
        guard !queues.isEmpty else { return out }
        family("vigil_remote_storage_samples_in_total", "counter", "Samples read from the append log into the queue.") { Double($0.samplesIn) }
        family("vigil_remote_storage_samples_total", "counter", "Total number of samples sent to remote storage (each attempt).") { Double($0.samplesSent) }
        family("vigil_remote_storage_samples_failed_total", "counter", "Total number of samples which failed on send to remote storage, non-recoverable errors.") { Double($0.samplesFailed) }
        family("vigil_remote_storage_samples_retried_total", "counter", "Total number of samples which failed on send to remote storage but were retried because the send error was recoverable.") { Double($0.samplesRetried) }
        family("vigil_remote_storage_samples_dropped_total", "counter", "Total number of samples which were dropped after being read from the append log before being sent via remote write, either via relabelling or because their series was deleted.") { Double($0.samplesDropped) }
        family("vigil_remote_storage_log_records_lost_total", "counter", "Append-log records deleted before the queue read them, because it fell behind by more than the log is held for.") { Double($0.logRecordsLost) }
        family("vigil_remote_storage_samples_pending", "gauge", "The number of samples read from the append log and not yet sent.") { Double($0.samplesPending) }
        family("vigil_remote_storage_bytes_total", "counter", "The total number of bytes of data (compressed) sent by the queue.") { Double($0.bytesSent) }
        family("vigil_remote_storage_queue_highest_sent_timestamp_seconds", "gauge", "Timestamp from a sample in the most recent successful send by the queue, in seconds since epoch.") { Double($0.highestSentTimestamp) / 1000 }
        family("vigil_remote_storage_shards", "gauge", "The number of shards used for parallel sending to the remote storage.") { Double($0.shards) }
        family("vigil_remote_storage_shards_min", "gauge", "The minimum number of shards that the queue is allowed to run.") { Double($0.minShards) }
        family("vigil_remote_storage_shards_max", "gauge", "The maximum number of shards that the queue is allowed to run.") { Double($0.maxShards) }
        family("vigil_remote_storage_shard_capacity", "gauge", "The capacity of each shard of the queue used for parallel sending to the remote storage.") { Double($0.capacity) }
        family("vigil_remote_storage_max_samples_per_send", "gauge", "The maximum number of samples to be sent, in a single request, to the remote storage.") { Double($0.maxSamplesPerSend) }
        let name = "vigil_remote_storage_sent_batch_duration_seconds"
        out += "# HELP \(name) Duration of send calls to the remote storage.\n# TYPE \(name) histogram\n"
        for queue in queues {
            let figures = queue.snapshot
            let base = "remote_name=\(LabelValue.quoted(queue.name)),url=\(LabelValue.quoted(queue.url))"
            for (bound, count) in zip(SendDurationHistogram.bounds, figures.sendDurations.counts) {
                out += "\(name)_bucket{\(base),le=\"\(FloatText.format(bound))\"} \(count)\n"
            }
            out += "\(name)_bucket{\(base),le=\"+Inf\"} \(figures.sendDurations.count)\n"
            out += "\(name)_sum{\(base)} \(FloatText.format(figures.sendDurations.sum))\n"
            out += "\(name)_count{\(base)} \(figures.sendDurations.count)\n"
        }
        return out
    }
}
