import VigilModel

/// A rule's health after its last evaluation, as Prometheus reports it.
public enum RuleHealth: String, Sendable, Hashable {
    case ok, err, unknown
}

/// One recording or alerting rule on the Rules page.
public struct RuleView: Sendable {
    public enum Kind: Sendable, Hashable {
        case recording(String)
        case alerting(String)
    }

    public var kind: Kind
    public var expr: String
    public var labels: Labels
    /// Alerting rules: the `for` duration (ms), state and annotations.
    public var holdDuration: Int64
    public var state: AlertState?
    public var annotations: [(name: String, value: String)]
    public var health: RuleHealth
    public var lastError: String?
    public var lastEvaluation: Timestamp?
    /// Seconds its last evaluation took.
    public var evaluationDuration: Double?

    public init(
        kind: Kind, expr: String, labels: Labels = .empty, holdDuration: Int64 = 0, state: AlertState? = nil,
        annotations: [(name: String, value: String)] = [], health: RuleHealth = .unknown, lastError: String? = nil,
        lastEvaluation: Timestamp? = nil, evaluationDuration: Double? = nil
    ) {
        self.kind = kind
        self.expr = expr
        self.labels = labels
        self.holdDuration = holdDuration
        self.state = state
        self.annotations = annotations
        self.health = health
        self.lastError = lastError
        self.lastEvaluation = lastEvaluation
        self.evaluationDuration = evaluationDuration
    }

    var name: String {
        switch kind {
        case .recording(let name), .alerting(let name): return name
        }
    }
}

/// One rule group.
public struct RuleGroupView: Sendable {
    public var name: String
    public var file: String
    /// Evaluation interval in milliseconds.
    public var interval: Int64
    public var lastEvaluation: Timestamp?
    /// Seconds the group's last evaluation took.
    public var evaluationDuration: Double?
    public var rules: [RuleView]

    public init(name: String, file: String, interval: Int64, lastEvaluation: Timestamp? = nil, evaluationDuration: Double? = nil, rules: [RuleView]) {
        self.name = name
        self.file = file
        self.interval = interval
        self.lastEvaluation = lastEvaluation
        self.evaluationDuration = evaluationDuration
        self.rules = rules
    }
}

/// Rule groups with each rule's health, last evaluation, duration and error.
/// `?health=err` shows only groups with failing rules.
public struct RulesPage: Sendable {
    public var groups: [RuleGroupView]

    public init(groups: [RuleGroupView]) {
        self.groups = groups
    }

    public func render(context: PageContext) -> String {
        let url = context.url
        let rules = groups.flatMap(\.rules)
        let failing = rules.filter { $0.health == .err }.count
        let onlyErrors = url["health"] == "err"
        var body = HTML(
            """
            <div class="ptitle"><h1>Rules</h1><span class="sub">\(groups.count) group\(groups.count == 1 ? "" : "s"), \(rules.count) rules\
            \(failing > 0 ? ", \(failing) failing" : "")</span></div>
            """)
        body += HTML(
            """
            <div class="filters"><a class="btn\(onlyErrors ? "" : " on")" href="\(url.removing("health"))">All</a>\
            <a class="btn\(onlyErrors ? " on" : "")" href="\(url.setting("health", "err"))">\(TargetsPage.badgeText("bad", "failing")) \(failing)</a></div>
            """)
        if groups.isEmpty {
            body += HTML("<div class=\"notice\"><h3>No rules</h3>List rule files under <code>rule_files</code> in the config (Prometheus' rule file format), then reload.</div>")
        }
        for group in groups where !onlyErrors || group.rules.contains(where: { $0.health == .err }) {
            body += section(group, context: context)
        }
        return PageShell.render(title: "Rules", context: context, section: .rules, body: body)
    }

    private func section(_ group: RuleGroupView, context: PageContext) -> HTML {
        var rows = HTML.empty
        for rule in group.rules {
            let kind: HTML
            switch rule.kind {
            case .recording(let name): kind = HTML("<span class=\"muted\">record</span> <b>\(name)</b>")
            case .alerting(let name): kind = HTML("<span class=\"muted\">alert</span> <b>\(name)</b>")
            }
            var detail = HTML("<div><a href=\"\(Routes.explore(query: rule.expr, range: .last(3_600_000)))\"><code>\(rule.expr)</code></a></div>")
            if rule.holdDuration > 0 { detail += HTML("<div class=\"muted\">for \(PromDuration.format(rule.holdDuration))</div>") }
            if !rule.labels.isEmpty { detail += AlertsPage.chips(rule.labels) }
            if let error = rule.lastError, !error.isEmpty { detail += HTML("<div class=\"err-text\">\(error)</div>") }
            let state = rule.state.map { AlertsPage.badge($0) } ?? .empty
            let last = rule.lastEvaluation.map { HTML("<span title=\"\(TimeText.dateTime($0, offsetSeconds: context.offsetSeconds))\">\(TimeText.age(context.now - $0)) ago</span>") } ?? HTML("never")
            rows += HTML(
                """
                <tr><td>\(kind)</td><td>\(detail)</td><td>\(Self.badge(rule.health)) \(state)</td><td class="num">\(last)</td>\
                <td class="num">\(rule.evaluationDuration.map { TimeText.elapsed(seconds: $0) } ?? "–")</td></tr>
                """)
        }
        let last = group.lastEvaluation.map { "last evaluated \(TimeText.age(context.now - $0)) ago" } ?? "not evaluated yet"
        let took = group.evaluationDuration.map { " in " + TimeText.elapsed(seconds: $0) } ?? ""
        return HTML(
            """
            <section class="section"><header><h2>\(group.name)</h2><span class="sub">\(group.file)</span>\
            <span class="sub">every \(PromDuration.format(group.interval)) · \(last)\(took)</span></header>\
            <table class="data fixed"><colgroup><col style="width:26%"><col><col style="width:150px"><col style="width:120px"><col style="width:96px"></colgroup>\
            <thead><tr><th>Rule</th><th>Query</th><th>Health</th><th class="num">Last evaluation</th>\
            <th class="num">Duration</th></tr></thead><tbody>\(rows)</tbody></table></section>
            """)
    }

    static func badge(_ health: RuleHealth) -> HTML {
        switch health {
        case .ok: return HTML("<span class=\"badge ok\">ok</span>")
        case .err: return HTML("<span class=\"badge bad\">err</span>")
        case .unknown: return HTML("<span class=\"badge off\">unknown</span>")
        }
    }
}

extension TargetsPage {
    /// A badge with a class and text.
    static func badgeText(_ kind: String, _ text: String) -> HTML {
        HTML("<span class=\"badge \(kind)\">\(text)</span>")
    }
}
