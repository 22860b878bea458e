import VigilModel
import VigilPromQL

/// What an Explore URL asks: `query`, `from`/`to`, `tab=graph|table`, `step=30s`.
/// Prometheus' `/graph` parameters work too (`g0.expr`, `g0.tab=0|1`, `g0.range_input`),
/// so links from Alertmanager and Prometheus tooling land here.
public struct ExploreRequest: Sendable {
    public enum Tab: String, Sendable {
        case graph, table
    }

    public var query: String
    public var range: TimeRange
    public var tab: Tab
    /// A fixed step in milliseconds, or nil for automatic.
    public var step: Int64?
    public var now: Timestamp
    public var offsetSeconds: Int

    public init(query: String, range: TimeRange = .last(3_600_000), tab: Tab = .graph, step: Int64? = nil, now: Timestamp, offsetSeconds: Int = 0) {
        self.query = query
        self.range = range
        self.tab = tab
        self.step = step
        self.now = now
        self.offsetSeconds = offsetSeconds
    }

    public init(url: PageURL, now: Timestamp, offsetSeconds: Int = 0) {
        self.now = now
        self.offsetSeconds = offsetSeconds
        query = (url["query"] ?? url["g0.expr"] ?? "").trimmingSpaces
        tab = url["tab"].flatMap(Tab.init(rawValue:)) ?? (url["g0.tab"] == "1" ? .table : .graph)
        step = url["step"].flatMap { $0.isEmpty ? nil : try? PromDuration.parse($0) }.flatMap { $0 > 0 ? $0 : nil }
        if let from = url["from"].flatMap({ TimeExpression.parse($0, offsetSeconds: offsetSeconds) }) {
            range = TimeRange(from: from, to: url["to"].flatMap { TimeExpression.parse($0, offsetSeconds: offsetSeconds) } ?? .now)
        } else if let input = url["g0.range_input"], let ms = try? PromDuration.parse(input) {
            range = .last(ms)
        } else {
            range = .last(3_600_000)
        }
    }
}

/// An Explore query's outcome.
public struct ExploreView: Sendable {
    public var request: ExploreRequest
    public var range: ResolvedTimeRange
    public var interval: QueryInterval
    public var result: QueryValue?
    public var error: PanelQueryError?
    /// How long the query took.
    public var elapsed: Duration?

    /// The nominal size of Explore's chart.
    static let chartSize = (width: 1360.0, height: 400.0)

    /// Runs the request's query: a range query for the graph, an instant query at the
    /// range's end for the table.
    public static func load(_ request: ExploreRequest, querier: any PanelQuerier, scrapeInterval: Int64 = 15_000, timeout: Duration = .seconds(120)) async -> ExploreView {
        let range = request.range.resolve(now: request.now, offsetSeconds: request.offsetSeconds)
        var interval = QueryInterval.calculate(
            range: range, maxDataPoints: Int(chartSize.width - 60), minInterval: scrapeInterval, scrapeInterval: scrapeInterval, offsetSeconds: request.offsetSeconds)
        if let step = request.step {
            // An explicit step, kept under Prometheus' 11,000 points.
            interval.step = max(step, range.duration / QueryInterval.safeResolution)
            interval.start = range.start - range.start % interval.step
            interval.end = range.end - range.end % interval.step
        }
        var view = ExploreView(request: request, range: range, interval: interval)
        guard !request.query.isEmpty else { return view }
        let clock = ContinuousClock()
        let started = clock.now
        let query = request.query
        let planned = interval
        do {
            view.result = try await withDeadline(started.advanced(by: timeout), "query") {
                request.tab == .graph
                    ? try await querier.range(query, start: planned.start, end: planned.end, step: planned.step)
                    : try await querier.instant(query, at: range.end)
            }
        } catch let error as PanelQueryError {
            view.error = error
        } catch {
            view.error = PanelQueryError(.execution, PanelQueryError.message(of: error))
        }
        view.elapsed = clock.now - started
        return view
    }
}

