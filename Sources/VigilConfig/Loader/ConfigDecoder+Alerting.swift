import Foundation

extension ConfigDecoder {
    static let alertmanagerKeys = [
        "static_configs", "file_sd_configs", "relabel_configs", "alert_relabel_configs", "path_prefix", "scheme",
        "timeout", "api_version",
    ] + httpClientKeys

    /// `alerting:`: relabeling of outgoing alerts and the Alertmanagers to send them to.
    func alertingConfig(_ m: ConfigMapping) -> AlertingConfig {
        var alerting = AlertingConfig()
        alerting.alertRelabelConfigs = relabelConfigs(m, key: "alert_relabel_configs")
        for item in m.list("alertmanagers") ?? [] {
            guard let am = mapping(item.node, path: item.path, keys: Self.alertmanagerKeys, sections: [.alertmanager, .httpClient])
            else { continue }
            var config = AlertmanagerConfig()
            config.relabelConfigs = relabelConfigs(am, key: "relabel_configs")
            config.alertRelabelConfigs = relabelConfigs(am, key: "alert_relabel_configs")
            config.staticConfigs = staticConfigs(am, checkTargets: config.relabelConfigs.isEmpty)
            config.fileSDConfigs = fileSDConfigs(am)
            if let prefix = am.string("path_prefix") { config.pathPrefix = prefix }
            if let scheme = am.string("scheme") {
                if scheme == "http" || scheme == "https" {
                    config.scheme = scheme
                } else {
                    am.error("scheme must be \"http\" or \"https\", got \"\(scheme)\"", at: "scheme")
                }
            }
            if let timeout = am.duration("timeout"), timeout > .zero { config.timeout = timeout }
            if let version = am.string("api_version") {
                // As Prometheus 2.x/3.x: only the v2 API exists.
                if version == "v2" {
                    config.apiVersion = version
                } else {
                    am.error("expected Alertmanager api version to be one of [v2] but got \(version)", at: "api_version")
                }
            }
            config.http = httpClient(am)
            alerting.alertmanagers.append(config)
        }
        return alerting
    }

    static let remoteWriteKeys = [
        "url", "remote_timeout", "headers", "write_relabel_configs", "name", "queue_config",
    ] + httpClientKeys

    /// Headers Prometheus refuses to let a remote write config set.
    private static let reservedHeaders: Set<String> = [
        "host", "content-encoding", "content-length", "content-type", "user-agent", "connection", "keep-alive",
        "proxy-authenticate", "proxy-authorization", "www-authenticate", "accept-encoding",
        "x-prometheus-remote-write-version", "x-prometheus-remote-read-version",
        "x-amz-date", "x-amz-security-token", "x-amz-content-sha256",
    ]

    /// `remote_write:` with Prometheus' checks (RemoteWriteConfig.UnmarshalYAML, QueueConfig.Validate).
    func remoteWriteConfigs(_ top: ConfigMapping) -> [RemoteWriteConfig] {
        guard let items = top.list("remote_write") else { return [] }
        var configs: [RemoteWriteConfig] = []
        var names: Set<String> = []
        for item in items {
            guard !item.node.isNull else {
                error("empty or null remote write config section", at: item.node.location, path: item.path)
                continue
            }
            guard let m = mapping(item.node, path: item.path, keys: Self.remoteWriteKeys, sections: [.remoteWrite, .httpClient])
            else { continue }
            let url = m.string("url") ?? ""
            if url.isEmpty {
                m.error("url for remote_write is empty", at: "url")
            } else if !Self.isHTTPURL(url) {
                m.error("invalid URL \"\(url)\": expected an absolute http or https URL", at: "url")
            }
            var config = RemoteWriteConfig(url: url)
            if let name = m.string("name"), !name.isEmpty {
                if !names.insert(name).inserted {
                    m.error("found multiple remote write configs with job name \"\(name)\"", at: "name")
                }
                config.name = name
            }
            if let timeout = m.duration("remote_timeout"), timeout > .zero { config.remoteTimeout = timeout }
            for header in m.stringMap("headers") ?? [] {
                let lowered = header.key.lowercased()
                let headerPath = ConfigMapping.join(m.path("headers"), header.key)
                if lowered == "authorization" {
                    error("authorization header must be changed via the basic_auth or authorization parameter",
                          at: header.keyLocation, path: headerPath)
                } else if Self.reservedHeaders.contains(lowered) {
                    error("\(header.key) is a reserved header. It must not be changed", at: header.keyLocation, path: headerPath)
                } else {
                    config.headers[header.key] = header.value
                }
            }
            config.writeRelabelConfigs = relabelConfigs(m, key: "write_relabel_configs")
            if let queue = m.mapping("queue_config", keys: Self.queueKeys, sections: [.queueConfig]) {
                config.queue = queueConfig(queue)
            }
            config.http = httpClient(m)
            configs.append(config)
        }
        return configs
    }

    static let queueKeys = [
        "capacity", "max_shards", "min_shards", "max_samples_per_send", "batch_send_deadline", "min_backoff",
        "max_backoff", "retry_on_http_429",
    ]

    private func queueConfig(_ m: ConfigMapping) -> QueueConfig {
        var queue = QueueConfig()
        // As Prometheus: a zero value (or none) keeps the default.
        if let v = m.int("capacity"), v != 0 { queue.capacity = v }
        if let v = m.int("max_shards"), v != 0 { queue.maxShards = v }
        if let v = m.int("min_shards"), v != 0 { queue.minShards = v }
        if let v = m.int("max_samples_per_send"), v != 0 { queue.maxSamplesPerSend = v }
        if let v = m.duration("batch_send_deadline"), v != .zero { queue.batchSendDeadline = v }
        if let v = m.duration("min_backoff"), v != .zero { queue.minBackoff = v }
        if let v = m.duration("max_backoff"), v != .zero { queue.maxBackoff = v }
        if let v = m.bool("retry_on_http_429") { queue.retryOnHTTP429 = v }
        if queue.maxShards <= 0 {
            m.error("remote write queue max_shards must be positive", at: "max_shards")
        } else if queue.minShards <= 0 {
            m.error("remote write queue min_shards must be positive", at: "min_shards")
        } else if queue.minShards > queue.maxShards {
            m.error("remote write queue min_shards must not be greater than max_shards", at: "min_shards")
        } else if queue.maxSamplesPerSend <= 0 {
            m.error("remote write queue max_samples_per_send must be positive", at: "max_samples_per_send")
        } else if queue.capacity <= 0 {
            m.error("remote write queue capacity must be positive", at: "capacity")
        } else if queue.maxBackoff < queue.minBackoff {
            m.error("remote write queue max_backoff must not be less than min_backoff", at: "max_backoff")
        }
        return queue
    }

    /// An absolute `http://` or `https://` URL with a host.
    static func isHTTPURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty else { return false }
        return true
    }
}
