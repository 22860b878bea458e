/// A dashboard: title, variable selects, time controls, rows of panels.
public struct DashboardPage: Sendable {
    public var view: DashboardView

    public init(view: DashboardView) {
        self.view = view
    }

    /// The page's HTML.
    public func render(context: PageContext) -> String {
        let dashboard = view.dashboard
        let url = context.url
        var body = header(context: context)
        body += VariableForm.render(view.variables, url: url)
        for row in view.rows where !row.panels.isEmpty {
            var grid = HTML.empty
            for data in row.panels {
                grid += PanelRenderer.panel(data, links: DashboardPage.links(for: data, dashboard: dashboard, url: url, range: view.range), offsetSeconds: view.offsetSeconds)
            }
            if let title = row.title {
                let open = row.collapsed ? HTML.empty : HTML(raw: " open")
                body += HTML(
                    """
                    <details class="row"\(open)><summary>\(title) <small>\(row.panels.count) panel\(row.panels.count == 1 ? "" : "s")</small></summary>\
                    <div class="grid24">\(grid)</div></details>
                    """)
            } else {
                body += HTML("<div class=\"row\"><div class=\"grid24\">\(grid)</div></div>")
            }
        }
        let tools = TimeControls.render(range: view.range, url: url, context: context, showRefresh: true, refresh: view.refresh)
        return PageShell.render(title: dashboard.title, context: context, section: .dashboards, tools: tools, refreshSeconds: view.refresh.map { $0 / 1000 }, body: body)
    }

    private func header(context: PageContext) -> HTML {
        let dashboard = view.dashboard
        var tags = HTML.empty
        for tag in dashboard.tags {
            tags += HTML("<a class=\"tag\" href=\"\(PageURL(path: Routes.dashboards, query: [("tag", tag)]))\">\(tag)</a>")
        }
        var out = HTML("<div class=\"ptitle\"><h1>\(dashboard.title)</h1>")
        if !tags.isEmpty { out += HTML("<span class=\"tags\">\(tags)</span>") }
        if let description = dashboard.description, !description.isEmpty {
            out += HTML("<span class=\"sub\">\(description)</span>")
        }
        return out + "</div>"
    }

    /// The links of a panel's header: full view, Explore with its first query, SVG.
    static func links(for data: PanelData, dashboard: Dashboard, url: PageURL, range: ResolvedTimeRange) -> PanelRenderer.Links {
        let id = data.panel.id
        let keep = url.filtering { $0 == "from" || $0 == "to" || $0.hasPrefix("var-") }
        let explore = data.results.first { !$0.query.hidden }.map { Routes.explore(query: $0.expr, range: range.range) }
        return PanelRenderer.Links(
            view: keep.with(path: Routes.panel(dashboard.uid, id)),
            explore: explore,
            svg: keep.with(path: Routes.panelSVG(dashboard.uid, id)))
    }
}
