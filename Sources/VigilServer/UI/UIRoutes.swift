import Hummingbird
import VigilConfig
import VigilDashboard
import VigilModel
import VigilStorage

/// The web UI on the one listener: server-rendered pages, panel SVGs and the static files.
///
/// Queries run on the `QueryService` workers and so does rendering (building pages and
/// charts is CPU work that would otherwise hold a cooperative thread).
///
/// | route | page |
/// |---|---|
/// | `/` | Home |
/// | `/dashboards` | Dashboard list (`?tag=`, `?q=`) |
/// | `/d/<uid>`, `/d/<uid>/<slug>` | Dashboard (`from`, `to`, `var-<name>`, `refresh`) |
/// | `/d/<uid>/panel/<id>` | One panel full size |
/// | `/d/<uid>/panel/<id>.svg` | One panel as a standalone SVG (`width`, `height`, `theme`) |
/// | `/explore` | Ad-hoc PromQL (`query`, `tab`, `step`, `from`, `to`) |
/// | `/graph` | Prometheus' URL (`g0.expr`, `g0.tab`, `g0.range_input`): redirects to Explore |
/// | `/alerts`, `/targets`, `/rules`, `/status` | State pages |
/// | `/static/<name>` | `web/` files, cached by version |
struct UIRoutes: Sendable {
    let dashboards: LiveDashboards
    let queries: QueryService
    let alerting: AlertingServices
    let scrape: ScrapeServices
    let storage: Storage
    let configManager: ConfigManager
    let remoteWrite: RemoteWriteService
    let options: ServerOptions
    let startTime: Timestamp
    let externalURL: String

    /// How pages query: the engine on the query workers.
    var querier: EnginePanelQuerier { EnginePanelQuerier(queries: queries) }

    /// Adds the UI's routes and the HTML 404 for unknown pages.
    func register(on router: Router<some RequestContext>) {
        // Unknown pages get the HTML 404 page; the API keeps its own errors.
        router.add(middleware: NotFoundPageMiddleware(render: { request in await self.notFound(request, "Page not found", "There is no page at this address.") }))
        router.get("/") { request, _ in await home(PageRequest(request)) }
        router.get("/dashboards") { request, _ in await dashboardList(PageRequest(request)) }
        router.get("/d/:uid") { request, context in await dashboard(PageRequest(request), uid: context.parameters.get("uid") ?? "") }
        router.get("/d/:uid/:slug") { request, context in await dashboard(PageRequest(request), uid: context.parameters.get("uid") ?? "") }
        router.get("/d/:uid/panel/:id") { request, context in
            let uid = context.parameters.get("uid") ?? ""
            let id = context.parameters.get("id") ?? ""
            if id.hasSuffix(".svg") { return await panelSVG(PageRequest(request), uid: uid, id: String(id.dropLast(4))) }
            return await panel(PageRequest(request), uid: uid, id: id)
        }
        router.get("/explore") { request, _ in await explore(PageRequest(request)) }
        router.get("/graph") { request, _ in graphRedirect(PageRequest(request)) }
        router.get("/alerts") { request, _ in await alerts(PageRequest(request)) }
        router.get("/targets") { request, _ in await targets(PageRequest(request)) }
        router.get("/rules") { request, _ in await rules(PageRequest(request)) }
        router.get("/status") { request, _ in await status(PageRequest(request)) }
        router.get("/static/:name") { request, _ in
            guard let asset = WebAssets.asset(at: request.uri.path) else {
                return await notFound(PageRequest(request), "File not found", "There is no static file at this address.")
            }
            return PageResponse.asset(asset, request: request)
        }
    }

    // MARK: - Dashboards

    /// `/dashboards`, with the problems of dashboards that did not load.
    func dashboardList(_ request: PageRequest) async -> Response {
        let state = dashboards.current
        let page = DashboardListPage(dashboards: state.catalog.dashboards, problems: state.problems)
        return await render(request) { page.render(context: $0) }
    }

    /// `/d/<uid>`: every panel loaded with one deadline, then rendered on the workers.
    func dashboard(_ request: PageRequest, uid: String) async -> Response {
        let state = dashboards.current
        guard let dashboard = state.catalog[uid] else { return await unknownDashboard(request, uid: uid) }
        let view = await loader(state).load(dashboard, request: dashboardRequest(request))
        return await render(request) { DashboardPage(view: view).render(context: $0) }
    }

