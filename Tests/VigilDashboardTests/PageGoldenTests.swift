import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
import VigilModel
import VigilPromQL

@testable import VigilDashboard

/// Pages and panels compared with golden files in Testdata/ (`VIGIL_UPDATE_GOLDEN=1`
/// rewrites them; review the diff). With `VIGIL_RENDER_SAMPLES=<folder>` the pages are
/// also written there with the assets, to be served and screenshot.
@Suite struct PageGoldenTests {
    static let now: Timestamp = 1_750_000_000_000
    static let context = PageContext(url: PageURL(path: "/"), now: now)

    static func context(_ path: String, _ query: String = "", theme: Theme = .auto) -> PageContext {
        PageContext(url: PageURL(path: path, rawQuery: query), theme: theme, now: now)
    }

    static let frame = ChartFrame(start: now - 3_600_000, end: now, step: 60_000)

    static func wave(_ name: String, labels: Labels = .empty, scale: Double, phase: Double) -> ChartSeries {
        ChartSeries(
            name: name, labels: labels,
            samples: (0..<frame.count).map { k in Sample(t: frame.time(k), v: scale * (1.2 + sin(Double(k) / 6 + phase) + 0.3 * sin(Double(k) / 1.7 + phase))) })
    }

    @Test func standaloneTimeSeriesSVG() throws {
        var field = FieldOptions(unit: .requestsPerSecond)
        field.thresholds = Thresholds(steps: [.init(value: 5, color: .red)])
        let chart = TimeSeriesChart(
            series: [Self.wave("200", scale: 2, phase: 0), Self.wave("500", scale: 0.5, phase: 1)], frame: Self.frame,
            options: TimeSeriesOptions(thresholdsStyle: .line), field: field, plotWidth: 300, plotHeight: 140
        ).render()
        let svg = ChartMarkup.standaloneSVG(chart, title: "Request rate by status", width: 400, height: 220)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        try Golden.check(svg, "timeseries-standalone.svg")
        try Golden.sample(svg, "timeseries-standalone.svg")
    }

    static func panelData(_ kind: PanelKind, field: FieldOptions, series: [RangeSeries], width: Int = 6, height: Int = 5, instant: Bool = false) -> PanelData {
        let query = PanelQuery(expr: "q", legend: "{{path}}", instant: instant)
        let panel = Panel(id: 1, title: "Panel", kind: kind, width: width, height: height, queries: [query], field: field)
        let interval = QueryInterval.calculate(range: ResolvedTimeRange(start: Self.now - 3_600_000, end: Self.now), maxDataPoints: 60, minInterval: 60_000, scrapeInterval: 15_000)
        let value: QueryValue = instant ? .vector(series.map { VectorSample(labels: $0.labels, t: Self.now, v: $0.samples.last?.v ?? 0) }) : .matrix(series)
        let size = PanelLayout.bodySize(width: width, height: height)
        return PanelData(panel: panel, interval: interval, results: [PanelQueryResult(query: query, expr: "q", instant: instant, value: value)], width: size.width, height: size.height)
    }

    static func rangeSeries(_ path: String, _ value: Double) -> RangeSeries {
        RangeSeries(labels: ["path": path], samples: (0..<60).map { Sample(t: Self.now - Int64(60 - $0) * 60_000, v: value * (1 + 0.1 * sin(Double($0) / 5))) })
    }

