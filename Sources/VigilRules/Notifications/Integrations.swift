import Foundation
import VigilConfig
import VigilModel

/// What an integration needs to build one notification.
struct NotificationContext: Sendable {
    var receiver: String
    var groupKey: String
    var groupLabels: Labels
    var externalURL: String
    var now: Timestamp
    var templates: NotificationTemplates

    func data(for alerts: [DispatchedAlert]) -> NotificationData {
        NotificationData(receiver: receiver, groupLabels: groupLabels, alerts: alerts, externalURL: externalURL, now: now)
    }
}

/// Why a notification failed, and whether trying again may help (Alertmanager retries
/// network errors and 5xx responses, not 4xx ones).
struct NotificationFailure: Error, Sendable, CustomStringConvertible {
    var message: String
    var retry: Bool
    /// Alertmanager's failure reason label: `clientError`, `serverError`, `other`, …
    var reason: String

    var description: String { message }

    /// Alertmanager's `Retrier.Check` for a response: nil when it succeeded.
    static func check(_ response: NotificationResponse) -> NotificationFailure? {
        guard response.status / 100 != 2 else { return nil }
        var message = "unexpected status code \(response.status)"
        if !response.body.isEmpty { message += ": \(response.body)" }
        let reason = response.status / 100 == 4 ? "clientError" : response.status / 100 == 5 ? "serverError" : "other"
        return NotificationFailure(message: message, retry: response.status / 100 == 5, reason: reason)
    }
}

/// One way of notifying within a receiver (Alertmanager's integration): builds the request
/// for a group's alerts and judges the response.
protocol NotificationIntegration: Sendable {
    /// `webhook`, `slack`, `msteams` or `msteamsv2`.
    var kind: String { get }
    var sendResolved: Bool { get }
    var timeout: Duration { get }
    /// Authorization and other client settings of the integration.
    var http: HTTPClientConfig { get }
    func request(for alerts: [DispatchedAlert], context: NotificationContext) throws(NotificationFailure) -> (url: String, body: [UInt8])
    func failure(in response: NotificationResponse) -> NotificationFailure?
}

extension NotificationIntegration {
    func failure(in response: NotificationResponse) -> NotificationFailure? { NotificationFailure.check(response) }

    func expand(_ text: String, _ data: NotificationData, _ context: NotificationContext) throws(NotificationFailure) -> String {
        do {
            return try context.templates.expand(text, data: data)
        } catch {
            throw NotificationFailure(message: "template: \(error.description)", retry: false, reason: "other")
        }
    }
}

/// `webhook_configs`: Alertmanager's webhook message, version "4".
struct WebhookIntegration: NotificationIntegration {
    var config: WebhookConfig
    var kind: String { "webhook" }
    var http: HTTPClientConfig { config.http }
    var sendResolved: Bool { config.sendResolved }
    var timeout: Duration { config.timeout }

    func request(for alerts: [DispatchedAlert], context: NotificationContext) throws(NotificationFailure) -> (url: String, body: [UInt8]) {
        var sent = alerts
        var truncated = 0
        if config.maxAlerts > 0 && alerts.count > config.maxAlerts {
            sent = Array(alerts.prefix(config.maxAlerts))
            truncated = alerts.count - config.maxAlerts
        }
        let data = context.data(for: sent)
        let json = GoJSON.object(Self.dataFields(data) + [
            ("version", GoJSON.string("4")),
            ("groupKey", GoJSON.string(context.groupKey)),
            ("truncatedAlerts", String(truncated)),
        ]) + "\n"
        return (config.url, Array(json.utf8))
    }

    /// `template.Data` as JSON fields, in Alertmanager's order.
    static func dataFields(_ data: NotificationData) -> [(String, String)] {
        [
            ("receiver", GoJSON.string(data.receiver)),
            ("status", GoJSON.string(data.status)),
            ("alerts", GoJSON.array(data.alerts.map { alert in
                GoJSON.object([
                    ("status", GoJSON.string(alert.status)),
                    ("labels", GoJSON.stringMap(alert.labels)),
                    ("annotations", GoJSON.stringMap(alert.annotations)),
                    ("startsAt", GoJSON.time(GoTime(milliseconds: alert.startsAt))),
                    ("endsAt", GoJSON.time(alert.endsAt.map { GoTime(milliseconds: $0) } ?? .zero)),
                    ("generatorURL", GoJSON.string(alert.generatorURL)),
                    ("fingerprint", GoJSON.string(alert.fingerprint)),
                ])
            })),
            ("groupLabels", GoJSON.stringMap(data.groupLabels)),
            ("commonLabels", GoJSON.stringMap(data.commonLabels)),
            ("commonAnnotations", GoJSON.stringMap(data.commonAnnotations)),
            ("externalURL", GoJSON.string(data.externalURL)),
        ]
    }
}

/// `slack_configs`: an incoming-webhook message with one attachment, as Alertmanager posts.
struct SlackIntegration: NotificationIntegration {
    var config: SlackConfig
    /// `api_url`, or the global `slack_api_url`.
    var url: String
    var kind: String { "slack" }
    var http: HTTPClientConfig { config.http }
    var sendResolved: Bool { config.sendResolved }
    var timeout: Duration { .seconds(30) }

    static let maxTitleRunes = 1024

