/// The frame every page shares: head, top bar with navigation and tools, main area.
enum PageShell {
    static func render(
        title: String, context: PageContext, section: NavSection?, tools: HTML = .empty, refreshSeconds: Int64? = nil, body: HTML
    ) -> String {
        var nav = HTML.empty
        for item in NavSection.allCases {
            let current = item == section ? HTML(raw: " aria-current=\"page\"") : .empty
            nav += HTML("<a href=\"\(item.path)\"\(current)>\(item.title)</a>")
        }
        let themeAttribute = context.theme == .auto ? HTML.empty : HTML(" data-theme=\"\(context.theme.rawValue)\"")
        let refresh = refreshSeconds.map { HTML("<meta http-equiv=\"refresh\" content=\"\(max(1, $0))\">") } ?? .empty
        let page = HTML(
            """
            <!doctype html><html lang="en"\(themeAttribute)><head><meta charset="utf-8">\
            <meta name="viewport" content="width=device-width,initial-scale=1">\(refresh)\
            <title>\(title.isEmpty ? "Vigil" : title + " · Vigil")</title>\
            <link rel="icon" href="\(WebAssets.url("favicon.svg"))" type="image/svg+xml">\
            <link rel="stylesheet" href="\(WebAssets.url("vigil.css"))"><link rel="stylesheet" href="\(WebAssets.url("chart.css"))">\
            <script src="\(WebAssets.url("vigil.js"))" defer></script></head><body>\
            <header class="top"><a class="brand" href="/">\(Icons.logo)<span>Vigil</span></a><nav class="nav">\(nav)</nav>\
            <div class="tools">\(tools)\(themeMenu(context))</div></header><main>\(body)</main></body></html>
            """)
        return page.rendered
    }

    /// Theme choice that works without script: links set `theme`, the server remembers it.
    static func themeMenu(_ context: PageContext) -> HTML {
        var items = HTML.empty
        for theme in Theme.allCases {
            let current = theme == context.theme ? HTML(raw: " aria-current=\"true\"") : .empty
            let label = theme == .auto ? "System" : theme == .light ? "Light" : "Dark"
            items += HTML("<a class=\"item\" href=\"\(context.url.setting("theme", theme.rawValue))\"\(current)>\(label)</a>")
        }
        let icon = context.theme == .light ? Icons.sun : Icons.moon
        return HTML("<details class=\"menu\"><summary class=\"btn icon\" title=\"Theme\">\(icon)</summary><div>\(items)</div></details>")
    }
}
