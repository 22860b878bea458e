import Foundation
import VigilModel

/// The `data` of `/api/v1/targets`, in Prometheus' JSON shape.
public struct TargetDiscovery: Encodable, Sendable {
    public var activeTargets: [ActiveTarget]
    public var droppedTargets: [DroppedTarget]
    /// Dropped targets per pool (every pool, whatever the filter); null when dropped
    /// targets were not asked for.
    public var droppedTargetCounts: [String: Int]?

    private enum CodingKeys: String, CodingKey { case activeTargets, droppedTargets, droppedTargetCounts }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(activeTargets, forKey: .activeTargets)
        try container.encode(droppedTargets, forKey: .droppedTargets)
        if let droppedTargetCounts { try container.encode(droppedTargetCounts, forKey: .droppedTargetCounts) } else {
            try container.encodeNil(forKey: .droppedTargetCounts)
        }
    }
}

/// One entry of `activeTargets`.
public struct ActiveTarget: Encodable, Sendable, Hashable {
    public var discoveredLabels: LabelsJSON
    public var labels: LabelsJSON
    public var scrapePool: String
    public var scrapeUrl: String
    public var globalUrl: String
    public var lastError: String
    /// RFC 3339 (Go's zero time before the first scrape).
    public var lastScrape: String
    /// Seconds.
    public var lastScrapeDuration: Double
    /// `up`, `down` or `unknown`.
    public var health: String
    public var scrapeInterval: String
    public var scrapeTimeout: String
}

/// One entry of `droppedTargets`.
public struct DroppedTarget: Encodable, Sendable, Hashable {
    public var discoveredLabels: LabelsJSON
    public var scrapePool: String
}

/// The `state` parameter of `/api/v1/targets`.
public enum TargetStateFilter: Sendable, Hashable {
    case any, active, dropped
    /// Anything else: Prometheus then lists neither.
    case none

    /// From the query parameter (case-insensitive; empty means `any`).
    public init(_ text: String?) {
        switch (text ?? "").lowercased() {
        case "", "any": self = .any
        case "active": self = .active
        case "dropped": self = .dropped
        default: self = .none
        }
    }

    var showsActive: Bool { self == .any || self == .active }
    var showsDropped: Bool { self == .any || self == .dropped }
}

/// How `globalUrl` replaces a loopback host (Prometheus' `GlobalURLOptions`).
public struct GlobalURLOptions: Sendable, Hashable {
    /// The address Vigil listens on, `host:port`.
    public var listenAddress: String
    /// The externally reachable `host:port` (from the external URL).
    public var host: String
    /// The external URL's scheme.
    public var scheme: String

    public init(listenAddress: String, host: String, scheme: String = "http") {
        self.listenAddress = listenAddress
        self.host = host
        self.scheme = scheme
    }

    /// A target URL as seen from elsewhere: a loopback host becomes the external host; a
    /// loopback target on Vigil's own port becomes the external URL's scheme and host.
    public func globalURL(_ url: String) -> String {
        guard var components = URLComponents(string: url), let host = components.host else { return url }
        guard ["127.0.0.1", "localhost", "::1"].contains(host) else { return url }
        let ownPort = listenAddress.split(separator: ":").last.flatMap { Int($0) }
        let externalHost = self.host.hasPrefix("[") ? String(self.host.dropFirst().prefix { $0 != "]" }) : String(self.host.split(separator: ":").first ?? "")
        if let port = components.port, port == ownPort {
            components.scheme = scheme
            components.host = externalHost
            components.port = self.host.split(separator: ":").last.flatMap { Int($0) }
        } else {
            components.host = externalHost
        }
        return components.string ?? url
    }
}

/// One entry of `/api/v1/targets/metadata`.
public struct TargetMetadataEntry: Encodable, Sendable, Hashable {
    public var target: LabelsJSON
    /// The family; omitted when the request named one.
    public var metric: String?
    public var type: String
    public var help: String
    public var unit: String
}

/// One entry of a family in `/api/v1/metadata`.
public struct MetadataEntry: Encodable, Sendable, Hashable {
    public var type: String
    public var help: String
    public var unit: String

    public init(_ metadata: MetricMetadata) {
        type = metadata.type.rawValue
        help = metadata.help
        unit = metadata.unit
    }
}
