import VigilConfig

/// One scrape's HTTP request, as the loop hands it to a `TargetFetcher`.
public struct ScrapeRequest: Sendable, Hashable {
    public var url: String
    /// The whole exchange (connect, headers, body) must finish within this.
    public var timeout: Duration
    /// 0 = no limit; compared with the uncompressed size.
    public var bodySizeLimitBytes: Int64
    public var http: HTTPClientConfig

    public init(url: String, timeout: Duration, bodySizeLimitBytes: Int64 = 0, http: HTTPClientConfig = HTTPClientConfig()) {
        self.url = url
        self.timeout = timeout
        self.bodySizeLimitBytes = bodySizeLimitBytes
        self.http = http
    }
}

/// A successful scrape response: status 200 and the whole (decompressed) body.
public struct ScrapeResponse: Sendable, Hashable {
    public var body: [UInt8]
    public var contentType: String?

    public init(body: [UInt8], contentType: String? = nil) {
        self.body = body
        self.contentType = contentType
    }
}

/// Fetches scrape bodies. `HTTPFetcher` is the real one; tests may substitute others.
public protocol TargetFetcher: Sendable {
    /// The body, or why the scrape failed. Never takes much longer than `request.timeout`.
    func fetch(_ request: ScrapeRequest) async -> Result<ScrapeResponse, ScrapeFailure>
}
