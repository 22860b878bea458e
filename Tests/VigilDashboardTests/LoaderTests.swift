import Testing
import VigilModel
import VigilPromQL

@testable import VigilDashboard

/// Variables resolve, queries expand and run concurrently, errors and timeouts land
/// inside their panel.
@Suite struct LoaderTests {
    static let now: Timestamp = 1_750_000_000_000

    static func dashboard(_ yaml: String) throws -> Dashboard {
        try DashboardDecoder.decode(try YAMLNodes.parse(yaml, file: "t.yml"))
    }

    @Test func variablesResolveInOrderAndFromTheURL() async throws {
        let dashboard = try Self.dashboard(
            """
            title: T
            variables:
              - {name: job, query: "label_values(up, job)"}
              - {name: path, query: 'label_values(http_requests_total{job="$job"}, path)', multi: true, include_all: true}
              - {name: q, type: custom, values: "0.5,0.9", default: "0.9"}
              - {name: inst, query: "label_values(instance)", regex: "localhost:(.*)"}
            panels: [{expr: 'x{job="$job", path=~"$path"}'}]
            """)
        let querier = FixtureQuerier()
        let loader = DashboardLoader(querier: querier)
        let first = await loader.load(dashboard, request: DashboardRequest(now: Self.now))
        #expect(first.variables.map(\.value.values) == [["ml-service"], ["/predict", "/predict/batch", "/health"], ["0.9"], ["8000"]])
        #expect(first.variables[1].value.isAll)
        #expect(first.variables[3].options == ["8000", "3000"])
        #expect(querier.calls.contains("labels path http_requests_total{job=\"ml-service\"}"))

        let url = PageURL(path: "/d/t", rawQuery: "var-job=vigil&var-path=%2Fhealth&var-path=%2Fpredict&var-q=0.5")
        let second = await loader.load(dashboard, request: DashboardRequest(url: url, now: Self.now))
        #expect(second.variables.map(\.value.values) == [["vigil"], ["/health", "/predict"], ["0.5"], ["8000"]])
        #expect(querier.calls.contains { $0.hasPrefix("range x{job=\"vigil\", path=~\"(/health|/predict)\"}") })

        // "All" ticked together with single values (a form without script): the values win.
        let both = PageURL(path: "/d/t", rawQuery: "var-path=%24__all&var-path=%2Fhealth")
        let third = await loader.load(dashboard, request: DashboardRequest(url: both, now: Self.now))
        #expect(third.variables[1].value.values == ["/health"])
        #expect(!third.variables[1].value.isAll)
    }

    @Test func errorsStayInsideTheirPanel() async throws {
        let dashboard = try Self.dashboard(
            """
            title: T
            panels:
              - {title: ok, expr: up}
              - {title: broken, expr: "broken_metric"}
              - {title: half, queries: [{expr: up}, {expr: broken_too}]}
            """)
        let querier = FixtureQuerier()
        querier.failing = ["broken": "query failed: <boom>"]
        let view = await DashboardLoader(querier: querier).load(dashboard, request: DashboardRequest(now: Self.now))
        let panels = view.rows.flatMap(\.panels)
        #expect(panels[0].errors.isEmpty)
        #expect(panels[1].errors == ["query failed: <boom>"])
        #expect(panels[2].errors == ["B: query failed: <boom>"])
        let html = DashboardPage(view: view).render(context: PageContext(url: PageURL(path: "/d/t"), now: Self.now))
        #expect(html.contains("<div class=\"pcenter err\" role=\"alert\">query failed: &lt;boom&gt;</div>"))
        #expect(html.contains("<div class=\"perr\" role=\"alert\" title=\"B: query failed: &lt;boom&gt;\">"))
    }

    // The limit is a backstop should the deadline never fire; nothing here measures time.
    @Test(.timeLimit(.minutes(10)))
    func slowQueriesTimeOutInsideThePanel() async throws {
        let dashboard = try Self.dashboard("title: T\npanels: [{expr: up}, {expr: up}]")
        let querier = FixtureQuerier()
        // The queries never answer: only the loader's deadline can end the page.
        querier.delay = .seconds(86_400)
        let view = await DashboardLoader(querier: querier, timeout: .milliseconds(200)).load(dashboard, request: DashboardRequest(now: Self.now))
        #expect(view.rows[0].panels.allSatisfy { $0.errors == ["query timed out"] })
        // And the queries left behind are cancelled, not left running.
        var cancelled = false
        for _ in 0..<30_000 where !cancelled {
            cancelled = querier.calls.filter { $0 == "cancelled" }.count == 2
            if !cancelled { try await Task.sleep(for: .milliseconds(1)) }
        }
        #expect(cancelled)
    }

