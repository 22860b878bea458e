/// A panel as one self-contained SVG document, for `/d/<uid>/panel/<id>.svg` and
/// embedding with `<img>`: time series as pure SVG (axes, plot, legend), other types as
/// their page markup inside `<foreignObject>` with the stylesheet embedded.
public enum StandalonePanel {
    /// The default size when the URL names none.
    public static let defaultSize = (width: 800, height: 320)

    /// Clamps requested sizes to something sensible (the URL is user input).
    public static func size(width: Int?, height: Int?) -> (width: Int, height: Int) {
        (min(4000, max(200, width ?? defaultSize.width)), min(3000, max(120, height ?? defaultSize.height)))
    }

    /// The SVG text. Load `data` with `DashboardLoader.load(onlyPanel:size:)` using
    /// `bodySize(width:height:)` so that steps and ticks fit this size.
    public static func svg(_ data: PanelData, width: Int, height: Int, theme: Theme = .auto, offsetSeconds: Int = 0) -> String {
        if case .timeSeries(let options) = data.panel.kind {
            let hasErrors = !data.errors.isEmpty
            var chartData = data
            chartData.width = Double(width)
            chartData.height = Double(height) - 60
            var chartOptions = options
            chartOptions.legend.mode = .hidden
            let chart = PanelRenderer.timeSeriesChart(chartData, options: chartOptions, offsetSeconds: offsetSeconds)
            var text = ChartMarkup.standaloneSVG(chart, title: data.panel.title, width: width, height: height, theme: theme)
            if hasErrors {
                let message = HTML("<text x=\"\(width - 10)\" y=\"18\" text-anchor=\"end\" fill=\"#f2495c\" font-size=\"11\">\(HTML.truncate(data.errors.joined(separator: "; "), to: width / 7))</text></svg>")
                text = String(text.dropLast("</svg>".count)) + message.rendered
            }
            return text
        }
        // Inside XHTML, nested SVG needs its namespace spelled out (HTML parsing implies it).
        // User text is escaped, so "<svg " only ever starts one of our elements.
        let body = PanelRenderer.panel(data, links: PanelRenderer.Links(), offsetSeconds: offsetSeconds, sizeClass: "solo-svg")
            .rendered.replacingAll("<svg ", with: "<svg xmlns=\"http://www.w3.org/2000/svg\" ")
        let themeAttribute = theme == .auto ? "" : " data-theme=\"\(theme.rawValue)\""
        let css = (WebAssets.all["vigil.css"]?.body ?? "") + (WebAssets.all["chart.css"]?.body ?? "")
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)"\(themeAttribute)>\
            <foreignObject width="100%" height="100%"><div xmlns="http://www.w3.org/1999/xhtml" class="standalone">\
            <style>\(css)</style>\(body)</div></foreignObject></svg>
            """
    }

    /// The panel body size to load a standalone panel with.
    public static func bodySize(width: Int, height: Int) -> (width: Double, height: Double) {
        (Double(width) - 16, Double(height) - 40)
    }
}
