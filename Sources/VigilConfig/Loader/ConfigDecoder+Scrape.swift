import VigilModel

extension ConfigDecoder {
    static let scrapeKeys = [
        "job_name", "scrape_interval", "scrape_timeout", "metrics_path", "scheme", "params", "honor_labels",
        "honor_timestamps", "static_configs", "file_sd_configs", "relabel_configs", "metric_relabel_configs",
        "sample_limit", "label_limit", "label_name_length_limit", "label_value_length_limit", "body_size_limit",
    ] + httpClientKeys

    /// `scrape_configs:`, each validated against `global` (config.ScrapeConfig.Validate);
    /// job names are unique.
    func scrapeConfigs(_ top: ConfigMapping, global: GlobalConfig) -> [ScrapeConfig] {
        guard let items = top.list("scrape_configs") else { return [] }
        var configs: [ScrapeConfig] = []
        var jobNames: Set<String> = []
        for item in items {
            guard !item.node.isNull else {
                error("empty or null scrape config section", at: item.node.location, path: item.path)
                continue
            }
            guard let m = mapping(item.node, path: item.path, keys: Self.scrapeKeys, sections: [.scrapeConfig, .httpClient]),
                  let config = scrapeConfig(m, global: global) else { continue }
            if !jobNames.insert(config.jobName).inserted {
                m.error("found multiple scrape configs with job name \"\(config.jobName)\"", at: "job_name")
            }
            configs.append(config)
        }
        return configs
    }

    private func scrapeConfig(_ m: ConfigMapping, global: GlobalConfig) -> ScrapeConfig? {
        let jobName = m.string("job_name") ?? ""
        if jobName.isEmpty {
            m.error("job_name is empty", at: "job_name")
        }
        // As Prometheus: the interval defaults to the global one; the timeout may not exceed
        // it; an unset timeout is the global timeout, capped to the interval.
        var interval = global.scrapeInterval
        if let written = m.duration("scrape_interval"), written > .zero { interval = written }
        let writtenTimeout = m.duration("scrape_timeout") ?? .zero
        if writtenTimeout > interval {
            let at = m.contains("scrape_timeout") ? "scrape_timeout" : "scrape_interval"
            m.error("scrape timeout greater than scrape interval for scrape config with job name \"\(jobName)\"", at: at)
        }
        let timeout = writtenTimeout > .zero ? writtenTimeout : min(global.scrapeTimeout, interval)
        var config = ScrapeConfig(jobName: jobName, scrapeInterval: interval, scrapeTimeout: timeout)
        config.location = m.location

        if let path = m.string("metrics_path") { config.metricsPath = path }
        if let scheme = m.string("scheme") {
            if scheme == "http" || scheme == "https" {
                config.scheme = scheme
            } else {
                m.error("scheme must be \"http\" or \"https\", got \"\(scheme)\"", at: "scheme")
            }
        }
        if let params = m["params"] { config.params = self.params(params, path: m.path("params")) }
        if let honorLabels = m.bool("honor_labels") { config.honorLabels = honorLabels }
        if let honorTimestamps = m.bool("honor_timestamps") { config.honorTimestamps = honorTimestamps }
        config.http = httpClient(m)
        config.relabelConfigs = relabelConfigs(m, key: "relabel_configs")
        config.metricRelabelConfigs = relabelConfigs(m, key: "metric_relabel_configs")
        config.staticConfigs = staticConfigs(m, checkTargets: config.relabelConfigs.isEmpty)
        config.fileSDConfigs = fileSDConfigs(m)
        // Limits: 0 inherits the global limit, as Prometheus.
        config.sampleLimit = nonZero(m.int("sample_limit", minimum: 0), else: global.sampleLimit)
        config.labelLimit = nonZero(m.int("label_limit", minimum: 0), else: global.labelLimit)
        config.labelNameLengthLimit = nonZero(m.int("label_name_length_limit", minimum: 0), else: global.labelNameLengthLimit)
        config.labelValueLengthLimit = nonZero(m.int("label_value_length_limit", minimum: 0), else: global.labelValueLengthLimit)
        let bodySize = m.byteSize("body_size_limit") ?? 0
        config.bodySizeLimitBytes = bodySize != 0 ? bodySize : global.bodySizeLimitBytes
        return config
    }

    private func nonZero(_ value: Int?, else fallback: Int) -> Int {
        guard let value, value != 0 else { return fallback }
        return value
    }

    /// `params:` — URL query parameters, each a list of values (Go's url.Values).
    private func params(_ node: ConfigNode, path: String) -> [String: [String]] {
        guard let entries = node.entries else {
            error("expected a mapping, got \(node.kindDescription)", at: node.location, path: path)
            return [:]
        }
        var params: [String: [String]] = [:]
        for entry in entries {
            if let values = stringList(entry.value, path: ConfigMapping.join(path, entry.key)) {
                params[entry.key] = values
            }
        }
        return params
    }

    /// `static_configs:` (also used by Alertmanagers). Targets are `host:port`; without
    /// relabeling, a target containing `/` is refused as Prometheus' checkStaticTargets does.
    func staticConfigs(_ m: ConfigMapping, checkTargets: Bool) -> [StaticConfig] {
        guard let items = m.list("static_configs") else { return [] }
        var configs: [StaticConfig] = []
        for item in items {
            guard let group = mapping(item.node, path: item.path, keys: ["targets", "labels"]) else { continue }
            var targets: [String] = []
            for target in group.list("targets") ?? [] {
                guard let address = string(target.node, path: target.path) else { continue }
                if checkTargets, address.contains("/") {
                    error("\"\(address)\" is not a valid hostname", at: target.node.location, path: target.path)
                }
                targets.append(address)
            }
            let labels = group.stringMap("labels").map { labelSet($0, path: group.path("labels")) } ?? .empty
            configs.append(StaticConfig(targets: targets, labels: labels))
        }
        return configs
    }

    /// `file_sd_configs:` (also used by Alertmanagers), with discovery/file's checks.
    func fileSDConfigs(_ m: ConfigMapping) -> [FileSDConfig] {
        guard let items = m.list("file_sd_configs") else { return [] }
        var configs: [FileSDConfig] = []
        for item in items {
            guard let sd = mapping(item.node, path: item.path, keys: ["files", "refresh_interval"]) else { continue }
            let files = sd.stringList("files") ?? []
            if files.isEmpty {
                sd.error("file service discovery config must contain at least one path name", at: "files")
            }
            for (index, name) in files.enumerated() where !Glob.isValidFileSDPattern(name) {
                let node = sd["files"]?.items?[index]
                error("path name \"\(name)\" is not valid for file discovery",
                      at: node?.location ?? sd.location, path: "\(sd.path("files"))[\(index)]")
            }
            var config = FileSDConfig(files: files)
            if let refresh = sd.duration("refresh_interval"), refresh > .zero { config.refreshInterval = refresh }
            configs.append(config)
        }
        return configs
    }
}
