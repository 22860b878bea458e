import VigilModel

/// Vigil's own sections: `storage`, `web`, `push`.
extension ConfigDecoder {
    /// `storage: {path, retention: {time, size}, series_retention: [{selector, retention}]}`.
    func storageConfig(_ m: ConfigMapping) -> StorageConfig {
        var storage = StorageConfig()
        if let path = m.string("path") {
            if path.isEmpty { m.error("storage.path must not be empty", at: "path") } else { storage.path = path }
        }
        if let retention = m.mapping("retention", keys: ["time", "size"]) {
            if let time = retention.duration("time") {
                if time > .zero {
                    storage.retentionTime = time
                } else {
                    retention.error("storage.retention.time must be greater than 0", at: "time")
                }
            }
            if let size = retention.byteSize("size") { storage.retentionSizeBytes = size }
        }
        for item in m.list("series_retention") ?? [] {
            guard let rule = mapping(item.node, path: item.path, keys: ["selector", "retention"]) else { continue }
            guard let selector = rule.string("selector") else {
                rule.error("series_retention needs a selector, e.g. '{job=\"batch\"}'", at: "selector")
                continue
            }
            guard let retention = rule.duration("retention") else {
                if !rule.contains("retention") { rule.error("series_retention needs a retention, e.g. 90d", at: "retention") }
                continue
            }
            guard retention > .zero else {
                rule.error("series_retention retention must be greater than 0", at: "retention")
                continue
            }
            do {
                let matchers = try SeriesSelectorParser.parse(selector)
                storage.seriesRetention.append(SeriesRetentionRule(selector: selector, matchers: matchers, retention: retention))
            } catch {
                var at = rule.location(of: "selector")
                // Single-line selectors: point at the offending character.
                if !selector.contains("\n") { at.column += error.offset }
                self.error("invalid selector \"\(selector)\": \(error.message)", at: at, path: rule.path("selector"))
            }
        }
        return storage
    }

    static let webKeys = [
        "listen", "external_url", "enable_remote_write_receiver", "query_timeout", "query_max_samples",
        "query_max_concurrency", "query_lookback_delta",
    ]

    /// `web:`: where Vigil listens, its public URL, and query engine limits.
    func webConfig(_ m: ConfigMapping) -> WebConfig {
        var web = WebConfig()
        if let listen = m.string("listen") {
            if Self.isListenAddress(listen) {
                web.listen = listen
            } else {
                m.error("invalid listen address \"\(listen)\": expected host:port, e.g. 0.0.0.0:3000", at: "listen")
            }
        }
        if let url = m.string("external_url") {
            if Self.isHTTPURL(url) {
                web.externalURL = url
            } else {
                m.error("invalid external_url \"\(url)\": expected an absolute http or https URL", at: "external_url")
            }
        }
        if let enabled = m.bool("enable_remote_write_receiver") { web.enableRemoteWriteReceiver = enabled }
        if let timeout = m.duration("query_timeout") {
            if timeout > .zero { web.queryTimeout = timeout } else { m.error("query_timeout must be greater than 0", at: "query_timeout") }
        }
        if let samples = m.int("query_max_samples", minimum: 1) { web.queryMaxSamples = samples }
        if let concurrency = m.int("query_max_concurrency", minimum: 1) { web.queryMaxConcurrency = concurrency }
        if let lookback = m.duration("query_lookback_delta") {
            if lookback > .zero {
                web.queryLookbackDelta = lookback
            } else {
                m.error("query_lookback_delta must be greater than 0", at: "query_lookback_delta")
            }
        }
        return web
    }

    /// `push:`: the Pushgateway-compatible API.
    func pushConfig(_ m: ConfigMapping) -> PushConfig {
        var push = PushConfig()
        if let ttl = m.duration("default_ttl") {
            if ttl > .zero { push.defaultTTL = ttl } else { m.error("push.default_ttl must be greater than 0", at: "default_ttl") }
        }
        if let interval = m.duration("interval") {
            if interval > .zero { push.interval = interval } else { m.error("push.interval must be greater than 0", at: "interval") }
        }
        return push
    }

    /// `host:port` or `:port` (all interfaces), `[v6]:port` for IPv6; port 0–65535.
    static func isListenAddress(_ text: String) -> Bool {
        guard let colon = text.lastIndex(of: ":") else { return false }
        let host = text[..<colon]
        guard let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else { return false }
        if host.hasPrefix("[") { return host.hasSuffix("]") && host.count > 2 }
        return !host.contains(":") && !host.contains(" ") && !host.contains("/")
    }
}
