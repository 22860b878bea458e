/// Every dashboard, searchable by title and tag (`?q=…`, `?tag=…`).
public struct DashboardListPage: Sendable {
    public var dashboards: [Dashboard]
    /// Dashboards that failed to load (file:line:column messages).
    public var problems: [String]

    public init(dashboards: [Dashboard], problems: [String] = []) {
        self.dashboards = dashboards
        self.problems = problems
    }

    public func render(context: PageContext) -> String {
        let url = context.url
        let search = (url["q"] ?? "").trimmingSpaces.lowercased()
        let tag = url["tag"].flatMap { $0.isEmpty ? nil : $0 }
        let shown = dashboards.filter { dashboard in
            (search.isEmpty || dashboard.title.lowercased().contains(search) || dashboard.tags.contains { $0.lowercased().contains(search) })
                && (tag == nil || dashboard.tags.contains(tag!))
        }
        var body = HTML("<div class=\"ptitle\"><h1>Dashboards</h1><span class=\"sub\">\(dashboards.count)</span></div>")
        for problem in problems {
            body += HTML("<div class=\"notice bad\"><div class=\"err-text\">\(problem)</div></div>")
        }
        var tagLinks = HTML.empty
        for name in Array(Set(dashboards.flatMap(\.tags))).sorted() {
            let on = name == tag
            tagLinks += HTML("<a class=\"btn\(on ? " on" : "")\" href=\"\(on ? url.removing("tag") : url.setting("tag", name))\">\(name)</a>")
        }
        body += HTML(
            """
            <form class="filters" method="get" action="\(Routes.dashboards)"><input name="q" value="\(url["q"] ?? "")" placeholder="Search dashboards" \
            aria-label="Search">\(tag.map { HTML("<input type=\"hidden\" name=\"tag\" value=\"\($0)\">") } ?? .empty)\
            <button class="btn" type="submit">Search</button>\(tagLinks)</form>
            """)
        var rows = HTML.empty
        for dashboard in shown {
            var tags = HTML.empty
            for name in dashboard.tags { tags += HTML("<span class=\"tag\">\(name)</span>") }
            let panels = dashboard.panels.count
            rows += HTML(
                """
                <tr><td><a href="\(Routes.dashboard(dashboard.uid))"><b>\(dashboard.title)</b></a>\
                \(dashboard.description.map { HTML("<div class=\"muted\">\($0)</div>") } ?? .empty)</td><td><span class="tags">\(tags)</span></td>\
                <td class="num">\(panels)</td><td class="muted">\(dashboard.location.map { $0.file } ?? "")</td></tr>
                """)
        }
        if shown.isEmpty {
            rows = HTML("<tr><td colspan=\"4\" class=\"muted\">No dashboard matches.</td></tr>")
        }
        body += HTML(
            """
            <section class="section"><table class="data"><thead><tr><th>Title</th><th>Tags</th><th class="num">Panels</th><th>Source</th></tr></thead>\
            <tbody>\(rows)</tbody></table></section>
            """)
        return PageShell.render(title: "Dashboards", context: context, section: .dashboards, body: body)
    }
}