    /// `/d/<uid>/panel/<id>`: one panel, loaded at the large size.
    func panel(_ request: PageRequest, uid: String, id: String) async -> Response {
        let state = dashboards.current
        guard let dashboard = state.catalog[uid] else { return await unknownDashboard(request, uid: uid) }
        guard let panelID = Int(id), dashboard.rows.contains(where: { $0.panels.contains { $0.id == panelID } }) else {
            return await unknownPanel(request, dashboard: dashboard, id: id)
        }
        let view = await loader(state).load(dashboard, request: dashboardRequest(request), onlyPanel: panelID, size: PanelPage.size)
        return await render(request) { PanelPage(view: view, panelID: panelID).render(context: $0) }
    }

    /// `/d/<uid>/panel/<id>.svg`: one panel as an SVG document of `width` × `height`.
    func panelSVG(_ request: PageRequest, uid: String, id: String) async -> Response {
        let state = dashboards.current
        guard let dashboard = state.catalog[uid] else { return await unknownDashboard(request, uid: uid) }
        guard let panelID = Int(id), dashboard.rows.contains(where: { $0.panels.contains { $0.id == panelID } }) else {
            return await unknownPanel(request, dashboard: dashboard, id: id)
        }
        let url = request.url
        let size = StandalonePanel.size(width: url["width"].flatMap { Int($0) }, height: url["height"].flatMap { Int($0) })
        let view = await loader(state).load(
            dashboard, request: dashboardRequest(request), onlyPanel: panelID, size: StandalonePanel.bodySize(width: size.width, height: size.height))
        guard let data = view.panel(id: panelID) else { return await unknownPanel(request, dashboard: dashboard, id: id) }
        let theme = request.context.theme
        let offset = request.context.offsetSeconds
        do {
            let svg = try await queries.offload { StandalonePanel.svg(data, width: size.width, height: size.height, theme: theme, offsetSeconds: offset) }
            return PageResponse.svg(svg)
        } catch {
            return await unavailable(request)
        }
    }

    private func loader(_ state: LiveDashboards.State) -> DashboardLoader {
        DashboardLoader(querier: querier, scrapeInterval: state.scrapeInterval, timeout: state.queryTimeout)
    }

    private func dashboardRequest(_ request: PageRequest) -> DashboardRequest {
        DashboardRequest(url: request.url, now: request.context.now, offsetSeconds: request.context.offsetSeconds)
    }

    private func unknownDashboard(_ request: PageRequest, uid: String) async -> Response {
        await notFound(request, "Dashboard not found", "There is no dashboard with uid \"\(uid)\". The Dashboards page lists every dashboard the configuration loads.")
    }

    private func unknownPanel(_ request: PageRequest, dashboard: Dashboard, id: String) async -> Response {
        await notFound(request, "Panel not found", "Dashboard \"\(dashboard.title)\" has no panel \"\(id)\".")
    }

    // MARK: - Rendering

    /// Renders a page on the query workers and answers it as HTML.
    func render(_ request: PageRequest, status: HTTPResponse.Status = .ok, _ page: @escaping @Sendable (PageContext) -> String) async -> Response {
        let context = request.context
        do {
            let html = try await queries.offload { page(context) }
            return PageResponse.html(html, status: status, request: request)
        } catch {
            return await unavailable(request)
        }
    }

    /// The HTML 404 page.
    func notFound(_ request: PageRequest, _ title: String, _ message: String) async -> Response {
        let page = ErrorPage(status: 404, title: title, message: message)
        return PageResponse.html(page.render(context: request.context), status: .notFound, request: request)
    }

    /// 503 while the query workers shut down.
    func unavailable(_ request: PageRequest) async -> Response {
        let page = ErrorPage(status: 503, title: "Shutting down", message: "Vigil is shutting down and no longer answers queries.")
        return PageResponse.html(page.render(context: request.context), status: .serviceUnavailable, request: request)
    }
}

/// Answers requests no route matched with the HTML 404 page, except under `/api/` and
/// `/-/`, whose clients expect Prometheus' plain answers.
struct NotFoundPageMiddleware<Context: RequestContext>: RouterMiddleware {
    let render: @Sendable (PageRequest) async -> Response

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let path = request.uri.path
            guard request.method == .get || request.method == .head, !path.hasPrefix("/api/"), !path.hasPrefix("/-/") else { throw error }
            return await render(PageRequest(request))
        }
    }
}
