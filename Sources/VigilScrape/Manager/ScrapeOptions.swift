import VigilModel

/// Process-wide settings of the scrape manager.
public struct ScrapeOptions: Sendable {
    /// The `User-Agent` of scrapes: `Vigil/<version>`.
    public var userAgent: String
    /// Mixed into every target's scrape offset so that several Vigils scraping the same
    /// targets spread out (Prometheus hashes its hostname and external labels).
    public var offsetSeed: UInt64
    /// How often file-SD files are checked for changes.
    public var fileWatchInterval: Duration

    public init(userAgent: String = "Vigil", offsetSeed: UInt64 = 0, fileWatchInterval: Duration = .seconds(1)) {
        self.userAgent = userAgent
        self.offsetSeed = offsetSeed
        self.fileWatchInterval = fileWatchInterval
    }

    /// The seed Prometheus derives: FNV-1a of the hostname followed by the external labels.
    public static func offsetSeed(hostname: String, externalLabels: Labels) -> UInt64 {
        FNV1a64.hash(hostname + externalLabels.description)
    }
}
