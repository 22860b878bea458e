/// A pull reader of samples over bytes in memory (a memory-mapped file, a buffer): the seam
/// between a format's parser and a bulk importer, so the store needs no parser of its own.
///
/// Call `nextSample()` until it returns nil. A sample's series text stays in the input:
/// `ReadSample.series` locates it, and `labels()` builds its label set only when asked, so
/// an importer that has seen a series before finds it by those bytes without building
/// `Labels`. A reader is used by one task at a time and may borrow the memory it reads.
public protocol SampleReader {
    /// The next sample, skipping whatever else the input holds (metadata, comments, an end
    /// marker); nil after the last. The first error ends reading: later calls throw it again.
    mutating func nextSample() throws(SampleReadError) -> ReadSample?

    /// The label set of the sample `nextSample()` returned last, `__name__` included.
    func labels() -> Labels

    /// How many bytes of the input have been read: for progress reports and for dropping
    /// pages of a mapped file that are done with.
    var bytesConsumed: Int { get }
}

/// The numbers of one sample a `SampleReader` read; its series text stays in the input.
public struct ReadSample: Sendable, Hashable {
    /// Byte offsets of the series text (`name{labels}` as written) in the memory the reader
    /// reads: a key for the series that needs no `Labels`.
    public var series: Range<Int>
    /// The explicit timestamp in milliseconds, if the input gives one.
    public var timestamp: Timestamp?
    public var value: Double

    public init(series: Range<Int>, timestamp: Timestamp?, value: Double) {
        self.series = series
        self.timestamp = timestamp
        self.value = value
    }

    /// Equal when every field is; values compare by bit pattern so NaN equals NaN.
    public static func == (a: ReadSample, b: ReadSample) -> Bool {
        a.series == b.series && a.timestamp == b.timestamp && a.value.bitPattern == b.value.bitPattern
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(series)
        hasher.combine(timestamp)
        hasher.combine(value.bitPattern)
    }
}

/// Why a `SampleReader` stopped: the first problem in its input and where it is.
public struct SampleReadError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// Text that is not well formed in the input's format.
        case syntax
        /// Well-formed text that breaks a rule of the format (a repeated label name, …).
        case invalid
    }

    public var kind: Kind
    /// What is wrong, worded as the format's parser words it.
    public var message: String
    /// 1-based line and byte column of the problem in the input.
    public var position: SourcePosition

    public init(_ kind: Kind, _ message: String, position: SourcePosition) {
        self.kind = kind
        self.message = message
        self.position = position
    }

    /// `3:14: expected equal, got "}"`.
    public var description: String { "\(position): \(message)" }
}