    @Test func panelBodies() throws {
        var field = FieldOptions(unit: .percentUnit, decimals: 1)
        field.thresholds = Thresholds(base: .green, steps: [.init(value: 0.9, color: .orange), .init(value: 0.95, color: .red)])
        let series = [Self.rangeSeries("/predict", 0.8), Self.rangeSeries("/health", 0.92)]
        var out = ""
        out += PanelRenderer.body(Self.panelData(.stat(StatOptions()), field: field, series: series), offsetSeconds: 0).rendered + "\n"
        out += PanelRenderer.body(Self.panelData(.gauge(GaugeOptions()), field: field, series: Array(series.prefix(1))), offsetSeconds: 0).rendered + "\n"
        out += PanelRenderer.body(Self.panelData(.barGauge(BarGaugeOptions()), field: field, series: series), offsetSeconds: 0).rendered + "\n"
        out += PanelRenderer.body(Self.panelData(.table(TableOptions(sortBy: "Value")), field: field, series: series, instant: true), offsetSeconds: 0).rendered + "\n"
        out += PanelRenderer.body(Self.panelData(.stat(StatOptions()), field: FieldOptions(noValue: "nothing"), series: []), offsetSeconds: 0).rendered + "\n"
        out += PanelRenderer.body(Self.panelData(.text(TextOptions(content: "**Hi** [docs](/docs)")), field: field, series: []), offsetSeconds: 0).rendered + "\n"
        try Golden.check(out, "panel-bodies.html")
    }

    @Test func targetsPage() throws {
        let pools = [
            TargetPoolView(job: "ml-service", targets: [
                TargetView(
                    scrapeURL: "http://host.docker.internal:8000/metrics", health: .down, labels: ["instance": "host.docker.internal:8000", "job": "ml-service"],
                    discoveredLabels: ["__address__": "host.docker.internal:8000"], lastScrape: Self.now - 7000, lastScrapeDuration: 0.0021,
                    lastError: "Get \"http://host.docker.internal:8000/metrics\": dial tcp: lookup host.docker.internal: no such host", scrapeInterval: 15_000),
                TargetView(
                    scrapeURL: "http://localhost:8000/metrics", health: .up, labels: ["instance": "localhost:8000", "job": "ml-service"], lastScrape: Self.now - 3000,
                    lastScrapeDuration: 0.0123, scrapeInterval: 15_000, samplesScraped: 142),
            ]),
            TargetPoolView(job: "vigil", targets: [
                TargetView(scrapeURL: "http://localhost:3000/metrics", health: .up, labels: ["instance": "localhost:3000", "job": "vigil"], lastScrape: Self.now - 12_000, lastScrapeDuration: 0.004, scrapeInterval: 15_000, samplesScraped: 0),
            ]),
        ]
        let html = TargetsPage(pools: pools).render(context: Self.context("/targets"))
        #expect(html.contains("host.docker.internal does not resolve on Linux"))
        #expect(html.contains("An empty /metrics"))
        try Golden.check(html, "targets.html")
        try Golden.sample(html, "targets.html")
        let unhealthy = TargetsPage(pools: pools).render(context: Self.context("/targets", "health=unhealthy"))
        #expect(!unhealthy.contains("localhost:3000/metrics"))
    }

    static let alerts: [AlertRuleView] = {
        let firing = AlertView(
            name: "HighErrorRate", state: .firing, labels: ["alertname": "HighErrorRate", "severity": "critical"],
            annotations: [("summary", "5xx‑Fehlerrate über 5 %"), ("description", "Die 5xx/s‑Rate der letzten 5 Minuten hat den Grenzwert überschritten.")],
            activeSince: now - 540_000, value: 0.183)
        return [
            AlertRuleView(
                name: "HighErrorRate", expr: "(sum(rate(http_requests_total{status=~\"5..\"}[5m])) /\nsum(rate(http_requests_total[5m]))) > 0.05", holdDuration: 300_000,
                labels: ["severity": "critical"], annotations: [("summary", "5xx‑Fehlerrate über 5 %")], group: "mlops-alerts", file: "rules/alerts.yml", alerts: [firing]),
            AlertRuleView(name: "TargetDown", expr: "up == 0", holdDuration: 60_000, labels: ["severity": "warning"], group: "mlops-alerts", file: "rules/alerts.yml"),
        ]
    }()

