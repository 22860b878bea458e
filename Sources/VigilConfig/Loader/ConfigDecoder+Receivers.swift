/// `notifications.receivers`: the Alertmanager integrations Vigil sends to.
extension ConfigDecoder {
    static let receiverKeys = ["name", "webhook_configs", "slack_configs", "msteams_configs", "msteamsv2_configs"]

    /// Receivers with unique names; other Alertmanager integrations are named errors.
    func receivers(_ m: ConfigMapping, global: NotificationsGlobal) -> [Receiver] {
        var receivers: [Receiver] = []
        var names: Set<String> = []
        for item in m.list("receivers") ?? [] {
            guard let r = mapping(item.node, path: item.path, keys: Self.receiverKeys, sections: [.receiver]) else { continue }
            let name = r.string("name") ?? ""
            if name.isEmpty {
                r.error("missing name in receiver", at: "name")
                continue
            }
            if !names.insert(name).inserted {
                r.error("notification config name \"\(name)\" is not unique", at: "name")
            }
            var receiver = Receiver(name: name)
            receiver.webhookConfigs = configs(r, "webhook_configs") { webhook($0, $1) }
            receiver.slackConfigs = configs(r, "slack_configs") { slack($0, $1, global: global) }
            receiver.msteamsConfigs = configs(r, "msteams_configs") { msteams($0, $1, version: 1) }
            receiver.msteamsV2Configs = configs(r, "msteamsv2_configs") { msteams($0, $1, version: 2) }
            receivers.append(receiver)
        }
        return receivers
    }

    private func configs<T>(_ r: ConfigMapping, _ key: String, _ decode: (ConfigNode, String) -> T?) -> [T] {
        (r.list(key) ?? []).compactMap { item in
            guard !item.node.isNull else {
                // Worded as Alertmanager: "missing webhook config".
                error("missing \(key.dropLast("_configs".count)) config", at: item.node.location, path: item.path)
                return nil
            }
            return decode(item.node, item.path)
        }
    }

    private func webhook(_ node: ConfigNode, _ path: String) -> WebhookConfig? {
        guard let m = mapping(node, path: path, keys: ["url", "send_resolved", "max_alerts", "timeout", "http_config"],
                              sections: [.webhook]) else { return nil }
        let url = m.string("url") ?? ""
        if url.isEmpty {
            if m.node["url_file"] == nil { m.error("one of url or url_file must be configured", at: "url") }
        } else if !Self.isHTTPURL(url) {
            m.error("invalid URL \"\(url)\"", at: "url")
        }
        var config = WebhookConfig(url: url)
        if let sendResolved = m.bool("send_resolved") { config.sendResolved = sendResolved }
        if let maxAlerts = m.int("max_alerts", minimum: 0) { config.maxAlerts = maxAlerts }
        if let timeout = m.duration("timeout"), timeout > .zero { config.timeout = timeout }
        config.http = nestedHTTPClient(m)
        return config
    }

    private func slack(_ node: ConfigNode, _ path: String, global: NotificationsGlobal) -> SlackConfig? {
        let keys = ["api_url", "channel", "username", "title", "title_link", "text", "color", "icon_emoji", "icon_url",
                    "send_resolved", "http_config"]
        guard let m = mapping(node, path: path, keys: keys, sections: [.slack]) else { return nil }
        var config = SlackConfig()
        if let url = m.string("api_url") {
            if Self.isHTTPURL(url) { config.apiURL = url } else { m.error("invalid URL \"\(url)\"", at: "api_url") }
        } else if global.slackAPIURL == nil, m.node["api_url_file"] == nil {
            m.error("no Slack API URL nor App token set either inline or in a file")
        }
        config.channel = m.string("channel")
        config.username = m.string("username")
        if let title = m.string("title") { config.title = title }
        if let titleLink = m.string("title_link") { config.titleLink = titleLink }
        if let text = m.string("text") { config.text = text }
        if let color = m.string("color") { config.color = color }
        config.iconEmoji = m.string("icon_emoji")
        config.iconURL = m.string("icon_url")
        if let sendResolved = m.bool("send_resolved") { config.sendResolved = sendResolved }
        config.http = nestedHTTPClient(m)
        return config
    }

    /// `msteams_configs` (version 1, MessageCard) and `msteamsv2_configs` (version 2,
    /// Adaptive Card), with each one's default templates.
    private func msteams(_ node: ConfigNode, _ path: String, version: Int) -> MSTeamsConfig? {
        let keys = version == 1
            ? ["webhook_url", "title", "summary", "text", "send_resolved", "http_config"]
            : ["webhook_url", "title", "text", "send_resolved", "http_config"]
        guard let m = mapping(node, path: path, keys: keys, sections: [.msteams]) else { return nil }
        let url = m.string("webhook_url") ?? ""
        if url.isEmpty {
            if m.node["webhook_url_file"] == nil {
                m.error("one of webhook_url or webhook_url_file must be configured", at: "webhook_url")
            }
        } else if !Self.isHTTPURL(url) {
            m.error("invalid URL \"\(url)\"", at: "webhook_url")
        }
        var config = MSTeamsConfig(webhookURL: url)
        if version == 2 {
            config.title = #"{{ template "msteamsv2.default.title" . }}"#
            config.text = #"{{ template "msteamsv2.default.text" . }}"#
        }
        if let title = m.string("title") { config.title = title }
        if let summary = m.string("summary") { config.summary = summary }
        if let text = m.string("text") { config.text = text }
        if let sendResolved = m.bool("send_resolved") { config.sendResolved = sendResolved }
        config.http = nestedHTTPClient(m)
        return config
    }
}
