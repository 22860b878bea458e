/// The mappings of the config file, for looking up keys Vigil knows but does not support.
enum ConfigSection: Sendable, Hashable {
    case top, global, scrapeConfig, httpClient, basicAuth, authorization, tls
    case alertmanager, remoteWrite, queueConfig, storage
    case notifications, notificationsGlobal, route, receiver, webhook, slack, msteams, inhibitRule
}

/// A Prometheus or Alertmanager key that Vigil recognises but does not implement (yet).
struct UnsupportedFeature: Sendable {
    enum Match: Sendable { case exact, prefix, suffix }
    enum Treatment: Sendable {
        /// An error naming the feature: the config asks for behaviour Vigil lacks.
        case notSupported
        /// A warning: the key changes nothing that matters to Vigil.
        case ignored
    }

    let key: String
    let match: Match
    let sections: Set<ConfigSection>
    let treatment: Treatment
    /// Appended in parentheses: what to use instead, or why it is ignored.
    let note: String?
    /// Values that ask for nothing Vigil lacks (Prometheus' defaults): accepted silently.
    let harmless: Set<String>

    init(_ key: String, _ match: Match = .exact, in sections: Set<ConfigSection>, _ treatment: Treatment = .notSupported,
         note: String? = nil, harmless: Set<String> = []) {
        self.key = key
        self.match = match
        self.sections = sections
        self.treatment = treatment
        self.note = note
        self.harmless = harmless
    }

    func matches(_ candidate: String) -> Bool {
        switch match {
        case .exact: return candidate == key
        case .prefix: return candidate.hasPrefix(key)
        case .suffix: return candidate.hasSuffix(key)
        }
    }

    func accepts(_ value: ConfigNode) -> Bool {
        value.isNull || value.text.map(harmless.contains) == true
    }

    func message(for written: String) -> String {
        let head = treatment == .notSupported ? "\(written) is not supported yet by Vigil" : "\(written) is ignored by Vigil"
        return note.map { "\(head) (\($0))" } ?? head
    }
}

/// The one table of Prometheus and Alertmanager keys Vigil does not support yet. A key
/// found here gets an error (or a warning) that names it, instead of "unknown key".
enum UnsupportedFeatures {
    static func lookup(_ key: String, in sections: [ConfigSection]) -> UnsupportedFeature? {
        table.first { feature in feature.matches(key) && sections.contains { feature.sections.contains($0) } }
    }

    private static let scrapeAndGlobal: Set<ConfigSection> = [.global, .scrapeConfig]
    private static let slackNote = "Vigil's Slack messages use api_url, channel, username, title, title_link, text, color, icon_emoji and icon_url"
    private static let receiverNote = "supported receivers: webhook_configs, slack_configs, msteams_configs, msteamsv2_configs"