    func request(for alerts: [DispatchedAlert], context: NotificationContext) throws(NotificationFailure) -> (url: String, body: [UInt8]) {
        let data = context.data(for: alerts)
        var title = try expand(config.title, data, context)
        if title.count > Self.maxTitleRunes { title = String(title.prefix(Self.maxTitleRunes - 1)) + "…" }
        var attachment: [(String, String)] = []
        func optional(_ key: String, _ value: String) {
            if !value.isEmpty { attachment.append((key, GoJSON.string(value))) }
        }
        optional("title", title)
        optional("title_link", try expand(config.titleLink, data, context))
        optional("pretext", try expand(#"{{ template "slack.default.pretext" . }}"#, data, context))
        attachment.append(("text", GoJSON.string(try expand(config.text, data, context))))
        attachment.append(("fallback", GoJSON.string(try expand(#"{{ template "slack.default.fallback" . }}"#, data, context))))
        attachment.append(("callback_id", GoJSON.string(try expand(#"{{ template "slack.default.callbackid" . }}"#, data, context))))
        attachment.append(("footer", GoJSON.string(try expand(#"{{ template "slack.default.footer" . }}"#, data, context))))
        optional("color", try expand(config.color, data, context))
        attachment.append(("mrkdwn_in", GoJSON.array(["fallback", "pretext", "text"].map(GoJSON.string))))
        var request: [(String, String)] = []
        func optionalTop(_ key: String, _ value: String) {
            if !value.isEmpty { request.append((key, GoJSON.string(value))) }
        }
        optionalTop("channel", try expand(config.channel ?? "", data, context))
        optionalTop("username", try expand(config.username ?? #"{{ template "slack.default.username" . }}"#, data, context))
        optionalTop("icon_emoji", try expand(config.iconEmoji ?? #"{{ template "slack.default.iconemoji" . }}"#, data, context))
        optionalTop("icon_url", try expand(config.iconURL ?? #"{{ template "slack.default.iconurl" . }}"#, data, context))
        request.append(("attachments", GoJSON.array([GoJSON.object(attachment)])))
        return (url, Array((GoJSON.object(request) + "\n").utf8))
    }

    /// Beyond the status code, Slack's incoming webhooks answer `ok` in plain text; an API
    /// endpoint answers JSON with `"ok": false` and an error.
    func failure(in response: NotificationResponse) -> NotificationFailure? {
        if let failure = NotificationFailure.check(response) { return failure }
        if response.contentType.hasPrefix("application/json") {
            if response.body.contains("\"ok\":false") || response.body.contains("\"ok\": false") {
                return NotificationFailure(message: "error response from Slack: \(response.body)", retry: false, reason: "clientError")
            }
            return nil
        }
        if !response.body.isEmpty && response.body != "ok" {
            return NotificationFailure(message: "received an error response from Slack: \(response.body)", retry: false, reason: "clientError")
        }
        return nil
    }
}

/// `msteams_configs`: an Office 365 connector MessageCard.
struct MSTeamsIntegration: NotificationIntegration {
    var config: MSTeamsConfig
    var kind: String { "msteams" }
    var http: HTTPClientConfig { config.http }
    var sendResolved: Bool { config.sendResolved }
    var timeout: Duration { .seconds(30) }

    func request(for alerts: [DispatchedAlert], context: NotificationContext) throws(NotificationFailure) -> (url: String, body: [UInt8]) {
        let data = context.data(for: alerts)
        let json = GoJSON.object([
            ("@context", GoJSON.string("http://schema.org/extensions")),
            ("type", GoJSON.string("MessageCard")),
            ("title", GoJSON.string(try expand(config.title, data, context))),
            ("summary", GoJSON.string(try expand(config.summary, data, context))),
            ("text", GoJSON.string(try expand(config.text, data, context))),
            ("themeColor", GoJSON.string(data.status == "firing" ? "8C1A1A" : "2DC72D")),
        ]) + "\n"
        return (config.webhookURL, Array(json.utf8))
    }
}

/// `msteamsv2_configs`: an Adaptive Card for Teams workflows (Power Automate).
struct MSTeamsV2Integration: NotificationIntegration {
    var config: MSTeamsConfig
    var kind: String { "msteamsv2" }
    var http: HTTPClientConfig { config.http }
    var sendResolved: Bool { config.sendResolved }
    var timeout: Duration { .seconds(30) }

    func request(for alerts: [DispatchedAlert], context: NotificationContext) throws(NotificationFailure) -> (url: String, body: [UInt8]) {
        let data = context.data(for: alerts)
        // The model's defaults name the v1 templates; v2 has its own of the same text.
        let title = try expand(config.title.replacingOccurrences(of: "\"msteams.default.", with: "\"msteamsv2.default."), data, context)
        let text = try expand(config.text.replacingOccurrences(of: "\"msteams.default.", with: "\"msteamsv2.default."), data, context)
        let heading = GoJSON.object([
            ("type", GoJSON.string("TextBlock")), ("text", GoJSON.string(title)), ("weight", GoJSON.string("Bolder")),
            ("size", GoJSON.string("Medium")), ("wrap", "true"), ("style", GoJSON.string("heading")),
            ("color", GoJSON.string(data.status == "firing" ? "Attention" : "Good")),
        ])
        let body = GoJSON.object([("type", GoJSON.string("TextBlock")), ("text", GoJSON.string(text)), ("wrap", "true")])
        let content = GoJSON.object([
            ("$schema", GoJSON.string("http://adaptivecards.io/schemas/adaptive-card.json")),
            ("type", GoJSON.string("AdaptiveCard")), ("version", GoJSON.string("1.2")),
            ("body", GoJSON.array([heading, body])),
            ("msteams", GoJSON.object([("width", GoJSON.string("full"))])),
        ])
        let json = GoJSON.object([
            ("type", GoJSON.string("message")),
            ("attachments", GoJSON.array([GoJSON.object([
                ("contentType", GoJSON.string("application/vnd.microsoft.card.adaptive")),
                ("contentUrl", "null"),
                ("content", content),
            ])])),
        ]) + "\n"
        return (config.webhookURL, Array(json.utf8))
    }
}
