import VigilModel

/// An alert's state, as Prometheus names them.
public enum AlertState: String, Sendable, Hashable {
    case inactive, pending, firing
}

/// One active alert (an alerting rule's result for one label set).
public struct AlertView: Sendable, Hashable {
    /// `alertname`.
    public var name: String
    public var state: AlertState
    public var labels: Labels
    /// Annotations after templating (`summary`, `description`), in display order.
    public var annotations: [(name: String, value: String)]
    /// When it became pending.
    public var activeSince: Timestamp?
    /// The expression's value when last evaluated.
    public var value: Double?

    public init(name: String, state: AlertState, labels: Labels, annotations: [(name: String, value: String)] = [], activeSince: Timestamp? = nil, value: Double? = nil) {
        self.name = name
        self.state = state
        self.labels = labels
        self.annotations = annotations
        self.activeSince = activeSince
        self.value = value
    }

    public static func == (a: AlertView, b: AlertView) -> Bool {
        a.name == b.name && a.state == b.state && a.labels == b.labels && a.activeSince == b.activeSince
            && a.annotations.map(\.name) == b.annotations.map(\.name) && a.annotations.map(\.value) == b.annotations.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(labels)
    }

    /// `severity`, if labelled.
    var severity: String? { labels["severity"] }
}

/// An alerting rule with its active alerts.
public struct AlertRuleView: Sendable {
    public var name: String
    public var expr: String
    /// The `for` duration in milliseconds.
    public var holdDuration: Int64
    public var labels: Labels
    public var annotations: [(name: String, value: String)]
    public var group: String
    public var file: String?
    public var alerts: [AlertView]
    public var lastError: String?

    public init(
        name: String, expr: String, holdDuration: Int64 = 0, labels: Labels = .empty, annotations: [(name: String, value: String)] = [],
        group: String, file: String? = nil, alerts: [AlertView] = [], lastError: String? = nil
    ) {
        self.name = name
        self.expr = expr
        self.holdDuration = holdDuration
        self.labels = labels
        self.annotations = annotations
        self.group = group
        self.file = file
        self.alerts = alerts
        self.lastError = lastError
    }

    /// The rule's state: its most advanced alert's.
    public var state: AlertState {
        if alerts.contains(where: { $0.state == .firing }) { return .firing }
        if alerts.contains(where: { $0.state == .pending }) { return .pending }
        return .inactive
    }
}

/// Alerts: firing and pending alerts with labels, annotations and age, every alerting
/// rule by state, and a timeline of past firings over the chosen range drawn from the
/// stored `ALERTS` series (history Alertmanager does not keep).
/// `?state=firing|pending|inactive` filters the rules; `?receiver=` (the link in
/// notifications) shows only the alerts routed to that receiver.
public struct AlertsPage: Sendable {
    public var rules: [AlertRuleView]
    public var timeline: AlertTimeline?
    public var range: ResolvedTimeRange
    /// The receiver the alerts were chosen by, shown with a link back to all alerts.
    public var receiver: String?
    /// How notifications were delivered (built-in receivers and Alertmanagers).
    public var deliveries: [NotificationDelivery]

    public init(
        rules: [AlertRuleView], timeline: AlertTimeline?, range: ResolvedTimeRange, receiver: String? = nil,
        deliveries: [NotificationDelivery] = []
    ) {
        self.rules = rules
        self.timeline = timeline
        self.range = range
        self.receiver = receiver
        self.deliveries = deliveries
    }

    public func render(context: PageContext) -> String {
        let url = context.url
        let counts = Dictionary(grouping: rules, by: \.state).mapValues(\.count)
        let filter = url["state"].flatMap(AlertState.init(rawValue:))
        var body = HTML(
            """
            <div class="ptitle"><h1>Alerts</h1><span class="sub">\(counts[.firing] ?? 0) firing, \(counts[.pending] ?? 0) pending, \
            \(counts[.inactive] ?? 0) inactive rules</span></div>
            """)
        var filters = HTML("<a class=\"btn\(filter == nil ? " on" : "")\" href=\"\(url.removing("state"))\">All</a>")
        for state in [AlertState.firing, .pending, .inactive] {
            filters += HTML("<a class=\"btn\(filter == state ? " on" : "")\" href=\"\(url.setting("state", state.rawValue))\">\(Self.badge(state)) \(counts[state] ?? 0)</a>")
        }
        if let receiver {
            filters += HTML("<a class=\"btn on\" href=\"\(url.removing("receiver"))\" title=\"Show alerts of every receiver\">receiver: \(receiver) ✕</a>")
        }
        body += HTML("<div class=\"filters\">\(filters)</div>")
        if let timeline {
            body += HTML(
                """
                <section class="section timeline"><header><h2>Timeline</h2><span class="sub">from the ALERTS series, \
                \(range.range.label(now: context.now, offsetSeconds: context.offsetSeconds))</span></header>\
                <div class="body">\(timeline.render(offsetSeconds: context.offsetSeconds))</div></section>
                """)
        }
        if rules.isEmpty, let receiver {
            body += HTML("<div class=\"notice\"><h3>No alerts for \(receiver)</h3>None of the current alerts is routed to this receiver.</div>")
        } else if rules.isEmpty {
            body += HTML("<div class=\"notice\"><h3>No alerting rules</h3>Add rule files with <code>rule_files</code> in the config, for example the walkthrough's <code>HighErrorRate</code>.</div>")
        }
        let ordered = rules.sorted { Self.rank($0.state) < Self.rank($1.state) }
        for rule in ordered where filter == nil || rule.state == filter {
            body += section(rule, context: context)
        }
        if !deliveries.isEmpty { body += NotificationDelivery.section(deliveries, context: context) }
        let tools = TimeControls.render(range: range, url: url, context: context)
        return PageShell.render(title: "Alerts", context: context, section: .alerts, tools: tools, body: body)
    }

