import VigilModel

/// `alerting:`.
public struct AlertingConfig: Sendable, Hashable {
    public var alertRelabelConfigs: [RelabelConfig] = []
    public var alertmanagers: [AlertmanagerConfig] = []

    public init() {}
}

/// `alerting.alertmanagers[]`.
public struct AlertmanagerConfig: Sendable, Hashable {
    public var staticConfigs: [StaticConfig] = []
    public var fileSDConfigs: [FileSDConfig] = []
    public var relabelConfigs: [RelabelConfig] = []
    /// Applied to alerts sent to this Alertmanager only, after `alerting.alert_relabel_configs`.
    public var alertRelabelConfigs: [RelabelConfig] = []
    public var pathPrefix = "/"
    public var scheme = "http"
    public var timeout: Duration = .seconds(10)
    /// Only `v2` exists today.
    public var apiVersion = "v2"
    public var http = HTTPClientConfig()

    public init() {}
}

/// `remote_write[]`.
public struct RemoteWriteConfig: Sendable, Hashable {
    public var url: String
    public var name: String?
    public var remoteTimeout: Duration = .seconds(30)
    public var headers: [String: String] = [:]
    public var writeRelabelConfigs: [RelabelConfig] = []
    public var http = HTTPClientConfig()
    public var queue = QueueConfig()

    public init(url: String) {
        self.url = url
    }
}

/// `remote_write[].queue_config`, with Prometheus' defaults.
public struct QueueConfig: Sendable, Hashable {
    public var capacity = 10_000
    public var maxShards = 50
    public var minShards = 1
    public var maxSamplesPerSend = 2_000
    public var batchSendDeadline: Duration = .seconds(5)
    public var minBackoff: Duration = .milliseconds(30)
    public var maxBackoff: Duration = .seconds(5)
    public var retryOnHTTP429 = false

    public init() {}
}
