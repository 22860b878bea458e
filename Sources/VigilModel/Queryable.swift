/// Reads series from the store. Implemented by the storage; used by the PromQL engine,
/// the HTTP API and federation. Tests wire an in-memory one.
///
/// Calls block (they may read SQLite): run them off the cooperative thread pool.
public protocol Queryable: Sendable {
    /// Opens a read view; everything read through one querier sees one consistent state
    /// of the store. Release it by letting it go out of scope.
    func querier() throws(ReadError) -> any Querier
}

/// One consistent read view of the store, used by a single query at a time.
public protocol Querier: AnyObject {
    /// Series matching every matcher with samples in `[mint, maxt]`, sorted by labels.
    /// Their samples are loaded lazily and limited to `[mint, maxt]`.
    func select(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws(ReadError) -> [SeriesData]

    /// Label names of series matching the matchers (all series when empty) in the range, sorted.
    func labelNames(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws(ReadError) -> [String]

    /// Values of label `name` on series matching the matchers in the range, sorted.
    func labelValues(_ name: String, _ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws(ReadError) -> [String]
}

/// A selected series: its labels now, its samples when asked for.
public struct SeriesData: Sendable {
    public let labels: Labels
    private let load: @Sendable () throws(ReadError) -> [Sample]

    public init(labels: Labels, load: @escaping @Sendable () throws(ReadError) -> [Sample]) {
        self.labels = labels
        self.load = load
    }

    public init(labels: Labels, samples: [Sample]) {
        self.init(labels: labels) { samples }
    }

    /// The samples in the selected range, in time order, staleness markers included.
    public func samples() throws(ReadError) -> [Sample] { try load() }
}

/// Reading from the store failed.
public struct ReadError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case io
        case corrupt
        case closed
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "read failed (\(kind.rawValue)): \(message)" }
}