    static func rank(_ state: AlertState) -> Int {
        state == .firing ? 0 : state == .pending ? 1 : 2
    }

    static func badge(_ state: AlertState) -> HTML {
        switch state {
        case .firing: return HTML("<span class=\"badge bad\">firing</span>")
        case .pending: return HTML("<span class=\"badge warn\">pending</span>")
        case .inactive: return HTML("<span class=\"badge ok\">inactive</span>")
        }
    }

    private func section(_ rule: AlertRuleView, context: PageContext) -> HTML {
        var rows = HTML.empty
        for alert in rule.alerts.sorted(by: { Self.rank($0.state) < Self.rank($1.state) }) {
            rows += HTML("<tr><td>\(Self.badge(alert.state))</td><td>\(Self.chips(alert.labels.removing([LabelName.alertName])))</td>")
            let since = alert.activeSince.map { HTML("<span title=\"\(TimeText.dateTime($0, offsetSeconds: context.offsetSeconds))\">\(TimeText.age(context.now - $0))</span>") } ?? HTML("–")
            rows += HTML("<td class=\"num\">\(since)</td><td class=\"num\">\(alert.value.map { NumberText.format($0, decimals: nil) } ?? "")</td>")
            rows += HTML("<td>\(Self.annotations(alert.annotations))</td></tr>")
        }
        let table = rule.alerts.isEmpty
            ? HTML.empty
            : HTML(
                """
                <table class="data"><thead><tr><th>State</th><th>Labels</th><th class="num">Active for</th><th class="num">Value</th>\
                <th>Annotations</th></tr></thead><tbody>\(rows)</tbody></table>
                """)
        var meta = HTML("<dl class=\"kv\"><dt>expr</dt><dd><a href=\"\(Routes.explore(query: rule.expr, range: range.range))\"><code>\(rule.expr)</code></a></dd>")
        if rule.holdDuration > 0 { meta += HTML("<dt>for</dt><dd>\(PromDuration.format(rule.holdDuration))</dd>") }
        if !rule.labels.isEmpty { meta += HTML("<dt>labels</dt><dd>\(Self.chips(rule.labels))</dd>") }
        for annotation in rule.annotations { meta += HTML("<dt>\(annotation.name)</dt><dd>\(annotation.value)</dd>") }
        if let error = rule.lastError { meta += HTML("<dt>error</dt><dd class=\"err-text\">\(error)</dd>") }
        meta += "</dl>"
        let open = rule.state == .inactive ? HTML.empty : HTML(raw: " open")
        let where_ = rule.file.map { "\($0) › \(rule.group)" } ?? rule.group
        return HTML(
            """
            <section class="section"><header>\(Self.badge(rule.state))<h2>\(rule.name)</h2><span class="sub">\(where_)</span>\
            <span class="sub">\(rule.alerts.count) active</span></header>\
            <div class="body"><details class="more"\(open)><summary>Rule</summary>\(meta)</details></div>\(table)</section>
            """)
    }

    static func chips(_ labels: Labels) -> HTML {
        var out = HTML.empty
        for label in labels {
            out += HTML("<span class=\"chip\" title=\"\(label.description)\"><b>\(label.name)=</b>\(HTML.truncate(label.value, to: 120))</span>")
        }
        return HTML("<div class=\"chips\">\(out)</div>")
    }

    static func annotations(_ annotations: [(name: String, value: String)]) -> HTML {
        var out = HTML.empty
        for annotation in annotations {
            out += HTML("<div><span class=\"muted\">\(annotation.name):</span> \(HTML.truncate(annotation.value, to: 2000))</div>")
        }
        return out
    }
}
