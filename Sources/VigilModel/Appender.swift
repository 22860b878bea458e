/// A series' permanent identity in the store. References stay valid for as long as the
/// series exists, so writers may cache them across batches.
public typealias SeriesRef = UInt64

/// Writes samples into the store. Implemented by the storage; used by scraping, rules,
/// push and remote write. Tests wire an in-memory one.
public protocol Appender: Sendable {
    /// Appends a batch, all or nothing as far as durability goes: once this returns, every
    /// accepted sample survives a crash. Samples the rules of Prometheus reject
    /// (out of order, duplicate timestamp with another value, too old) are counted in the
    /// report, not thrown; a thrown error means nothing of the batch was stored.
    func append(_ batch: AppendBatch) async throws(AppendError) -> AppendReport
}

/// Samples to append together, in the order given.
public struct AppendBatch: Sendable {
    /// How an entry names its series: a reference from an earlier report, or its labels.
    public enum SeriesKey: Sendable, Hashable {
        case ref(SeriesRef)
        case labels(Labels)
    }

    public struct Entry: Sendable {
        public var series: SeriesKey
        public var t: Timestamp
        public var v: Double

        public init(_ series: SeriesKey, t: Timestamp, v: Double) {
            self.series = series
            self.t = t
            self.v = v
        }

        public init(_ labels: Labels, t: Timestamp, v: Double) {
            self.init(.labels(labels), t: t, v: v)
        }
    }

    public var entries: [Entry]

    public init(_ entries: [Entry] = []) {
        self.entries = entries
    }

    public mutating func append(_ labels: Labels, t: Timestamp, v: Double) {
        entries.append(Entry(labels, t: t, v: v))
    }

    public var isEmpty: Bool { entries.isEmpty }
}

/// What became of a batch.
public struct AppendReport: Sendable, Hashable {
    /// The series of each entry, in batch order; nil where the entry was invalid
    /// (an unknown reference, an invalid label set).
    public var refs: [SeriesRef?]
    public var appended = 0
    /// Older than the newest sample of its series.
    public var outOfOrder = 0
    /// Same timestamp as the newest sample of its series but another value.
    public var duplicates = 0
    /// Older than what the store still accepts (before the head's window).
    public var outOfBounds = 0
    /// Entries with an invalid label set or unknown reference.
    public var invalid = 0
    /// Series created by this batch.
    public var newSeries = 0

    public init(refs: [SeriesRef?] = []) {
        self.refs = refs
    }

    /// Entries not appended for any reason.
    public var rejected: Int { outOfOrder + duplicates + outOfBounds + invalid }
}

/// Why a whole batch could not be stored.
public struct AppendError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The disk is full or a size limit was reached; retry later.
        case full
        /// The store is closed or shutting down.
        case closed
        /// Reading or writing the database failed.
        case io
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "append failed (\(kind.rawValue)): \(message)" }
}
