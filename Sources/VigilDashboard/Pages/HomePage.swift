import VigilModel

/// The start page: dashboards, target health and firing alerts at a glance.
public struct HomePage: Sendable {
    public var dashboards: [Dashboard]
    public var targetsUp: Int
    public var targetsDown: Int
    /// Targets not up, for the "needs attention" list (the first few show).
    public var downTargets: [TargetView]
    public var firingAlerts: [AlertView]
    public var pendingAlerts: Int
    /// Problems to show on top (a failed config reload, dashboards that did not load).
    public var notices: [String]

    public init(
        dashboards: [Dashboard], targetsUp: Int, targetsDown: Int, downTargets: [TargetView] = [], firingAlerts: [AlertView] = [], pendingAlerts: Int = 0,
        notices: [String] = []
    ) {
        self.dashboards = dashboards
        self.targetsUp = targetsUp
        self.targetsDown = targetsDown
        self.downTargets = downTargets
        self.firingAlerts = firingAlerts
        self.pendingAlerts = pendingAlerts
        self.notices = notices
    }

    public func render(context: PageContext) -> String {
        var body = HTML.empty
        for notice in notices {
            body += HTML("<div class=\"notice bad\">\(notice)</div>")
        }
        let total = targetsUp + targetsDown
        let targetState = targetsDown > 0 ? HTML("<span class=\"badge bad\">\(targetsDown) down</span>") : total > 0 ? HTML("<span class=\"badge ok\">all up</span>") : HTML("<span class=\"badge off\">none</span>")
        let alertState = firingAlerts.isEmpty ? HTML("<span class=\"badge ok\">none firing</span>") : HTML("<span class=\"badge bad\">\(firingAlerts.count) firing</span>")
        var cards = HTML.empty

        // Targets.
        var down = HTML.empty
        for target in downTargets.prefix(5) {
            let job = target.labels[LabelName.job] ?? ""
            down += HTML(
                """
                <li>\(TargetsPage.badge(target.health))<span class="grow" title="\(target.lastError ?? "")"><b>\(job)</b> \(target.scrapeURL)\
                <span class="err-text"> \(HTML.truncate(target.lastError ?? "", to: 140))</span></span></li>
                """)
        }
        cards += HTML(
            """
            <div class="card"><h2><a href="\(Routes.targets)">Targets</a>\(targetState)</h2>\
            <div class="kpis"><div><div class="big">\(targetsUp)</div><div class="label">up</div></div>\
            <div><div class="big\(targetsDown > 0 ? " err-text" : "")">\(targetsDown)</div><div class="label">down</div></div></div>\
            \(down.isEmpty ? HTML.empty : HTML("<ul class=\"list\">\(down)</ul>"))</div>
            """)

        // Alerts.
        var alerts = HTML.empty
        for alert in firingAlerts.prefix(8) {
            let since = alert.activeSince.map { TimeText.age(context.now - $0) } ?? ""
            let summary = alert.annotations.first { $0.name == "summary" }?.value ?? ""
            alerts += HTML(
                """
                <li><span class="badge bad">\(alert.severity ?? "firing")</span><span class="grow"><b>\(alert.name)</b> \
                <span class="muted">\(HTML.truncate(summary, to: 160))</span></span><span class="muted">\(since)</span></li>
                """)
        }
        if alerts.isEmpty {
            alerts = HTML("<li class=\"muted\">Nothing is firing\(pendingAlerts > 0 ? "; \(pendingAlerts) pending" : "").</li>")
        }
        cards += HTML("<div class=\"card\"><h2><a href=\"\(Routes.alerts)\">Alerts</a>\(alertState)</h2><ul class=\"list\">\(alerts)</ul></div>")

        // Dashboards.
        var items = HTML.empty
        for dashboard in dashboards.prefix(12) {
            var tags = HTML.empty
            for tag in dashboard.tags.prefix(3) { tags += HTML("<span class=\"tag\">\(tag)</span>") }
            items += HTML("<li><a class=\"grow\" href=\"\(Routes.dashboard(dashboard.uid))\">\(dashboard.title)</a><span class=\"tags\">\(tags)</span></li>")
        }
        if items.isEmpty {
            items = HTML("<li class=\"muted\"><span>No dashboards yet: add them under <code>dashboards</code> or <code>dashboard_files</code> in the config.</span></li>")
        }
        cards += HTML("<div class=\"card\"><h2><a href=\"\(Routes.dashboards)\">Dashboards</a><span class=\"count\">\(dashboards.count)</span></h2><ul class=\"list\">\(items)</ul></div>")

        body += HTML("<div class=\"cards\">\(cards)</div>")
        body += HTML(
            """
            <div class="card"><h2>Query</h2><form method="get" action="\(Routes.explore)" class="exbar">\
            <input class="mono grow" name="query" placeholder="sum(rate(http_requests_total[5m])) by (status)" aria-label="PromQL query">\
            <button class="btn primary" type="submit">Run in Explore</button></form></div>
            """)
        return PageShell.render(title: "", context: context, section: .home, body: body)
    }
}
