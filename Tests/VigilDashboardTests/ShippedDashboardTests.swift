import Foundation
import Testing
import VigilModel

@testable import VigilDashboard

/// The dashboards in config/dashboards decode and render with data.
@Suite struct ShippedDashboardTests {
    static let now: Timestamp = 1_750_000_000_000

    static func load(_ name: String) throws -> Dashboard {
        let url = YAMLNodes.repositoryRoot.appendingPathComponent("config/dashboards/\(name)")
        let text = try String(contentsOf: url, encoding: .utf8)
        let node = try YAMLNodes.parse(text, file: "config/dashboards/\(name)")
        let dashboards = try DashboardDecoder.decodeFile(node)
        try #require(dashboards.count == 1)
        return dashboards[0]
    }

    @Test(arguments: ["ml-service.yml", "vigil.yml"])
    func decodes(_ name: String) throws {
        let dashboard = try Self.load(name)
        #expect(!dashboard.panels.isEmpty)
        #expect(Set(dashboard.panels.map(\.id)).count == dashboard.panels.count)
        for panel in dashboard.panels {
            if case .text = panel.kind { continue }
            #expect(!panel.queries.isEmpty, "\(panel.title)")
        }
    }

    @Test func mlServiceHasTheWalkthroughPanels() throws {
        let dashboard = try Self.load("ml-service.yml")
        let queries = dashboard.panels.flatMap(\.queries).map(\.expr)
        #expect(queries.contains { $0.contains("sum(rate(http_requests_total{") && $0.contains("by (status)") })
        #expect(queries.contains { $0.hasPrefix("histogram_quantile(0.90, sum(rate(http_request_latency_seconds_bucket{") })
        #expect(queries.contains { $0.contains("status=~\"5..\"") && $0.contains("/ sum(rate(http_requests_total{") })
    }

    @Test func mlServiceRenders() async throws {
        let dashboard = try Self.load("ml-service.yml")
        let querier = FixtureQuerier()
        let loader = DashboardLoader(querier: querier, scrapeInterval: 15_000, timeout: .seconds(10))
        let url = PageURL(path: "/d/ml-service", rawQuery: "from=now-1h&to=now")
        let view = await loader.load(dashboard, request: DashboardRequest(url: url, now: Self.now))
        let html = DashboardPage(view: view).render(context: PageContext(url: url, now: Self.now))
        for panel in dashboard.panels {
            #expect(html.contains("id=\"panel-\(panel.id)\""))
        }
        #expect(!html.contains("role=\"alert\""), "no panel shows an error")
        // Variables expanded before querying: the default job and All paths.
        #expect(querier.calls.contains { $0.contains("job=\"ml-service\"") && $0.contains("path=~\"(/predict|/predict/batch|/health)\"") })
        #expect(!querier.calls.contains { $0.contains("$__rate_interval") || $0.contains("$job") })
        try Golden.sample(html, "ml-service.html")
    }

    @Test func vigilDashboardRenders() async throws {
        let dashboard = try Self.load("vigil.yml")
        let loader = DashboardLoader(querier: FixtureQuerier(), timeout: .seconds(10))
        let url = PageURL(path: "/d/vigil", rawQuery: "")
        let view = await loader.load(dashboard, request: DashboardRequest(url: url, now: Self.now))
        let html = DashboardPage(view: view).render(context: PageContext(url: url, theme: .dark, now: Self.now))
        #expect(html.contains("<html lang=\"en\" data-theme=\"dark\">"))
        try Golden.sample(html, "vigil.html")
    }
}
