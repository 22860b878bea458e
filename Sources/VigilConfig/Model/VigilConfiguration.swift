import VigilModel

/// The one config file: a superset of `prometheus.yml`. Keys Prometheus users know keep
/// their names, meanings and defaults; `storage`, `web`, `dashboards`, `dashboard_files`,
/// `notifications`, `push` and `rule_groups` are Vigil's own. See docs/configuration.md.
public struct VigilConfiguration: Sendable, Hashable {
    /// The file this was loaded from (relative paths in it resolve against its folder).
    public var file: String
    public var global = GlobalConfig()
    public var scrapeConfigs: [ScrapeConfig] = []
    /// Globs as written; `RuleFileLoader` resolves them against the config's folder.
    public var ruleFiles: [String] = []
    /// Rule groups written inline in the config file.
    public var ruleGroups: [RuleGroupConfig] = []
    public var alerting = AlertingConfig()
    public var remoteWrite: [RemoteWriteConfig] = []
    public var storage = StorageConfig()
    public var web = WebConfig()
    public var push = PushConfig()
    /// Dashboards written inline (decoded by VigilDashboard from the positioned nodes).
    public var dashboards: [ConfigNode] = []
    /// Globs of dashboard files, relative to the config's folder.
    public var dashboardFiles: [String] = []
    public var notifications: NotificationsConfig?

    public init(file: String) {
        self.file = file
    }

    /// The folder of `file`: relative globs (`rule_files`, `dashboard_files`,
    /// `file_sd_configs`) resolve against it, as Prometheus resolves them against the
    /// config file's directory. Pass it to `Glob.expand(_:relativeTo:)`.
    public var directory: String { ConfigPaths.directory(of: file) }
}

/// `global:`.
public struct GlobalConfig: Sendable, Hashable {
    /// Prometheus' defaults: 1m, 10s (never more than the interval), 1m.
    public var scrapeInterval: Duration = .seconds(60)
    public var scrapeTimeout: Duration = .seconds(10)
    public var evaluationInterval: Duration = .seconds(60)
    public var externalLabels: Labels = .empty
    /// How far back rule groups evaluate by default (`rule_query_offset`, Prometheus 2.53+).
    public var ruleQueryOffset: Duration = .zero
    /// Accepted for compatibility and ignored with a warning.
    public var queryLogFile: String?
    /// Defaults for every scrape config (0 = no limit).
    public var sampleLimit = 0
    public var labelLimit = 0
    public var labelNameLengthLimit = 0
    public var labelValueLengthLimit = 0
    public var bodySizeLimitBytes: Int64 = 0

    public init() {}
}

/// `storage:` (Vigil's own): where the database lives and how long data is kept.
public struct StorageConfig: Sendable, Hashable {
    /// Data directory; `--data`/`VIGIL_DATA` override it. Nil means the command-line default.
    public var path: String?
    /// `storage.retention.time`. As Prometheus: 15 days, counted back from the newest
    /// sample stored. Always greater than zero.
    public var retentionTime: Duration = .seconds(15 * 24 * 3600)
    /// `storage.retention.size` in bytes (base 2: `10GB` is 10 GiB); 0 = no size limit.
    public var retentionSizeBytes: Int64 = 0
    /// Per-series retention (beyond Prometheus): the first rule whose selector matches wins.
    public var seriesRetention: [SeriesRetentionRule] = []

    public init() {}
}

/// `storage.series_retention[]`: keep series matching `selector` for `retention`.
public struct SeriesRetentionRule: Sendable, Hashable {
    /// The selector as written, e.g. `{job="batch"}`.
    public var selector: String
    public var matchers: [LabelMatcher]
    public var retention: Duration

    public init(selector: String, matchers: [LabelMatcher], retention: Duration) {
        self.selector = selector
        self.matchers = matchers
        self.retention = retention
    }
}

/// `web:` (Vigil's own).
public struct WebConfig: Sendable, Hashable {
    /// `host:port`; `--listen`/`VIGIL_LISTEN` override it. Nil means the default `0.0.0.0:3000`.
    public var listen: String?
    /// The URL users reach Vigil at, for links in notifications (`$externalURL`).
    public var externalURL: String?
    /// `POST /api/v1/write` is served only when true (404 otherwise, as Prometheus).
    public var enableRemoteWriteReceiver = false
    /// Limits for the query engine (Prometheus' flag defaults).
    public var queryTimeout: Duration = .seconds(120)
    public var queryMaxSamples = 50_000_000
    public var queryMaxConcurrency = 20
    public var queryLookbackDelta: Duration = .seconds(300)

    public init() {}
}

/// `push:` (Vigil's own): the Pushgateway-compatible API.
public struct PushConfig: Sendable, Hashable {
    /// A pushed group is dropped this long after its last push; nil keeps groups forever
    /// (the Pushgateway's behaviour). A push can override it per group.
    public var defaultTTL: Duration?
    /// How often pushed groups are ingested; nil means the global scrape interval.
    public var interval: Duration?

    public init() {}
}
