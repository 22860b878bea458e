import VigilModel

/// The health of a target as of its last scrape (Prometheus' `TargetHealth`).
public enum TargetHealth: String, Sendable, Hashable, Codable {
    /// Not scraped yet.
    case unknown
    case up
    case down
}

/// A target and how its scrapes go: what `/api/v1/targets` shows for an active target.
public struct TargetStatus: Sendable, Hashable {
    public var target: Target
    public var health: TargetHealth
    /// Empty when the last scrape succeeded.
    public var lastError: String
    /// The (aligned) timestamp of the last scrape, nil before the first.
    public var lastScrape: Timestamp?
    public var lastScrapeDuration: Duration

    public init(target: Target, health: TargetHealth = .unknown, lastError: String = "", lastScrape: Timestamp? = nil, lastScrapeDuration: Duration = .zero) {
        self.target = target
        self.health = health
        self.lastError = lastError
        self.lastScrape = lastScrape
        self.lastScrapeDuration = lastScrapeDuration
    }
}