    static let table: [UnsupportedFeature] = [
        // Top level of prometheus.yml.
        .init("remote_read", in: [.top]),
        .init("scrape_config_files", in: [.top], note: "write the scrape configs into scrape_configs"),
        .init("tracing", in: [.top]),
        .init("otlp", in: [.top]),
        .init("runtime", in: [.top], .ignored, note: "Go runtime settings do not apply"),

        // global and scrape_configs.
        .init("query_log_file", in: [.global], .ignored, note: "queries are not logged to a file"),
        .init("scrape_failure_log_file", in: scrapeAndGlobal, .ignored, note: "scrape failures are not logged to a file"),
        .init("scrape_protocols", in: scrapeAndGlobal,
              note: "Vigil negotiates the Prometheus text format and OpenMetrics itself"),
        .init("fallback_scrape_protocol", in: [.scrapeConfig]),
        .init("target_limit", in: scrapeAndGlobal, harmless: ["0"]),
        .init("keep_dropped_targets", in: scrapeAndGlobal, harmless: ["0"]),
        .init("metric_name_validation_scheme", in: scrapeAndGlobal,
              note: "Vigil accepts classic metric and label names only", harmless: ["legacy"]),
        .init("metric_name_escaping_scheme", in: scrapeAndGlobal, harmless: ["underscores"]),
        .init("scrape_native_histograms", in: scrapeAndGlobal, note: "native histograms", harmless: ["false"]),
        .init("convert_classic_histograms_to_nhcb", in: scrapeAndGlobal, note: "native histograms", harmless: ["false"]),
        .init("always_scrape_classic_histograms", in: scrapeAndGlobal, harmless: ["true", "false"]),
        .init("native_histogram_bucket_limit", in: [.scrapeConfig], note: "native histograms", harmless: ["0"]),
        .init("native_histogram_min_bucket_factor", in: [.scrapeConfig], note: "native histograms", harmless: ["0"]),
        .init("extra_scrape_metrics", in: scrapeAndGlobal, harmless: ["false"]),
        .init("track_timestamps_staleness", in: [.scrapeConfig], harmless: ["false"]),
        .init("enable_compression", in: [.scrapeConfig], harmless: ["true"]),
        .init("_sd_configs", .suffix, in: [.scrapeConfig, .alertmanager],
              note: "supported service discovery: static_configs, file_sd_configs"),

        // HTTP client settings (inline in scrape configs, Alertmanagers and remote write;
        // `http_config` in notifications).
        .init("oauth2", in: [.httpClient]),
        .init("proxy_url", in: [.httpClient]),
        .init("no_proxy", in: [.httpClient]),
        .init("proxy_from_environment", in: [.httpClient], harmless: ["false"]),
        .init("proxy_connect_header", in: [.httpClient]),
        .init("http_headers", in: [.httpClient]),
        .init("enable_http2", in: [.httpClient], harmless: ["true", "false"]),
        .init("username_file", in: [.basicAuth]),
        .init("username_ref", in: [.basicAuth]),
        .init("password_ref", in: [.basicAuth]),
        .init("credentials_ref", in: [.authorization]),
        .init("ca", in: [.tls], note: "use ca_file"),
        .init("cert", in: [.tls], note: "use cert_file"),
        .init("key", in: [.tls], note: "use key_file"),
        .init("_ref", .suffix, in: [.tls]),
        .init("min_version", in: [.tls]),
        .init("max_version", in: [.tls]),

        // alerting and remote_write.
        .init("sigv4", in: [.alertmanager, .remoteWrite]),
        .init("azuread", in: [.remoteWrite]),
        .init("google_iam", in: [.remoteWrite]),
        .init("round_robin_dns", in: [.remoteWrite], harmless: ["false"]),
        .init("send_exemplars", in: [.remoteWrite], harmless: ["false"]),
        .init("send_native_histograms", in: [.remoteWrite], harmless: ["false"]),
        .init("protobuf_message", in: [.remoteWrite], note: "Vigil sends remote write 1.0",
              harmless: ["prometheus.WriteRequest"]),
        .init("failed_request_logging", in: [.remoteWrite], harmless: ["false"]),
        .init("metadata_config", in: [.remoteWrite], .ignored, note: "metric metadata is not sent"),
        .init("sample_age_limit", in: [.queueConfig], harmless: ["0", "0s"]),

        // storage: Prometheus' own keys beside Vigil's.
        .init("tsdb", in: [.storage], note: "use storage.retention"),
        .init("exemplars", in: [.storage]),

        // notifications (alertmanager.yml).
        .init("time_intervals", in: [.notifications]),
        .init("mute_time_intervals", in: [.notifications, .route]),
        .init("active_time_intervals", in: [.route]),
        .init("labels", in: [.route, .receiver]),
        .init("_configs", .suffix, in: [.receiver], note: receiverNote),
        .init("smtp_", .prefix, in: [.notificationsGlobal], .ignored, note: "email notifications are not supported yet"),
        .init("pagerduty_", .prefix, in: [.notificationsGlobal], .ignored, note: "PagerDuty notifications are not supported yet"),
        .init("opsgenie_", .prefix, in: [.notificationsGlobal], .ignored, note: "Opsgenie notifications are not supported yet"),
        .init("wechat_", .prefix, in: [.notificationsGlobal], .ignored, note: "WeChat notifications are not supported yet"),
        .init("victorops_", .prefix, in: [.notificationsGlobal], .ignored, note: "VictorOps notifications are not supported yet"),
        .init("telegram_", .prefix, in: [.notificationsGlobal], .ignored, note: "Telegram notifications are not supported yet"),
        .init("webex_", .prefix, in: [.notificationsGlobal], .ignored, note: "Webex notifications are not supported yet"),
        .init("jira_", .prefix, in: [.notificationsGlobal], .ignored, note: "Jira notifications are not supported yet"),
        .init("rocketchat_", .prefix, in: [.notificationsGlobal], .ignored, note: "Rocket.Chat notifications are not supported yet"),
        .init("mattermost_", .prefix, in: [.notificationsGlobal], .ignored, note: "Mattermost notifications are not supported yet"),
        .init("slack_api_url_file", in: [.notificationsGlobal], note: "use slack_api_url"),
        .init("slack_app_token", in: [.notificationsGlobal]),
        .init("slack_app_token_file", in: [.notificationsGlobal]),
        .init("slack_app_url", in: [.notificationsGlobal]),
        .init("url_file", in: [.webhook], note: "use url"),
        .init("payload", in: [.webhook]),
        .init("webhook_url_file", in: [.msteams], note: "use webhook_url"),
        .init("api_url_file", in: [.slack], note: "use api_url"),
        .init("app_token", in: [.slack]),
        .init("app_token_file", in: [.slack]),
        .init("app_url", in: [.slack]),
        .init("link_names", in: [.slack], note: slackNote, harmless: ["false"]),
        .init("short_fields", in: [.slack], note: slackNote, harmless: ["false"]),
        .init("update_message", in: [.slack], note: slackNote, harmless: ["false"]),
        .init("pretext", in: [.slack], note: slackNote),
        .init("fields", in: [.slack], note: slackNote),
        .init("footer", in: [.slack], note: slackNote),
        .init("fallback", in: [.slack], note: slackNote),
        .init("callback_id", in: [.slack], note: slackNote),
        .init("image_url", in: [.slack], note: slackNote),
        .init("thumb_url", in: [.slack], note: slackNote),
        .init("mrkdwn_in", in: [.slack], note: slackNote),
        .init("actions", in: [.slack], note: slackNote),
        .init("message_text", in: [.slack], note: slackNote),
        .init("timeout", in: [.slack], note: slackNote),
        .init("name", in: [.inhibitRule], .ignored, note: "inhibit rules are not named in Vigil"),
    ]
}
