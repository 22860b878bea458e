/// Renders a loaded panel: its frame (title, description, actions) and its body for the
/// panel's type. Errors show inside the panel, never fail the page.
public enum PanelRenderer {
    /// Links a panel header offers.
    public struct Links: Sendable {
        public var view: PageURL?
        public var explore: PageURL?
        public var svg: PageURL?

        public init(view: PageURL? = nil, explore: PageURL? = nil, svg: PageURL? = nil) {
            self.view = view
            self.explore = explore
            self.svg = svg
        }
    }

    /// The whole panel as a grid cell.
    public static func panel(_ data: PanelData, links: Links, offsetSeconds: Int, sizeClass: String? = nil) -> HTML {
        let panel = data.panel
        let size = sizeClass ?? "w\(panel.width) h\(panel.height)"
        var header = HTML("<h2 title=\"\(panel.title)\">\(panel.title.isEmpty ? " " : panel.title)</h2>")
        if let description = panel.description, !description.isEmpty {
            header += HTML("<span class=\"info\" title=\"\(description)\">\(Icons.info)</span>")
        }
        var actions = HTML.empty
        if let explore = links.explore { actions += HTML("<a href=\"\(explore)\" title=\"Explore\">\(Icons.explore)</a>") }
        if let svg = links.svg { actions += HTML("<a href=\"\(svg)\" title=\"Standalone SVG\">\(Icons.image)</a>") }
        if let view = links.view { actions += HTML("<a href=\"\(view)\" title=\"View panel\">\(Icons.expand)</a>") }
        if !actions.isEmpty { header += HTML("<div class=\"pa\">\(actions)</div>") }
        return HTML(
            """
            <section class="panel \(size) t-\(panel.kind.typeName)" id="panel-\(panel.id)"><header class="ph">\(header)</header>\
            <div class="pb">\(body(data, offsetSeconds: offsetSeconds))</div></section>
            """)
    }

    /// The panel's body: the visualization, or its errors, or "No data".
    public static func body(_ data: PanelData, offsetSeconds: Int) -> HTML {
        if case .text(let options) = data.panel.kind {
            return TextPanel.render(options)
        }
        let errors = data.errors
        let series = data.series
        let failedAll = !data.results.isEmpty && data.results.allSatisfy { $0.error != nil }
        if failedAll {
            return HTML("<div class=\"pcenter err\" role=\"alert\">\(errors.joined(separator: "\n"))</div>")
        }
        var out = HTML.empty
        if !errors.isEmpty {
            out += HTML("<div class=\"perr\" role=\"alert\" title=\"\(errors.joined(separator: "\n"))\">\(HTML.truncate(errors.joined(separator: "; "), to: 160))</div>")
        }
        let noValue = data.panel.field.noValue ?? "No data"
        switch data.panel.kind {
        case .timeSeries(let options):
            let chart = timeSeriesChart(data, options: options, offsetSeconds: offsetSeconds, series: series)
            out += ChartMarkup.timeSeries(chart, legend: options.legend, id: "plot-\(data.panel.id)")
            if !chart.hasData { out += HTML("<div class=\"perr nd\">\(noValue)</div>") }
        case .stat(let options):
            out += series.isEmpty ? HTML("<div class=\"pcenter\">\(noValue)</div>") : StatPanel.render(series, options: options, field: data.panel.field, frame: data.frame)
        case .gauge(let options):
            out += series.isEmpty ? HTML("<div class=\"pcenter\">\(noValue)</div>") : GaugePanel.render(series, options: options, field: data.panel.field)
        case .barGauge(let options):
            out += series.isEmpty ? HTML("<div class=\"pcenter\">\(noValue)</div>") : BarGaugePanel.render(series, options: options, field: data.panel.field)
        case .table(let options):
            out += TablePanel.render(data, options: options, noValue: noValue)
        case .heatmap(let options):
            out += series.isEmpty
                ? HTML("<div class=\"pcenter\">\(noValue)</div>")
                : HeatmapPanel.render(series, frame: data.frame, options: options, field: data.panel.field, width: data.width, height: data.height, offsetSeconds: offsetSeconds, id: "plot-\(data.panel.id)")
        case .text:
            break
        }
        return out
    }

    /// The drawn chart of a time series panel, sized from the panel's body.
    public static func timeSeriesChart(_ data: PanelData, options: TimeSeriesOptions, offsetSeconds: Int, series: [ChartSeries]? = nil) -> ChartRendering {
        let series = series ?? data.series
        var plotWidth = data.width - 52
        var plotHeight = data.height - 20
        let shown = min(series.count, options.maxSeries > 0 ? options.maxSeries + 1 : series.count)
        if options.legend.mode != .hidden && shown > 0 {
            if options.legend.placement == .right {
                plotWidth *= 0.62
            } else {
                let rows = options.legend.mode == .table ? Double(shown) + 1 : max(1, Double(shown) / 4)
                plotHeight -= min(data.height * 0.42, rows * 18 + 6)
            }
        }
        return TimeSeriesChart(
            series: series, frame: data.frame, options: options, field: data.panel.field, plotWidth: plotWidth, plotHeight: plotHeight,
            offsetSeconds: offsetSeconds
        ).render()
    }
}