/// Ad-hoc PromQL with a graph and a table, like Prometheus' /graph; errors point at
/// their position in the query.
public struct ExplorePage: Sendable {
    public var view: ExploreView

    public init(view: ExploreView) {
        self.view = view
    }

    public func render(context: PageContext) -> String {
        let request = view.request
        let url = context.url.removing("g0.expr", "g0.tab", "g0.range_input").setting("query", request.query.isEmpty ? nil : request.query)
        var hidden = HTML.empty
        for (name, value) in url.query where name == "from" || name == "to" || name == "tab" {
            hidden += HTML("<input type=\"hidden\" name=\"\(name)\" value=\"\(value)\">")
        }
        let stepValue = request.step.map { PromDuration.format($0) } ?? ""
        var body = HTML(
            """
            <div class="explore"><form method="get" action="\(Routes.explore)">\(hidden)\
            <textarea class="q" name="query" spellcheck="false" autocapitalize="off" autocomplete="off" rows="3" \
            placeholder="Enter a PromQL expression, e.g. sum(rate(http_requests_total[5m])) by (status)" aria-label="PromQL query">\(request.query)</textarea>\
            <div class="exbar"><button class="btn primary" type="submit">Run query</button>\
            <label class="f">Step<input name="step" value="\(stepValue)" placeholder="auto (\(QueryInterval.format(view.interval.step)))" size="12"></label>\
            <span class="muted">Ctrl+Enter runs the query.</span></div></form>
            """)
        if let error = view.error {
            body += Self.errorBox(error, query: request.query)
        }
        let graphURL = url.setting("tab", "graph"), tableURL = url.setting("tab", "table")
        body += HTML(
            """
            <nav class="tabs"><a href="\(graphURL)"\(HTML(raw: request.tab == .graph ? " aria-current=\"page\"" : ""))>Graph</a>\
            <a href="\(tableURL)"\(HTML(raw: request.tab == .table ? " aria-current=\"page\"" : ""))>Table</a></nav>
            """)
        if !request.query.isEmpty, view.error == nil, let result = view.result {
            body += request.tab == .graph ? graph(result, context: context) : table(result, context: context)
            body += HTML("<div class=\"stats-line\">\(stats(result))</div>")
        } else if request.query.isEmpty {
            body += HTML("<div class=\"section\"><div class=\"body muted\">Type a query above. Try <a href=\"\(Routes.explore(query: "up"))\"><code>up</code></a> to see every target's health.</div></div>")
        }
        body += "</div>"
        let tools = TimeControls.render(range: view.range, url: url, context: context)
        return PageShell.render(title: "Explore", context: context, section: .explore, tools: tools, body: body)
    }

    private func graph(_ result: QueryValue, context: PageContext) -> HTML {
        let data = PanelData(
            panel: Panel(id: 1, title: "", kind: .timeSeries(TimeSeriesOptions(maxSeries: 100)), queries: [PanelQuery(expr: view.request.query)]),
            interval: view.interval, results: [PanelQueryResult(query: PanelQuery(expr: view.request.query), expr: view.request.query, instant: false, value: result)],
            width: ExploreView.chartSize.width, height: ExploreView.chartSize.height)
        if case .string = result {
            return HTML("<div class=\"section\"><div class=\"body muted\">A string result has no graph; see the table.</div></div>")
        }
        var legend = LegendOptions()
        legend.sortBy = nil
        let chart = TimeSeriesChart(
            series: data.series, frame: data.frame, options: TimeSeriesOptions(legend: legend, maxSeries: 100), plotWidth: ExploreView.chartSize.width - 60,
            plotHeight: ExploreView.chartSize.height - 40, offsetSeconds: context.offsetSeconds
        ).render()
        var out = HTML("<div class=\"section exchart\">\(ChartMarkup.plotGrid(chart, id: "plot-explore"))")
        if !chart.hasData { out += HTML("<div class=\"pcenter\">Empty query result</div>") }
        out += "</div>"
        if !chart.legend.isEmpty {
            out += HTML("<div class=\"section\">\(ChartMarkup.legendMarkup(chart, mode: .table))</div>")
        }
        return out
    }

