import VigilModel
import VigilPromQL

/// A dashboard with its variables resolved and its panels' data loaded: everything the
/// page needs, no I/O left.
public struct DashboardView: Sendable {
    public var dashboard: Dashboard
    public var range: ResolvedTimeRange
    public var variables: [ResolvedVariable]
    public var rows: [RowView]
    /// Auto-refresh in milliseconds (the URL's `refresh`, else the dashboard's), nil for off.
    public var refresh: Int64?
    public var offsetSeconds: Int
    public var now: Timestamp

    /// A row and its panels' data.
    public struct RowView: Sendable {
        public var title: String?
        public var collapsed: Bool
        public var panels: [PanelData]
    }

    /// The panel with `id`, if loaded.
    public func panel(id: Int) -> PanelData? {
        rows.lazy.flatMap(\.panels).first { $0.panel.id == id }
    }
}

/// Nominal pixel sizes of the 24-column grid, for steps and ticks chosen on the server
/// (the page then stretches charts to the real width).
public enum PanelLayout {
    /// The grid's width on a common 1440 px wide window.
    public static let gridWidth = 1408.0
    static let gap = 8.0, rowHeight = 30.0

    /// The body (inside header and padding) of a panel `width` columns by `height` rows.
    public static func bodySize(width: Int, height: Int) -> (width: Double, height: Double) {
        let column = (gridWidth - 23 * gap) / 24
        let w = Double(width) * column + Double(width - 1) * gap
        let h = Double(height) * rowHeight + Double(height - 1) * gap
        return (w - 16, h - 32 - 8)
    }
}

/// Loads dashboards: resolves variables, expands queries, runs every panel query
/// concurrently with one deadline, and collects results and errors per panel.
public struct DashboardLoader: Sendable {
    public var querier: any PanelQuerier
    /// The scrape interval in milliseconds: the default smallest step, and the base of
    /// `$__rate_interval` (Grafana's data source "scrape interval").
    public var scrapeInterval: Int64
    /// How long a page waits for its queries (the query timeout); late panels show an error.
    public var timeout: Duration
    /// Queries in flight at once.
    public var maxConcurrentQueries: Int

    public init(querier: any PanelQuerier, scrapeInterval: Int64 = 15_000, timeout: Duration = .seconds(120), maxConcurrentQueries: Int = 8) {
        self.querier = querier
        self.scrapeInterval = scrapeInterval
        self.timeout = timeout
        self.maxConcurrentQueries = max(1, maxConcurrentQueries)
    }

    /// Loads the dashboard for a request.
    /// - Parameters:
    ///   - onlyPanel: load just this panel (the standalone and single-panel views).
    ///   - size: the panel body's pixel size for `onlyPanel`, instead of its grid size.
    public func load(_ dashboard: Dashboard, request: DashboardRequest, onlyPanel: Int? = nil, size: (width: Double, height: Double)? = nil) async -> DashboardView {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        let range = (request.range ?? dashboard.time).resolve(now: request.now, offsetSeconds: request.offsetSeconds)
        let variables = await VariableResolver(querier: querier, range: range, deadline: deadline)
            .resolve(dashboard.variables, requested: request.variables)
        let values = variables.map(\.value)

        // Plan every panel: sizes, interval, expanded queries.
        var planned: [(row: Int, data: PanelData)] = []
        for (rowIndex, row) in dashboard.rows.enumerated() {
            for panel in row.panels where onlyPanel == nil || panel.id == onlyPanel {
                planned.append((rowIndex, plan(panel, range: range, variables: values, request: request, size: onlyPanel != nil ? size : nil)))
            }
        }

        // Run every query, at most `maxConcurrentQueries` at once.
        var jobs: [(panel: Int, query: Int)] = []
        for (p, item) in planned.enumerated() {
            for q in item.data.results.indices where item.data.results[q].error == nil { jobs.append((p, q)) }
        }
        let querier = self.querier
        await withTaskGroup(of: (Int, Int, QueryValue?, String?).self) { group in
            var next = 0
            func start() {
                guard next < jobs.count else { return }
                let job = jobs[next]
                next += 1
                let result = planned[job.panel].data.results[job.query]
                let interval = planned[job.panel].data.interval
                let evaluationTime = range.end
                group.addTask {
                    do {
                        let value = try await withDeadline(deadline, "query") {
                            result.instant
                                ? try await querier.instant(result.expr, at: evaluationTime)
                                : try await querier.range(result.expr, start: interval.start, end: interval.end, step: interval.step)
                        }
                        return (job.panel, job.query, value, nil)
                    } catch {
                        return (job.panel, job.query, nil, PanelQueryError.message(of: error))
                    }
                }
            }
            for _ in 0..<maxConcurrentQueries { start() }
            while let (p, q, value, error) = await group.next() {
                planned[p].data.results[q].value = value
                planned[p].data.results[q].error = error
                start()
            }
        }

        var rows = dashboard.rows.map { DashboardView.RowView(title: $0.title.map { TemplateScope(variables: values).expand($0, for: .text) }, collapsed: $0.collapsed, panels: []) }
        for item in planned { rows[item.row].panels.append(item.data) }
        if onlyPanel != nil { rows.removeAll { $0.panels.isEmpty } }
        var refresh = dashboard.refresh
        if let text = request.refresh {
            refresh = text == "off" || text.isEmpty ? nil : (try? PromDuration.parse(text)).map { max(1000, $0) } ?? refresh
        }
        return DashboardView(dashboard: dashboard, range: range, variables: variables, rows: rows, refresh: refresh, offsetSeconds: request.offsetSeconds, now: request.now)
    }

    /// A panel's interval and expanded queries, before they run.
    func plan(_ panel: Panel, range: ResolvedTimeRange, variables: [VariableValue], request: DashboardRequest, size: (width: Double, height: Double)?) -> PanelData {
        let body = size ?? PanelLayout.bodySize(width: panel.width, height: panel.height)
        var points = panel.maxDataPoints ?? Int(max(50, body.width - 56))
        if case .heatmap = panel.kind, panel.maxDataPoints == nil {
            points = max(10, Int(body.width / 8))  // cells wide enough to see
        }
        let interval = QueryInterval.calculate(
            range: range, maxDataPoints: points, minInterval: panel.minInterval ?? scrapeInterval, scrapeInterval: scrapeInterval,
            offsetSeconds: request.offsetSeconds)
        let scope = TemplateScope(variables: variables, interval: interval, range: range)
        var expanded = panel
        expanded.title = scope.expand(panel.title, for: .text)
        expanded.description = panel.description.map { scope.expand($0, for: .text) }
        if case .text(var options) = panel.kind {
            options.content = scope.expand(options.content, for: .text)
            expanded.kind = .text(options)
        }
        let results = panel.queries.map { query -> PanelQueryResult in
            let instant = query.instant ?? panel.kind.prefersInstantQueries
            let expr = scope.expand(query.expr, for: .promQL)
            return PanelQueryResult(query: query, expr: expr, instant: instant)
        }
        return PanelData(panel: expanded, interval: interval, results: results, width: body.width, height: body.height)
    }
}