    @Test func alertsPage() throws {
        let lanes = AlertTimeline.lanes(from: [
            RangeSeries(labels: ["__name__": "ALERTS", "alertname": "HighErrorRate", "alertstate": "pending", "severity": "critical"], samples: (20..<25).map { Sample(t: Self.now - 3_600_000 + Int64($0) * 60_000, v: 1) }),
            RangeSeries(labels: ["__name__": "ALERTS", "alertname": "HighErrorRate", "alertstate": "firing", "severity": "critical"], samples: (25..<40).map { Sample(t: Self.now - 3_600_000 + Int64($0) * 60_000, v: 1) }),
        ], step: 60_000)
        let range = ResolvedTimeRange(start: Self.now - 3_600_000, end: Self.now, range: .last(3_600_000))
        let page = AlertsPage(rules: Self.alerts, timeline: AlertTimeline(frame: Self.frame, lanes: lanes), range: range)
        let html = page.render(context: Self.context("/alerts"))
        #expect(html.contains("9m"))
        try Golden.check(html, "alerts.html")
        try Golden.sample(html, "alerts.html")
    }

    @Test func rulesPage() throws {
        let groups = [
            RuleGroupView(name: "mlops-recording", file: "rules/recording.yml", interval: 15_000, lastEvaluation: Self.now - 4000, evaluationDuration: 0.0012, rules: [
                RuleView(kind: .recording("job:http_request_duration_seconds:p90"), expr: "histogram_quantile(0.90, sum(rate(http_request_latency_seconds_bucket[5m])) by (le))", health: .ok, lastEvaluation: Self.now - 4000, evaluationDuration: 0.0011),
            ]),
            RuleGroupView(name: "mlops-alerts", file: "rules/alerts.yml", interval: 15_000, lastEvaluation: Self.now - 9000, evaluationDuration: 0.0031, rules: [
                RuleView(kind: .alerting("HighErrorRate"), expr: "(sum(rate(http_requests_total{status=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m]))) > 0.05", labels: ["severity": "critical"], holdDuration: 300_000, state: .firing, health: .ok, lastEvaluation: Self.now - 9000, evaluationDuration: 0.0024),
                RuleView(kind: .alerting("Broken"), expr: "rate(x[5m]) > on() group_left y", health: .err, lastError: "vector cannot contain metrics with the same labelset", lastEvaluation: Self.now - 9000, evaluationDuration: 0.0004),
            ]),
        ]
        let html = RulesPage(groups: groups).render(context: Self.context("/rules"))
        try Golden.check(html, "rules.html")
        try Golden.sample(html, "rules.html")
    }

    @Test func homeAndListPages() throws {
        let dashboard = try ShippedDashboardTests.load("ml-service.yml")
        let vigil = try ShippedDashboardTests.load("vigil.yml")
        let down = TargetView(scrapeURL: "http://localhost:9100/metrics", health: .down, labels: ["job": "node"], lastError: "connection refused")
        let home = HomePage(
            dashboards: [dashboard, vigil], targetsUp: 2, targetsDown: 1, downTargets: [down], firingAlerts: Self.alerts[0].alerts, pendingAlerts: 1
        ).render(context: Self.context("/"))
        try Golden.check(home, "home.html")
        try Golden.sample(home, "home.html")
        let list = DashboardListPage(dashboards: [dashboard, vigil]).render(context: Self.context("/dashboards", "tag=ml"))
        #expect(list.contains("ML service") && !list.contains(">Self-monitoring"))
        try Golden.sample(list, "dashboards.html")
    }

    @Test func statusPage() throws {
        let page = StatusPage(
            build: [("Version", "0.1.0"), ("Revision", "a507b94"), ("Swift", "6.3.1")],
            runtime: [("Started", "2025-06-15 13:06:40"), ("Uptime", "2h"), ("Data directory", "/var/lib/vigil"), ("Last reload", "successful")],
            flags: [("--config", "/etc/vigil/vigil.yml"), ("--listen", "0.0.0.0:3000")],
            storage: StorageStatus(series: 1342, samples: 8_400_000, sizeBytes: 48_300_000, oldest: Self.now - 86_400_000 * 3, newest: Self.now - 2000, retention: 15 * 86_400_000,
                                   topMetrics: [("http_request_latency_seconds_bucket", 60), ("http_requests_total", 18)], topLabels: [("le", 15), ("path", 4)]),
            config: "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: \"ml-service\"\n", configFile: "/etc/vigil/vigil.yml")
        let html = page.render(context: Self.context("/status", theme: .dark))
        try Golden.check(html, "status.html")
        try Golden.sample(html, "status.html")
    }