    private func table(_ result: QueryValue, context: PageContext) -> HTML {
        var rows = HTML.empty
        var count = 0
        switch result {
        case .vector(let samples):
            for sample in samples.prefix(10_000) {
                rows += HTML("<tr><td class=\"mono\">\(sample.labels.seriesDescription)</td><td class=\"num mono\">\(NumberText.exact(sample.v))</td></tr>")
            }
            count = samples.count
        case .matrix(let series):
            for one in series.prefix(1000) {
                let values = one.samples.suffix(100).map { "\(NumberText.exact($0.v)) @\(TimeText.rfc3339($0.t))" }.joined(separator: "\n")
                rows += HTML("<tr><td class=\"mono\">\(one.labels.seriesDescription)</td><td class=\"mono\"><pre>\(values)</pre></td></tr>")
            }
            count = series.count
        case .scalar(_, let v):
            rows = HTML("<tr><td class=\"mono\">scalar</td><td class=\"num mono\">\(NumberText.exact(v))</td></tr>")
            count = 1
        case .string(_, let s):
            rows = HTML("<tr><td class=\"mono\">string</td><td class=\"mono\">\(s)</td></tr>")
            count = 1
        }
        if count == 0 { rows = HTML("<tr><td colspan=\"2\" class=\"muted\">Empty query result</td></tr>") }
        return HTML(
            """
            <div class="section"><div class="body muted">Evaluated at \(TimeText.dateTime(view.range.end, offsetSeconds: context.offsetSeconds)) \
            (\(TimeText.offsetName(context.offsetSeconds)))</div><table class="data"><thead><tr><th>Element</th><th>Value</th></tr></thead>\
            <tbody>\(rows)</tbody></table></div>
            """)
    }

    private func stats(_ result: QueryValue) -> String {
        let elapsed = view.elapsed.map { TimeText.elapsed(seconds: $0.inSeconds) } ?? "–"
        var parts = ["Load time: \(elapsed)"]
        if view.request.tab == .graph { parts.append("Resolution: \(QueryInterval.format(view.interval.step))") }
        switch result {
        case .matrix(let series): parts.append("Result series: \(series.count)")
        case .vector(let samples): parts.append("Result series: \(samples.count)")
        default: break
        }
        return parts.joined(separator: " · ")
    }

    /// The error with the query shown and the offending part marked.
    static func errorBox(_ error: PanelQueryError, query: String) -> HTML {
        var position = ""
        var marked = HTML("\(query)")
        if let range = error.range, range.lowerBound >= 0, range.lowerBound <= query.utf8.count {
            let at = SourcePosition(of: range.lowerBound, in: query)
            position = "\(at.line):\(at.column): "
            let utf8 = query.utf8
            let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            let upper = utf8.index(utf8.startIndex, offsetBy: min(max(range.upperBound, range.lowerBound + 1), utf8.count), limitedBy: utf8.endIndex) ?? utf8.endIndex
            let before = String(decoding: utf8[utf8.startIndex..<lower], as: UTF8.self)
            let inside = String(decoding: utf8[lower..<upper], as: UTF8.self)
            let after = String(decoding: utf8[upper...], as: UTF8.self)
            marked = HTML("\(before)<mark>\(inside.isEmpty ? " " : inside)</mark>\(after)")
        }
        let kind = error.kind == .syntax ? "parse error" : error.kind == .timeout ? "timeout" : "error"
        return HTML("<div class=\"qerr\" role=\"alert\"><div class=\"msg\">\(position)\(kind): \(error.message)</div><pre>\(marked)</pre></div>")
    }
}
