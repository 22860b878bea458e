import VigilModel

/// How long the series a rule selects are kept.
public struct RetentionRule: Sendable, Hashable {
    /// Every matcher must match the series' labels.
    public var matchers: [LabelMatcher]
    /// How long to keep the series, counted back from the newest sample in the store.
    public var duration: Duration

    public init(matchers: [LabelMatcher], duration: Duration) {
        self.matchers = matchers
        self.duration = duration
    }
}

/// Settings of a store. The server maps the `storage` section of vigil.yml onto these.
public struct StorageOptions: Sendable {
    /// Keep samples this long, counted back from the newest sample stored (as Prometheus
    /// counts from its newest block, so imported history is not dropped at once); nil keeps
    /// everything. Default 15 days, as Prometheus.
    public var retentionTime: Duration? = .seconds(15 * 86_400)
    /// Delete the oldest data while vigil.db and head.db together exceed this many bytes;
    /// nil sets no limit.
    public var retentionBytes: Int64?
    /// Per-series retention: the first rule whose matchers all match a series decides how
    /// long it is kept; series no rule matches use `retentionTime`. A rule may keep a series
    /// longer than `retentionTime` (e.g. `{job="batch"}` for 90 d) or shorter.
    public var retentionRules: [RetentionRule] = []
    /// Samples per chunk; a chunk is also cut at about 3000 bytes or a 4 h span.
    public var samplesPerChunk = 480
    /// Checkpoint the head (write open chunks to vigil.db, truncate the append log) once the
    /// log has grown by this many bytes.
    public var checkpointLogBytes = 16 << 20
    /// ... or when this long has passed since the last checkpoint.
    public var checkpointInterval: Duration = .seconds(900)
    /// Cut the open chunk of a series that received nothing for this long (at a checkpoint),
    /// so its memory is released and it does not hold back the log.
    public var idleChunkCut: Duration = .seconds(3600)
    /// Write cut chunks to vigil.db once this many wait ...
    public var flushChunkCount = 512
    /// ... or the oldest has waited this long.
    public var flushInterval: Duration = .seconds(15)
    /// fsync the append log at every commit, so appends survive power loss too, not only a
    /// killed process. Costs a disk flush per commit.
    public var fsyncEveryCommit = false
    /// At most this many bytes of append-log records are kept for log consumers
    /// (remote-write queues) that have not read them yet; older ones are deleted at the
    /// next checkpoint anyway. nil keeps them until read.
    public var logHoldBytesLimit: Int64? = 2 << 30
    /// Bytes of the newest stored chunks of recently queried series kept in memory, so that
    /// queries of recent data skip a SQLite seek and decoding per series (an entry takes
    /// 1.3–4 KiB: the chunk and its last samples decoded; 0 turns the cache off).
    public var recentChunkCacheBytes = 16 << 20
    /// Idle read connections kept open for queriers.
    public var idleReadConnections = 4
    /// Run `PRAGMA quick_check` on vigil.db when opening (slow on large stores).
    public var verifyOnOpen = false

    public init() {}

    /// Options with the common retention settings; rules are (matchers, duration) pairs.
    public init(retentionTime: Duration?, retentionBytes: Int64? = nil, retentionRules: [([LabelMatcher], Duration)] = []) {
        self.retentionTime = retentionTime
        self.retentionBytes = retentionBytes
        self.retentionRules = retentionRules.map { RetentionRule(matchers: $0.0, duration: $0.1) }
    }

    /// The retention of a series with these labels, in milliseconds; nil keeps it forever.
    func retention(for labels: Labels) -> Int64? {
        for rule in retentionRules where rule.matchers.matches(labels) {
            return rule.duration.inMilliseconds
        }
        return retentionTime?.inMilliseconds
    }

    var chunkLimits: ChunkLimits {
        var limits = ChunkLimits.standard
        limits.samples = max(1, min(samplesPerChunk, ChunkDecoder.maxCount))
        return limits
    }
}
