import VigilModel

/// One entry of an exposition, as the scrape loop consumes it.
public enum ScrapeEntry: Sendable, Hashable {
    /// A sample line: `series` are the byte offsets of its series text (`name{labels}`
    /// exactly as written) in the body; its `Labels` come from `ScrapeParser.labels()`.
    case sample(series: Range<Int>, value: Double, timestamp: Timestamp?)
    case type(family: String, MetricType)
    case help(family: String, String)
    case unit(family: String, String)
    /// Anything else (comments, `# EOF`): skipped.
    case other
}

/// A pull parser over one scrape body. The loop keys its cache by the series text, so
/// `labels()` is only called for series it has not seen before.
public protocol ScrapeParser {
    /// The next entry, nil at the end of the body. A thrown error fails the scrape.
    mutating func next() throws(ScrapeParseError) -> ScrapeEntry?
    /// The labels of the sample `next()` returned last, `__name__` included.
    mutating func labels() -> Labels
}

/// Why a body could not be parsed; `message` is shown as the target's `lastError`.
public struct ScrapeParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Makes parsers for scrape bodies: the seam to VigilExposition.
public protocol ScrapeParserFactory: Sendable {
    /// Runs `body` with a parser over `bytes`, chosen by the response's `Content-Type`.
    func withParser<R>(
        _ bytes: [UInt8], contentType: String?, _ body: (inout any ScrapeParser) -> R
    ) -> R
}
