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

/// The variable selects: a GET form that keeps the time range and refresh.
enum VariableForm {
    static func render(_ variables: [ResolvedVariable], url: PageURL) -> HTML {
        let shown = variables.filter { !$0.variable.hidden }
        guard !shown.isEmpty else { return .empty }
        var fields = HTML.empty
        for (name, value) in url.query where name == "from" || name == "to" || name == "refresh" {
            fields += HTML("<input type=\"hidden\" name=\"\(name)\" value=\"\(value)\">")
        }
        for resolved in shown {
            let variable = resolved.variable
            let name = "var-" + variable.name
            let label = variable.label ?? variable.name
            var listed = resolved.options
            // Keep a selected value the options lack (from a link), so it stays selected.
            for value in resolved.value.values where !resolved.value.isAll && !listed.contains(value) { listed.append(value) }
            let error = resolved.error.map { HTML(" <span class=\"err-text\" title=\"\($0)\">!</span>") } ?? .empty
            if case .textbox = variable.source {
                fields += HTML("<label><span>\(label)\(error)</span><input name=\"\(name)\" value=\"\(resolved.value.values.first ?? "")\"></label>")
            } else if variable.multi {
                fields += multiSelect(resolved, name: name, label: label, error: error, listed: listed)
            } else {
                var options = HTML.empty
                if variable.includeAll {
                    options += HTML("<option value=\"\(DashboardRequest.allValue)\"\(HTML(raw: resolved.value.isAll ? " selected" : ""))>All</option>")
                }
                for option in listed {
                    let selected = !resolved.value.isAll && resolved.value.values.contains(option)
                    options += HTML("<option value=\"\(option)\"\(HTML(raw: selected ? " selected" : ""))>\(HTML.truncate(option, to: 120))</option>")
                }
                fields += HTML("<label><span>\(label)\(error)</span><select name=\"\(name)\">\(options)</select></label>")
            }
        }
        return HTML("<form class=\"vars\" method=\"get\" action=\"\(url.path)\">\(fields)<button class=\"btn\" type=\"submit\">Apply</button></form>")
    }

    /// A multi-value variable: checkboxes in a drop-down (a `<details>`, no script needed).
    static func multiSelect(_ resolved: ResolvedVariable, name: String, label: String, error: HTML, listed: [String]) -> HTML {
        let value = resolved.value
        var boxes = HTML.empty
        if resolved.variable.includeAll {
            boxes += HTML("<label class=\"chk\"><input type=\"checkbox\" name=\"\(name)\" value=\"\(DashboardRequest.allValue)\"\(HTML(raw: value.isAll ? " checked" : ""))>All</label>")
        }
        for option in listed {
            let checked = !value.isAll && value.values.contains(option)
            boxes += HTML("<label class=\"chk\"><input type=\"checkbox\" name=\"\(name)\" value=\"\(option)\"\(HTML(raw: checked ? " checked" : ""))>\(HTML.truncate(option, to: 120))</label>")
        }
        let summary: String
        if value.isAll {
            summary = "All"
        } else if value.values.count <= 2 {
            summary = value.values.isEmpty ? "None" : value.values.joined(separator: " + ")
        } else {
            summary = "\(value.values[0]) + \(value.values.count - 1) more"
        }
        return HTML(
            """
            <div class="var"><span>\(label)\(error)</span><details class="menu ms"><summary title="\(value.text)">\(HTML.truncate(summary, to: 48))</summary>\
            <div>\(boxes)<button class="btn primary" type="submit">Apply</button></div></details></div>
            """)
    }
}
