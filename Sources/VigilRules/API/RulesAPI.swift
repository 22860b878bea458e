import VigilModel

/// The `data` of `/api/v1/rules` and `/api/v1/alerts` in Prometheus' JSON shape, written by
/// hand as Go writes it (field order, `1e-01` alert values, RFC 3339 times, seconds as
/// floats). The server wraps it in `{"status":"success","data":…}`.
public enum RulesAPI {
    /// The filters of `/api/v1/rules`.
    public struct Filter: Sendable {
        /// Only `alert` or `record` rules; nil for both.
        public var type: String?
        public var ruleNames: Set<String> = []
        public var ruleGroups: Set<String> = []
        public var files: Set<String> = []
        /// `match[]`: a rule is kept when its labels satisfy any of the sets.
        public var matcherSets: [[LabelMatcher]] = []
        /// Leaves out the active alerts of alerting rules.
        public var excludeAlerts = false

        public init() {}

        /// Validates the raw parameters as Prometheus does (`type` must be `alert` or
        /// `record`, `exclude_alerts` a boolean).
        public init(
            type: String?, ruleNames: [String] = [], ruleGroups: [String] = [], files: [String] = [],
            matcherSets: [[LabelMatcher]] = [], excludeAlerts: String? = nil
        ) throws(RulesAPIError) {
            let lowered = type?.lowercased() ?? ""
            guard lowered.isEmpty || lowered == "alert" || lowered == "record" else {
                throw RulesAPIError(parameter: "type", message: "not supported value \(GoQuote.string(type ?? ""))")
            }
            self.type = lowered.isEmpty ? nil : lowered
            self.ruleNames = Set(ruleNames)
            self.ruleGroups = Set(ruleGroups)
            self.files = Set(files)
            self.matcherSets = matcherSets
            switch excludeAlerts?.lowercased() {
            case nil, "", "false", "0", "f": self.excludeAlerts = false
            case "true", "1", "t": self.excludeAlerts = true
            default:
                throw RulesAPIError(parameter: "exclude_alerts", message: "strconv.ParseBool: parsing \(GoQuote.string(excludeAlerts!)): invalid syntax")
            }
        }
    }

    /// `{"groups":[…]}` for `groups` (in configuration order), filtered; groups left without
    /// rules are omitted, as Prometheus does.
    public static func rulesData(_ groups: [RuleGroupStatus], filter: Filter = Filter()) -> String {
        var out: [String] = []
        for group in groups {
            if !filter.ruleGroups.isEmpty && !filter.ruleGroups.contains(group.name) { continue }
            if !filter.files.isEmpty && !filter.files.contains(group.file) { continue }
            var rules: [String] = []
            for rule in group.rules {
                if !filter.matcherSets.isEmpty && !filter.matcherSets.contains(where: { $0.matches(rule.labels) }) { continue }
                if !filter.ruleNames.isEmpty && !filter.ruleNames.contains(rule.name) { continue }
                switch rule.kind {
                case .alerting where filter.type != "record":
                    rules.append(alertingRule(rule, includeAlerts: !filter.excludeAlerts))
                case .recording where filter.type != "alert":
                    rules.append(recordingRule(rule))
                default:
                    break
                }
            }
            guard !rules.isEmpty else { continue }
            out.append(GoJSON.object([
                ("name", GoJSON.string(group.name)),
                ("file", GoJSON.string(group.file)),
                ("rules", GoJSON.array(rules)),
                ("interval", GoJSON.number(Double(group.interval) / 1000)),
                ("limit", String(group.limit)),
                ("evaluationTime", GoJSON.number(group.evaluationDuration.inSeconds)),
                ("lastEvaluation", time(group.lastEvaluation)),
            ]))
        }
        return GoJSON.object([("groups", GoJSON.array(out))])
    }

    /// `{"alerts":[…]}`: the pending and firing alerts of every alerting rule, rules with
    /// firing alerts first, then pending, then by name (Prometheus' order).
    public static func alertsData(_ groups: [RuleGroupStatus]) -> String {
        let rules = groups.flatMap(\.rules).filter { $0.kind == .alerting }
        let ordered = rules.enumerated().sorted { a, b in
            let x = a.element.state ?? .inactive, y = b.element.state ?? .inactive
            if x != y { return x > y }
            if a.element.name != b.element.name { return a.element.name < b.element.name }
            return a.offset < b.offset
        }.map(\.element)
        return GoJSON.object([("alerts", GoJSON.array(ordered.flatMap { $0.activeAlerts.map(alert) }))])
    }

    // MARK: - Pieces

    static func alertingRule(_ rule: RuleStatus, includeAlerts: Bool) -> String {
        var fields: [(String, String)] = [
            ("state", GoJSON.string(rule.state?.rawValue ?? "unknown")),
            ("name", GoJSON.string(rule.name)),
            ("query", GoJSON.string(rule.query)),
            ("duration", GoJSON.number(Double(rule.holdDuration) / 1000)),
            ("keepFiringFor", GoJSON.number(Double(rule.keepFiringFor) / 1000)),
            ("labels", labels(rule.labels)),
            ("annotations", GoJSON.stringMap(rule.annotations)),
            ("alerts", includeAlerts ? GoJSON.array(rule.activeAlerts.map(alert)) : "null"),
            ("health", GoJSON.string(rule.health.rawValue)),
        ]
        if let lastError = rule.lastError { fields.append(("lastError", GoJSON.string(lastError))) }
        fields += [
            ("evaluationTime", GoJSON.number(rule.evaluationDuration.inSeconds)),
            ("lastEvaluation", time(rule.lastEvaluation)),
            ("type", GoJSON.string("alerting")),
        ]
        return GoJSON.object(fields)
    }

    static func recordingRule(_ rule: RuleStatus) -> String {
        var fields: [(String, String)] = [
            ("name", GoJSON.string(rule.name)),
            ("query", GoJSON.string(rule.query)),
            ("labels", labels(rule.labels)),
            ("health", GoJSON.string(rule.health.rawValue)),
        ]
        if let lastError = rule.lastError { fields.append(("lastError", GoJSON.string(lastError))) }
        fields += [
            ("evaluationTime", GoJSON.number(rule.evaluationDuration.inSeconds)),
            ("lastEvaluation", time(rule.lastEvaluation)),
            ("type", GoJSON.string("recording")),
        ]
        return GoJSON.object(fields)
    }

    static func alert(_ alert: Alert) -> String {
        var fields: [(String, String)] = [
            ("labels", labels(alert.labels)),
            ("annotations", GoJSON.stringMap(alert.annotations)),
            ("state", GoJSON.string(alert.state.rawValue)),
            ("activeAt", time(alert.activeAt)),
        ]
        if let since = alert.keepFiringSince { fields.append(("keepFiringSince", time(since))) }
        fields.append(("value", GoJSON.string(GoFormat.formatFloat(alert.value, verb: "e", precision: nil))))
        return GoJSON.object(fields)
    }

    static func labels(_ labels: Labels) -> String {
        GoJSON.object(labels.map { ($0.name, GoJSON.string($0.value)) })
    }

    static func time(_ t: Timestamp?) -> String {
        GoJSON.time(t.map { GoTime(milliseconds: $0) } ?? .zero)
    }
}

/// A bad parameter of a rules request (HTTP 400, Prometheus' `bad_data` error).
public struct RulesAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    public var parameter: String
    public var message: String

    /// Prometheus' wording: `invalid parameter "type": not supported value "x"`.
    public var description: String { "invalid parameter \(GoQuote.string(parameter)): \(message)" }
}
