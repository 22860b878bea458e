/// Why a scrape failed: shown as the target's `lastError`, and `up` is 0.
public struct ScrapeFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bounded classification, used as a metric label (the message is not).
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The target could not be reached (refused, DNS, TLS handshake, reset).
        case connection
        /// No complete response within `scrape_timeout`.
        case timeout
        /// A status other than 200.
        case httpStatus = "http_status"
        /// The body exceeded `body_size_limit`.
        case bodySizeLimit = "body_size_limit"
        /// The body could not be decompressed.
        case decoding
        /// The exposition did not parse.
        case parse
        case sampleLimit = "sample_limit"
        case labelLimit = "label_limit"
        /// A series without a metric name or with an invalid label name after relabeling.
        case invalidSeries = "invalid_series"
        /// The store refused the whole batch.
        case append
    }

    public var kind: Kind
    /// Worded as Prometheus words it where it has an equivalent
    /// (`server returned HTTP status 500 Internal Server Error`, `body size limit exceeded`).
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
