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

/// Small stroke icons (24 × 24, drawn with `currentColor`).
public enum Icons {
    static func icon(_ path: String) -> HTML {
        HTML(raw: "<svg viewBox=\"0 0 24 24\" aria-hidden=\"true\">\(path)</svg>")
    }

    static let info = icon("<circle cx=\"12\" cy=\"12\" r=\"9\"/><path d=\"M12 11v6M12 7.5v.5\"/>")
    static let explore = icon("<circle cx=\"11\" cy=\"11\" r=\"6.5\"/><path d=\"M16 16l4.5 4.5\"/>")
    static let expand = icon("<path d=\"M14 4h6v6M10 20H4v-6M20 4l-7 7M4 20l7-7\"/>")
    static let image = icon("<rect x=\"3.5\" y=\"4.5\" width=\"17\" height=\"15\" rx=\"2\"/><path d=\"M3.5 16l5-5 4 4 2.5-2.5 5.5 5.5\"/>")
    static let clock = icon("<circle cx=\"12\" cy=\"12\" r=\"8.5\"/><path d=\"M12 7.5V12l3 2\"/>")
    static let refresh = icon("<path d=\"M19.5 12a7.5 7.5 0 1 1-2.2-5.3M19.5 4.5v4h-4\"/>")
    static let left = icon("<path d=\"M14.5 6l-6 6 6 6\"/>")
    static let right = icon("<path d=\"M9.5 6l6 6-6 6\"/>")
    static let zoomOut = icon("<circle cx=\"11\" cy=\"11\" r=\"6.5\"/><path d=\"M16 16l4.5 4.5M8 11h6\"/>")
    static let moon = icon("<path d=\"M19.5 14.5A8 8 0 0 1 9.5 4.5a8 8 0 1 0 10 10z\"/>")
    static let sun = icon("<circle cx=\"12\" cy=\"12\" r=\"4\"/><path d=\"M12 2.5v2M12 19.5v2M2.5 12h2M19.5 12h2M5.3 5.3l1.4 1.4M17.3 17.3l1.4 1.4M5.3 18.7l1.4-1.4M17.3 6.7l1.4-1.4\"/>")
    static let back = icon("<path d=\"M10 6l-6 6 6 6M4 12h16\"/>")
    /// The Vigil mark: a pulse line in a rounded square.
    static let logo = HTML(raw: "<svg viewBox=\"0 0 32 32\" aria-hidden=\"true\"><rect width=\"32\" height=\"32\" rx=\"7\" fill=\"#3d71d9\"/><path d=\"M4 17h6l3-8 5 15 3-7h7\" fill=\"none\" stroke=\"#fff\" stroke-width=\"2.6\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/></svg>")
}
