/// One panel of a dashboard at full size, with the dashboard's controls.
public struct PanelPage: Sendable {
    public var view: DashboardView
    public var panelID: Int

    /// The body size to load the panel with (pass it to `DashboardLoader.load(size:)`).
    public static let size = (width: 1376.0, height: 600.0)

    public init(view: DashboardView, panelID: Int) {
        self.view = view
        self.panelID = panelID
    }

    public func render(context: PageContext) -> String {
        let dashboard = view.dashboard
        let url = context.url
        var body = HTML(
            """
            <div class="ptitle"><a class="btn" href="\(url.filtering { $0 == "from" || $0 == "to" || $0.hasPrefix("var-") || $0 == "refresh" }.with(path: Routes.dashboard(dashboard.uid)))">\
            \(Icons.back)\(dashboard.title)</a></div>
            """)
        body += VariableForm.render(view.variables, url: url)
        if let data = view.panel(id: panelID) {
            var links = DashboardPage.links(for: data, dashboard: dashboard, url: url, range: view.range)
            links.view = nil
            body += HTML("<div class=\"row\">\(PanelRenderer.panel(data, links: links, offsetSeconds: view.offsetSeconds, sizeClass: "solo"))</div>")
            if !data.results.isEmpty {
                var queries = HTML.empty
                for result in data.results {
                    queries += HTML("<li><code>\(result.query.refID)</code> <a href=\"\(Routes.explore(query: result.expr, range: view.range.range))\"><code>\(result.expr)</code></a></li>")
                }
                body += HTML(
                    """
                    <section class="section"><header><h2>Queries</h2><span class="sub">step \(QueryInterval.format(data.interval.step)), \
                    $__rate_interval \(QueryInterval.goDuration(data.interval.rateInterval))</span></header><div class="body"><ul class="list">\(queries)</ul></div></section>
                    """)
            }
        } else {
            body += HTML("<div class=\"notice bad\">Dashboard \"\(dashboard.title)\" has no panel \(panelID).</div>")
        }
        let tools = TimeControls.render(range: view.range, url: url, context: context, showRefresh: true, refresh: view.refresh)
        let title = view.panel(id: panelID)?.panel.title ?? dashboard.title
        return PageShell.render(title: title, context: context, section: .dashboards, tools: tools, refreshSeconds: view.refresh.map { $0 / 1000 }, body: body)
    }
}