    @Test func queriesUseTheIntervalOfTheirPanel() async throws {
        let dashboard = try Self.dashboard(
            """
            title: T
            time: 6h
            panels:
              - {expr: 'rate(x[$__rate_interval])', width: 12}
              - {expr: 'rate(x[$__interval])', width: 24, min_interval: 1m}
              - {type: table, expr: 'sum(increase(x[$__range]))'}
            """)
        let querier = FixtureQuerier()
        _ = await DashboardLoader(querier: querier).load(dashboard, request: DashboardRequest(now: Self.now))
        let calls = querier.calls
        // 6h over a half-width panel (~600 px): 30s steps, rate window 1m.
        #expect(calls.contains { $0.hasPrefix("range rate(x[1m0s]) ") && $0.hasSuffix(" 30000") })
        #expect(calls.contains { $0.hasPrefix("range rate(x[1m]) ") && $0.hasSuffix(" 60000") })
        #expect(calls.contains("instant sum(increase(x[21600s])) \(Self.now)"))
    }

    @Test func onlyOnePanelLoads() async throws {
        let dashboard = try Self.dashboard("title: T\npanels: [{expr: a}, {expr: b}]")
        let querier = FixtureQuerier()
        let view = await DashboardLoader(querier: querier).load(dashboard, request: DashboardRequest(now: Self.now), onlyPanel: 2, size: (400, 200))
        #expect(view.rows.flatMap(\.panels).map(\.panel.id) == [2])
        #expect(querier.calls.count == 1)
        #expect(view.panel(id: 2)?.width == 400)
    }

    @Test func deadlineReturnsTheFasterSide() async throws {
        let value = try await withDeadline(ContinuousClock.now.advanced(by: .seconds(5)), "x") { 42 }
        #expect(value == 42)
        await #expect(throws: PanelQueryError.self) {
            _ = try await withDeadline(ContinuousClock.now.advanced(by: .milliseconds(50)), "x") {
                try await Task.sleep(for: .seconds(20))
                return 1
            }
        }
    }

    @Test func refreshComesFromTheURLOrTheDashboard() async throws {
        let dashboard = try Self.dashboard("title: T\nrefresh: 30s\npanels: [{expr: a}]")
        let loader = DashboardLoader(querier: FixtureQuerier())
        #expect(await loader.load(dashboard, request: DashboardRequest(now: Self.now)).refresh == 30_000)
        #expect(await loader.load(dashboard, request: DashboardRequest(refresh: "off", now: Self.now)).refresh == nil)
        #expect(await loader.load(dashboard, request: DashboardRequest(refresh: "5s", now: Self.now)).refresh == 5000)
    }

    @Test func alertTimelineLanes() {
        let step: Int64 = 60_000
        func samples(_ ks: [Int]) -> [Sample] { ks.map { Sample(t: Int64($0) * step, v: 1) } }
        let series = [
            RangeSeries(labels: ["__name__": "ALERTS", "alertname": "HighErrorRate", "alertstate": "pending", "severity": "critical"], samples: samples([3, 4, 5, 6, 7])),
            RangeSeries(labels: ["__name__": "ALERTS", "alertname": "HighErrorRate", "alertstate": "firing", "severity": "critical"], samples: samples([8, 9, 10, 20, 21])),
            RangeSeries(labels: ["__name__": "ALERTS", "alertname": "Other", "alertstate": "pending"], samples: samples([1])),
        ]
        let lanes = AlertTimeline.lanes(from: series, step: step)
        #expect(lanes.count == 2)
        #expect(lanes[0].labels == ["alertname": "HighErrorRate", "severity": "critical"])
        #expect(lanes[0].segments == [
            .init(state: .pending, start: 180_000, end: 480_000), .init(state: .firing, start: 480_000, end: 660_000),
            .init(state: .firing, start: 1_200_000, end: 1_320_000),
        ])
        let html = AlertTimeline(frame: ChartFrame(start: 0, end: 1_800_000, step: step), lanes: lanes).render(offsetSeconds: 0).rendered
        #expect(html.contains("<rect class=\"firing\" x=\"267\" width=\"100\" height=\"10\"><title>firing 1970-01-01 00:08:00 – 1970-01-01 00:11:00 (3m)</title></rect>"))
    }
}
