import VigilModel

/// Rule groups in Prometheus' rule-file format (model/rulefmt), shared by rule files and
/// the config's inline `rule_groups:`. Messages are worded as promtool's, rule problems
/// prefixed with `group "g", rule N, "name": `.
extension ConfigDecoder {
    static let ruleGroupKeys = ["name", "interval", "limit", "query_offset", "labels", "rules"]
    static let ruleKeys = ["record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"]

    /// The groups listed under `key`; group names are unique within the file.
    func ruleGroups(_ m: ConfigMapping, key: String) -> [RuleGroupConfig] {
        guard let items = m.list(key) else { return [] }
        var groups: [RuleGroupConfig] = []
        var names: Set<String> = []
        for item in items {
            guard let group = ruleGroup(item.node, path: item.path) else { continue }
            if !group.name.isEmpty, !names.insert(group.name).inserted {
                error("groupname: \"\(group.name)\" is repeated in the same file", at: item.node.location, path: item.path)
            }
            groups.append(group)
        }
        return groups
    }

    private func ruleGroup(_ node: ConfigNode, path: String) -> RuleGroupConfig? {
        guard let m = mapping(node, path: path, keys: Self.ruleGroupKeys) else { return nil }
        let name = m.string("name") ?? ""
        if name.isEmpty { m.error("Groupname must not be empty", at: "name") }
        var group = RuleGroupConfig(name: name)
        group.location = m.location
        if let interval = m.duration("interval"), interval > .zero { group.interval = interval }
        if let limit = m.int("limit", minimum: 0) { group.limit = limit }
        group.queryOffset = m.duration("query_offset")
        if let labels = m.stringMap("labels") {
            group.labels = Labels(ruleLabels(labels, path: m.path("labels"), prefix: "").map { Label($0.key, $0.value) })
        }
        for (index, item) in (m.list("rules") ?? []).enumerated() {
            if let rule = rule(item.node, path: item.path, group: name, number: index + 1) { group.rules.append(rule) }
        }
        return group
    }

    private func rule(_ node: ConfigNode, path: String, group: String, number: Int) -> RuleConfig? {
        guard let m = mapping(node, path: path, keys: Self.ruleKeys) else { return nil }
        let record = m.string("record") ?? ""
        let alert = m.string("alert") ?? ""
        let prefix = "group \"\(group)\", rule \(number), \"\(alert.isEmpty ? record : alert)\": "
        func fail(_ message: String, at key: String) { m.error(prefix + message, at: key) }
        let failuresBefore = errors.count

        if !record.isEmpty, !alert.isEmpty {
            fail("only one of 'record' and 'alert' must be set", at: "record")
        } else if record.isEmpty, alert.isEmpty {
            fail("one of 'record' or 'alert' must be set", at: "record")
        }
        let expr = m.string("expr") ?? ""
        if expr.trimmingSpaces.isEmpty { fail("field 'expr' must be set in rule", at: "expr") }
        let forDuration = m.duration("for") ?? .zero
        let keepFiringFor = m.duration("keep_firing_for") ?? .zero
        let annotations = m.stringMap("annotations") ?? []
        if !record.isEmpty {
            if !annotations.isEmpty { fail("invalid field 'annotations' in recording rule", at: "record") }
            if forDuration != .zero { fail("invalid field 'for' in recording rule", at: "record") }
            if keepFiringFor != .zero { fail("invalid field 'keep_firing_for' in recording rule", at: "record") }
            if record.contains("{") || record.contains("}") {
                fail("braces present in the recording rule name; should it be in expr?: \(record)", at: "record")
            } else if !LabelName.isValidMetricName(record) {
                fail("invalid recording rule name: \(record)", at: "record")
            }
        }
        let labels = ruleLabels(m.stringMap("labels") ?? [], path: m.path("labels"), prefix: prefix)
        for entry in annotations where !LabelName.isValid(entry.key) {
            error(prefix + "invalid annotation name: \(entry.key)", at: entry.keyLocation,
                  path: ConfigMapping.join(m.path("annotations"), entry.key))
        }
        guard errors.count == failuresBefore else { return nil }

        var rule = RuleConfig(kind: record.isEmpty ? .alerting(alert) : .recording(record), expr: expr)
        rule.exprLocation = m["expr"]?.location
        rule.forDuration = forDuration
        rule.keepFiringFor = keepFiringFor
        rule.labels = Dictionary(labels.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        rule.annotations = Dictionary(annotations.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        rule.location = m.location
        return rule
    }

    /// Label names of a group's or rule's `labels:`: classic names, never `__name__`.
    private func ruleLabels(_ entries: [ConfigStringEntry], path: String, prefix: String) -> [ConfigStringEntry] {
        entries.filter { entry in
            guard LabelName.isValid(entry.key), entry.key != LabelName.metric else {
                error(prefix + "invalid label name: \(entry.key)", at: entry.keyLocation, path: ConfigMapping.join(path, entry.key))
                return false
            }
            return true
        }
    }
}
