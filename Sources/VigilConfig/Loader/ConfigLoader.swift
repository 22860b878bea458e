import Foundation
import VigilModel

/// Loads the one config file: a superset of `prometheus.yml` (see docs/configuration.md).
///
/// Prometheus' keys keep their meaning and defaults, and inherit as in Prometheus
/// (scrape interval, timeout and limits from `global`). Every problem found is reported at
/// `file:line:column`, all of them in one `ConfigError`: wrong types, bad durations, sizes,
/// regexes and label names, unknown keys (with a did-you-mean), duplicates, broken
/// cross-references, and Prometheus features Vigil does not support yet (named as such).
/// Rule files are read separately with `RuleFileLoader`.
public enum ConfigLoader {
    /// Reads and validates the config file at `file`.
    ///
    /// - Parameter environment: for `$VAR` in `global.external_labels`, as Prometheus expands them.
    public static func load(file: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigError) -> LoadedConfig
    {
        let yaml = try ConfigFiles.read(file)
        return try parse(yaml: yaml, file: file, environment: environment)
    }

    /// Validates config text as if read from `file` (used for positions and to resolve
    /// relative paths against the file's folder).
    public static func parse(yaml: String, file: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigError) -> LoadedConfig
    {
        let (root, readWarnings) = try YAMLDocument.read(yaml: yaml, file: file)
        let decoder = ConfigDecoder(file: file)
        readWarnings.forEach { decoder.warning($0.message, at: $0.location, path: $0.keyPath) }
        var config = VigilConfiguration(file: file)
        if let root {
            decoder.decodeConfiguration(root, into: &config, environment: environment)
        }
        try decoder.finish()
        return LoadedConfig(config: config, warnings: decoder.sortedWarnings)
    }
}

/// Reading files with errors in the `ConfigError` shape.
enum ConfigFiles {
    static func read(_ file: String) throws(ConfigError) -> String {
        guard let data = FileManager.default.contents(atPath: file) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory)
            let reason = !exists ? "no such file" : isDirectory.boolValue ? "is a directory" : "permission denied"
            throw ConfigError(file: file, line: 0, column: 0, message: "cannot read file: \(reason)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: file, line: 0, column: 0, message: "cannot read file: not valid UTF-8")
        }
        return text
    }
}

// MARK: - Top level

extension ConfigDecoder {
    static let topLevelKeys = [
        "global", "scrape_configs", "rule_files", "rule_groups", "alerting", "remote_write",
        "storage", "web", "push", "dashboards", "dashboard_files", "notifications",
    ]

    func decodeConfiguration(_ root: ConfigNode, into config: inout VigilConfiguration, environment: [String: String]) {
        guard root.entries != nil || root.isNull else {
            error("expected a mapping at the top of the config file, got \(root.kindDescription)", at: root.location, path: "")
            return
        }
        guard let top = mapping(root, path: "", keys: Self.topLevelKeys, sections: [.top]) else { return }

        if let global = top.mapping("global", keys: Self.globalKeys, sections: [.global]) {
            config.global = globalConfig(global, environment: environment)
        }
        config.scrapeConfigs = scrapeConfigs(top, global: config.global)
        config.ruleFiles = filePatterns(top, key: "rule_files", what: "rule file")
        config.ruleGroups = ruleGroups(top, key: "rule_groups")
        if let alerting = top.mapping("alerting", keys: ["alert_relabel_configs", "alertmanagers"]) {
            config.alerting = alertingConfig(alerting)
        }
        config.remoteWrite = remoteWriteConfigs(top)
        if let storage = top.mapping("storage", keys: ["path", "retention", "series_retention"], sections: [.storage]) {
            config.storage = storageConfig(storage)
        }
        if let web = top.mapping("web", keys: Self.webKeys) {
            config.web = webConfig(web)
        }
        if let push = top.mapping("push", keys: ["default_ttl", "interval"]) {
            config.push = pushConfig(push)
        }
        config.dashboards = dashboards(top)
        config.dashboardFiles = filePatterns(top, key: "dashboard_files", what: "dashboard file")
        if let notifications = top["notifications"] {
            config.notifications = notificationsConfig(notifications, path: top.path("notifications"))
        }
    }

    /// `rule_files` and `dashboard_files`: globs whose `*` may only appear in the last path
    /// element, as Prometheus checks rule file paths.
    private func filePatterns(_ top: ConfigMapping, key: String, what: String) -> [String] {
        guard let items = top.list(key) else { return [] }
        var patterns: [String] = []
        for item in items {
            guard let pattern = string(item.node, path: item.path) else { continue }
            if !Glob.isValidPattern(pattern) {
                error("invalid \(what) path \"\(pattern)\"", at: item.node.location, path: item.path)
                continue
            }
            patterns.append(pattern)
        }
        return patterns
    }

    /// `dashboards:`: kept as positioned nodes for VigilDashboard, each a mapping.
    private func dashboards(_ top: ConfigMapping) -> [ConfigNode] {
        guard let items = top.list("dashboards") else { return [] }
        var dashboards: [ConfigNode] = []
        for item in items {
            guard item.node.entries != nil else {
                error("expected a mapping, got \(item.node.kindDescription)", at: item.node.location, path: item.path)
                continue
            }
            dashboards.append(item.node)
        }
        return dashboards
    }
}
