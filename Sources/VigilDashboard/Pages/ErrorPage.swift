/// A page for errors the server answers with HTML (404 for an unknown dashboard…).
public struct ErrorPage: Sendable {
    public var status: Int
    public var title: String
    public var message: String

    public init(status: Int, title: String, message: String) {
        self.status = status
        self.title = title
        self.message = message
    }

    public func render(context: PageContext) -> String {
        let body = HTML(
            """
            <div class="ptitle"><h1>\(title)</h1><span class="sub">HTTP \(status)</span></div>\
            <div class="notice\(status >= 500 ? " bad" : "")">\(message)</div><p><a class="btn" href="/">Home</a> \
            <a class="btn" href="\(Routes.dashboards)">Dashboards</a></p>
            """)
        return PageShell.render(title: title, context: context, section: nil, body: body)
    }
}