    @Test func explorePages() async throws {
        let querier = FixtureQuerier()
        querier.failing = ["oops": "unexpected character: '@'"]
        let graph = await ExploreView.load(ExploreRequest(url: PageURL(path: "/explore", rawQuery: "query=sum(rate(http_requests_total%5B5m%5D))%20by%20(status)&from=now-1h"), now: Self.now), querier: querier)
        let graphHTML = ExplorePage(view: graph).render(context: Self.context("/explore", "query=sum(rate(http_requests_total%5B5m%5D))%20by%20(status)&from=now-1h"))
        #expect(graphHTML.contains("Result series: 4"))
        try Golden.sample(graphHTML, "explore.html")
        var table = await ExploreView.load(ExploreRequest(url: PageURL(path: "/explore", rawQuery: "g0.expr=up&g0.tab=1"), now: Self.now), querier: querier)
        table.elapsed = .milliseconds(12)
        #expect(table.request.tab == .table)
        let tableHTML = ExplorePage(view: table).render(context: Self.context("/explore", "g0.expr=up&g0.tab=1"))
        #expect(tableHTML.contains("<td class=\"mono\">{instance=&quot;localhost:8000&quot;, job=&quot;ml-service&quot;}</td><td class=\"num mono\">1</td>"))
        try Golden.check(tableHTML, "explore-table.html")
        let broken = await ExploreView.load(ExploreRequest(query: "sum(oops@)", tab: .table, now: Self.now), querier: querier)
        let brokenHTML = ExplorePage(view: broken).render(context: Self.context("/explore", "query=sum(oops@)&tab=table"))
        #expect(brokenHTML.contains("<div class=\"msg\">1:5: parse error: unexpected character: &#39;@&#39;</div><pre>sum(<mark>oo</mark>ps@)</pre>"))
        try Golden.sample(brokenHTML, "explore-error.html")
    }

    @Test func panelPageAndStandaloneSVGs() async throws {
        let dashboard = try ShippedDashboardTests.load("ml-service.yml")
        let loader = DashboardLoader(querier: FixtureQuerier())
        let url = PageURL(path: "/d/ml-service/panel/8", rawQuery: "from=now-6h&to=now")
        let request = DashboardRequest(url: url, now: Self.now)
        let view = await loader.load(dashboard, request: request, onlyPanel: 8, size: PanelPage.size)
        let html = PanelPage(view: view, panelID: 8).render(context: PageContext(url: url, now: Self.now))
        #expect(html.contains("class=\"panel solo"))
        try Golden.sample(html, "panel.html")
        for panel in dashboard.panels {
            let size = StandalonePanel.size(width: 640, height: 300)
            let one = await loader.load(dashboard, request: request, onlyPanel: panel.id, size: StandalonePanel.bodySize(width: size.width, height: size.height))
            let data = try #require(one.panel(id: panel.id))
            let svg = StandalonePanel.svg(data, width: size.width, height: size.height, theme: .light)
            #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            #expect(svg.hasSuffix("</svg>"))
            // Every standalone SVG is well-formed XML (it is served as image/svg+xml).
            let document = try XMLDocument(xmlString: svg, options: [])
            #expect(document.rootElement()?.name == "svg")
            try Golden.sample(svg, "panel-\(panel.id).svg")
        }
    }

    @Test func errorPage() throws {
        let html = ErrorPage(status: 404, title: "Dashboard not found", message: "No dashboard has uid \"nope\".").render(context: Self.context("/d/nope"))
        try Golden.check(html, "error-404.html")
    }
}
