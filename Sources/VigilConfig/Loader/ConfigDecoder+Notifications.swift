import VigilModel

/// `notifications:`, shaped exactly like alertmanager.yml (route, receivers, inhibit_rules,
/// templates, global), with Alertmanager's checks and messages.
extension ConfigDecoder {
    func notificationsConfig(_ node: ConfigNode, path: String) -> NotificationsConfig? {
        guard let m = mapping(node, path: path, keys: ["global", "route", "receivers", "inhibit_rules", "templates"],
                              sections: [.notifications]) else { return nil }
        var global = NotificationsGlobal()
        if let g = m.mapping("global", keys: ["resolve_timeout", "slack_api_url", "http_config"], sections: [.notificationsGlobal]) {
            if let timeout = g.duration("resolve_timeout"), timeout > .zero { global.resolveTimeout = timeout }
            if let url = g.string("slack_api_url") {
                if Self.isHTTPURL(url) { global.slackAPIURL = url } else { g.error("invalid URL \"\(url)\"", at: "slack_api_url") }
            }
            global.http = nestedHTTPClient(g)
        }

        let receivers = self.receivers(m, global: global)
        let receiverNames = Set(receivers.map(\.name))
        var route = Route()
        if let routeNode = m["route"] {
            route = self.route(routeNode, path: m.path("route"), receivers: receiverNames, isRoot: true) ?? Route()
        } else {
            m.error("no route provided in config")
        }
        var config = NotificationsConfig(route: route)
        config.global = global
        config.receivers = receivers
        for item in m.list("inhibit_rules") ?? [] {
            if let rule = inhibitRule(item.node, path: item.path) { config.inhibitRules.append(rule) }
        }
        config.templates = m.stringList("templates") ?? []
        return config
    }

    // MARK: - Routes

    static let routeKeys = [
        "receiver", "group_by", "matchers", "match", "match_re", "continue", "group_wait", "group_interval",
        "repeat_interval", "routes",
    ]

    /// A routing tree node; referenced receivers must exist. The root needs a receiver, has
    /// no matchers and no `continue`, and carries the defaults its children inherit
    /// (group_wait 30s, group_interval 5m, repeat_interval 4h).
    private func route(_ node: ConfigNode, path: String, receivers: Set<String>, isRoot: Bool) -> Route? {
        guard let m = mapping(node, path: path, keys: Self.routeKeys, sections: [.route]) else { return nil }
        var route = Route()
        route.location = m.location
        if let receiver = m.string("receiver"), !receiver.isEmpty {
            route.receiver = receiver
            if !receivers.contains(receiver) {
                m.error("undefined receiver \"\(receiver)\" used in route", at: "receiver")
            }
        }
        if let groupBy = m.list("group_by") {
            route.groupBy = self.groupBy(groupBy)
        }
        route.matchers = matchers(m, list: "matchers", equal: "match", regex: "match_re")
        if let value = m.bool("continue") { route.continue = value }
        route.groupWait = m.duration("group_wait")
        route.groupInterval = m.duration("group_interval")
        if route.groupInterval == .zero { m.error("group_interval cannot be zero", at: "group_interval") }
        route.repeatInterval = m.duration("repeat_interval")
        if route.repeatInterval == .zero { m.error("repeat_interval cannot be zero", at: "repeat_interval") }
        for item in m.list("routes") ?? [] {
            if let child = self.route(item.node, path: item.path, receivers: receivers, isRoot: false) {
                route.routes.append(child)
            }
        }
        if isRoot {
            if route.receiver == nil { m.error("root route must specify a default receiver", at: "receiver") }
            if !route.matchers.isEmpty || m.contains("matchers") || m.contains("match") || m.contains("match_re") {
                let key = ["matchers", "match", "match_re"].first { m.contains($0) } ?? "matchers"
                m.error("root route must not have any matchers", at: key)
            }
            if route.continue { m.error("cannot have continue in root route", at: "continue") }
            route.groupWait = route.groupWait ?? .seconds(30)
            route.groupInterval = route.groupInterval ?? .seconds(300)
            route.repeatInterval = route.repeatInterval ?? .seconds(4 * 3600)
        }
        return route
    }

    private func groupBy(_ items: [(node: ConfigNode, path: String)]) -> [String] {
        var names: [String] = []
        var all = false
        for item in items {
            guard let name = string(item.node, path: item.path) else { continue }
            if name == "..." {
                all = true
            } else if !LabelName.isValid(name) {
                error("invalid label name \"\(name)\" in group_by list", at: item.node.location, path: item.path)
            } else if names.contains(name) {
                error("duplicated label \"\(name)\" in group_by", at: item.node.location, path: item.path)
            } else {
                names.append(name)
            }
        }
        if all {
            if !names.isEmpty, let first = items.first {
                error("cannot have wildcard group_by (`...`) and other labels at the same time", at: first.node.location,
                      path: first.path)
            }
            return ["..."]
        }
        return names
    }

    /// Matchers from the `matchers` list plus the legacy `match` (equality) and `match_re`
    /// (regex) mappings.
    private func matchers(_ m: ConfigMapping, list: String, equal: String, regex: String) -> [LabelMatcher] {
        var matchers: [LabelMatcher] = []
        for entry in m.stringMap(equal) ?? [] {
            guard LabelName.isValid(entry.key) else {
                error("invalid label name \"\(entry.key)\"", at: entry.keyLocation, path: ConfigMapping.join(m.path(equal), entry.key))
                continue
            }
            matchers.append(.equal(entry.key, entry.value))
        }
        for entry in m.stringMap(regex) ?? [] {
            let entryPath = ConfigMapping.join(m.path(regex), entry.key)
            guard LabelName.isValid(entry.key) else {
                error("invalid label name \"\(entry.key)\"", at: entry.keyLocation, path: entryPath)
                continue
            }
            do {
                matchers.append(try LabelMatcher(.regexMatch, entry.key, entry.value))
            } catch {
                self.error(error.description, at: entry.valueLocation, path: entryPath)
            }
        }
        for item in m.list(list) ?? [] {
            guard let line = string(item.node, path: item.path) else { continue }
            switch AlertmanagerMatchers.parse(line) {
            case .success(let parsed): matchers.append(contentsOf: parsed)
            case .failure(let failure): error(failure.message, at: item.node.location, path: item.path)
            }
        }
        return matchers
    }

    // MARK: - Inhibit rules

    private func inhibitRule(_ node: ConfigNode, path: String) -> InhibitRule? {
        let keys = ["source_matchers", "target_matchers", "equal", "source_match", "source_match_re", "target_match", "target_match_re"]
        guard let m = mapping(node, path: path, keys: keys, sections: [.inhibitRule]) else { return nil }
        var rule = InhibitRule()
        rule.sourceMatchers = matchers(m, list: "source_matchers", equal: "source_match", regex: "source_match_re")
        rule.targetMatchers = matchers(m, list: "target_matchers", equal: "target_match", regex: "target_match_re")
        for item in m.list("equal") ?? [] {
            guard let name = string(item.node, path: item.path) else { continue }
            if LabelName.isValid(name) {
                rule.equal.append(name)
            } else {
                error("invalid label name \"\(name)\" in equal list", at: item.node.location, path: item.path)
            }
        }
        return rule
    }
}
