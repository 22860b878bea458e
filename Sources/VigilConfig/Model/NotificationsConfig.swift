import VigilModel

/// `notifications:` (Vigil's own), shaped exactly like alertmanager.yml so that its
/// `route`, `receivers` and `inhibit_rules` can be pasted in unchanged.
public struct NotificationsConfig: Sendable, Hashable {
    public var global = NotificationsGlobal()
    public var route: Route
    public var receivers: [Receiver] = []
    public var inhibitRules: [InhibitRule] = []
    /// Go-template files with `define`d templates, relative to the config's folder.
    public var templates: [String] = []

    public init(route: Route) {
        self.route = route
    }
}

/// alertmanager.yml's `global:` keys that receivers inherit.
public struct NotificationsGlobal: Sendable, Hashable {
    public var resolveTimeout: Duration = .seconds(300)
    public var slackAPIURL: String?
    public var http = HTTPClientConfig()

    public init() {}
}

/// A node of the routing tree. Unset timing fields inherit from the parent.
public struct Route: Sendable, Hashable {
    public var receiver: String?
    /// `["..."]` groups by all labels.
    public var groupBy: [String]?
    public var matchers: [LabelMatcher] = []
    public var `continue` = false
    public var groupWait: Duration?
    public var groupInterval: Duration?
    public var repeatInterval: Duration?
    public var routes: [Route] = []
    public var location: ConfigLocation?

    public init() {}
}

public struct Receiver: Sendable, Hashable {
    public var name: String
    public var webhookConfigs: [WebhookConfig] = []
    public var slackConfigs: [SlackConfig] = []
    public var msteamsConfigs: [MSTeamsConfig] = []
    public var msteamsV2Configs: [MSTeamsConfig] = []

    public init(name: String) {
        self.name = name
    }
}

/// `webhook_configs[]`: Alertmanager's webhook JSON (version "4").
public struct WebhookConfig: Sendable, Hashable {
    public var url: String
    public var sendResolved = true
    /// 0 = all alerts of the group.
    public var maxAlerts = 0
    public var timeout: Duration = .seconds(10)
    public var http = HTTPClientConfig()

    public init(url: String) {
        self.url = url
    }
}

/// `slack_configs[]`: an incoming webhook; templates as Alertmanager's defaults.
public struct SlackConfig: Sendable, Hashable {
    /// Nil inherits `global.slack_api_url`.
    public var apiURL: String?
    public var channel: String?
    public var username: String?
    public var title = #"{{ template "slack.default.title" . }}"#
    public var titleLink = #"{{ template "slack.default.titlelink" . }}"#
    public var text = #"{{ template "slack.default.text" . }}"#
    public var color = #"{{ if eq .Status "firing" }}danger{{ else }}good{{ end }}"#
    public var iconEmoji: String?
    public var iconURL: String?
    public var sendResolved = false
    public var http = HTTPClientConfig()

    public init() {}
}

/// `msteams_configs[]` (MessageCard) and `msteamsv2_configs[]` (Adaptive Card for Workflows).
public struct MSTeamsConfig: Sendable, Hashable {
    public var webhookURL: String
    public var title = #"{{ template "msteams.default.title" . }}"#
    public var summary = #"{{ template "msteams.default.summary" . }}"#
    public var text = #"{{ template "msteams.default.text" . }}"#
    public var sendResolved = true
    public var http = HTTPClientConfig()

    public init(webhookURL: String) {
        self.webhookURL = webhookURL
    }
}

/// `inhibit_rules[]`.
public struct InhibitRule: Sendable, Hashable {
    public var sourceMatchers: [LabelMatcher] = []
    public var targetMatchers: [LabelMatcher] = []
    public var equal: [String] = []

    public init() {}
}
