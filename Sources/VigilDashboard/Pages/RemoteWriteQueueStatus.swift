import VigilModel

/// One remote-write queue as the Status page shows it.
public struct RemoteWriteQueueStatus: Sendable, Hashable {
    /// `remote_name` (the entry's name or a short hash of its URL).
    public var name: String
    public var url: String
    public var shards: Int
    /// Samples read from the append log and not yet sent.
    public var pending: Int
    /// Samples in send attempts, failed for good (4xx), dropped by relabeling, retried.
    public var sent: Int
    public var failed: Int
    public var dropped: Int
    public var retried: Int
    /// Append-log records deleted before they could be sent.
    public var lost: Int
    /// Timestamp of the newest sample the receiver accepted.
    public var highestSent: Timestamp?
    public var lastError: String?
    public var lastErrorTime: Timestamp?

    public init(
        name: String, url: String, shards: Int, pending: Int, sent: Int, failed: Int, dropped: Int, retried: Int, lost: Int,
        highestSent: Timestamp?, lastError: String?, lastErrorTime: Timestamp?
    ) {
        self.name = name
        self.url = url
        self.shards = shards
        self.pending = pending
        self.sent = sent
        self.failed = failed
        self.dropped = dropped
        self.retried = retried
        self.lost = lost
        self.highestSent = highestSent
        self.lastError = lastError
        self.lastErrorTime = lastErrorTime
    }
}
