/// Lays a drawn chart out as page markup (responsive: axes in pixel strips around a
/// stretched plot) or as one standalone SVG document of a fixed size.
public enum ChartMarkup {
    /// The chart and its legend for a page; the surrounding panel sets the size.
    public static func timeSeries(_ chart: ChartRendering, legend: LegendOptions, id: String) -> HTML {
        let body = plotGrid(chart, id: id)
        guard legend.mode != .hidden, !chart.legend.isEmpty else { return HTML("<div class=\"tsw\">\(body)</div>") }
        let placement = legend.placement == .right ? " lr" : ""
        return HTML("<div class=\"tsw\(placement)\">\(body)\(legendMarkup(chart, mode: legend.mode))</div>")
    }

    /// The y-axis strip, the plot and the x-axis strip in a grid.
    static func plotGrid(_ chart: ChartRendering, id: String) -> HTML {
        let widest = chart.yAxis.labels.map(\.count).max() ?? 1
        let widthClass = "yw\(min(14, max(2, widest)))"
        return HTML(
            """
            <div class="ts \(widthClass)"><svg class="ya" aria-hidden="true">\(yLabels(chart.yAxis))</svg>\
            <svg class="plot" id="\(id)" viewBox="0 0 1000 \(chart.boxHeight)" preserveAspectRatio="none" \
            data-start="\(chart.frame.start)" data-end="\(chart.frame.end)" data-step="\(chart.frame.step)">\(chart.plot)</svg>\
            <span></span><svg class="xa" aria-hidden="true">\(xLabels(chart.xTicks))</svg></div>
            """)
    }

    static func yLabels(_ axis: ValueAxis) -> HTML {
        var out = HTML.empty
        for (value, label) in zip(axis.ticks, axis.labels) {
            let percent = percentText(100 * (1 - axis.fraction(value)))
            out += HTML("<text x=\"100%\" dx=\"-6\" y=\"\(HTML(raw: percent))%\" dy=\".32em\">\(label)</text>")
        }
        return out
    }

    static func xLabels(_ ticks: [(fraction: Double, label: String)]) -> HTML {
        var out = HTML.empty
        for tick in ticks {
            let anchor = tick.fraction > 0.96 ? " class=\"e\"" : tick.fraction < 0.04 ? " class=\"s\"" : ""
            out += HTML("<text x=\"\(HTML(raw: percentText(100 * tick.fraction)))%\" y=\"13\"\(HTML(raw: anchor))>\(tick.label)</text>")
        }
        return out
    }

    static func percentText(_ value: Double) -> String {
        NumberText.fixed(value, decimals: 2).trimmingTrailingZeros
    }

    /// The legend as a table (names and calculations) or a wrapping list.
    static func legendMarkup(_ chart: ChartRendering, mode: LegendOptions.Mode) -> HTML {
        if mode == .list || chart.calcs.isEmpty {
            var items = HTML.empty
            for entry in chart.legend {
                items += HTML("<li>\(name(entry))</li>")
            }
            return HTML("<ul class=\"lgl\">\(items)</ul>")
        }
        var head = HTML("<th>Name</th>")
        for calc in chart.calcs { head += HTML("<th>\(calc.title)</th>") }
        var rows = HTML.empty
        for entry in chart.legend {
            var cells = HTML("<td>\(name(entry))</td>")
            if entry.isSummary {
                cells += HTML("<td colspan=\"\(chart.calcs.count)\"></td>")
            } else {
                for value in entry.values { cells += HTML("<td>\(value)</td>") }
            }
            rows += HTML("<tr\(HTML(raw: entry.isSummary ? " class=\"sum\"" : ""))>\(cells)</tr>")
        }
        return HTML("<div class=\"lg\"><table><thead><tr>\(head)</tr></thead><tbody>\(rows)</tbody></table></div>")
    }

    /// The colour mark before a legend name (a validated hex colour, safe in the style).
    static func swatch(_ entry: LegendEntry) -> HTML {
        HTML(raw: "<i class=\"sw\(entry.isSummary ? " bd" : "")\" style=\"background:\(entry.color.hex)\"></i>")
    }

    /// A legend name: shortened when long, whole in its tooltip.
    static func name(_ entry: LegendEntry) -> HTML {
        let short = HTML.truncate(entry.name, to: 300)
        if short == entry.name && entry.name.count <= 40 { return HTML("\(swatch(entry))\(entry.name)") }
        return HTML("\(swatch(entry))<span title=\"\(HTML.truncate(entry.name, to: 2000))\">\(short)</span>")
    }

    // MARK: - Standalone

    /// A self-contained SVG document of `width` × `height` pixels: title, axes, plot and a
    /// short legend, styled for light or dark by the viewer's `prefers-color-scheme`
    /// (or fixed by `theme`). For `<img src=…/panel/3.svg>` embedding.
    public static func standaloneSVG(_ chart: ChartRendering, title: String, width: Int, height: Int, theme: Theme = .auto) -> String {
        let titleHeight = title.isEmpty ? 6 : 26
        let widest = chart.yAxis.labels.map(\.count).max() ?? 1
        let axisWidth = 10 + Int(Double(widest) * 6.6)
        let legendRows = min(chart.legend.count, max(0, (height - titleHeight - 80) / 18 / 2))
        let legendHeight = legendRows > 0 ? legendRows * 16 + 8 : 0
        let plotX = axisWidth, plotY = titleHeight + 6
        let plotWidth = max(20, width - axisWidth - 12)
        let plotHeight = max(20, height - plotY - 20 - legendHeight)
        var svg = HTML(
            """
            <svg xmlns="http://www.w3.org/2000/svg" class="vg\(HTML(raw: theme.svgClass))" width="\(width)" height="\(height)" \
            viewBox="0 0 \(width) \(height)" font-family="Inter,system-ui,-apple-system,Segoe UI,Roboto,sans-serif" font-size="11">\
            <style>\(HTML(raw: WebAssets.standaloneChartCSS))</style><rect class="bg" width="100%" height="100%" rx="4"/>
            """)
        if !title.isEmpty {
            svg += HTML("<text class=\"ttl\" x=\"10\" y=\"18\">\(HTML.truncate(title, to: max(8, width / 8)))</text>")
        }
        svg += HTML(
            """
            <svg class="ya" x="0" y="\(plotY)" width="\(axisWidth)" height="\(plotHeight)" overflow="visible">\(yLabels(chart.yAxis))</svg>\
            <svg class="plot" x="\(plotX)" y="\(plotY)" width="\(plotWidth)" height="\(plotHeight)" viewBox="0 0 1000 \(chart.boxHeight)" \
            preserveAspectRatio="none">\(chart.plot)</svg>\
            <svg class="xa" x="\(plotX)" y="\(plotY + plotHeight + 2)" width="\(plotWidth)" height="18" overflow="visible">\(xLabels(chart.xTicks))</svg>
            """)
        if !chart.hasData {
            svg += HTML("<text class=\"nd\" x=\"\(plotX + plotWidth / 2)\" y=\"\(plotY + plotHeight / 2)\" text-anchor=\"middle\">No data</text>")
        }
        var legendY = plotY + plotHeight + 34
        // Two columns of legend entries, names shortened to fit.
        let columnWidth = (width - 20) / 2
        for (index, entry) in chart.legend.prefix(legendRows * 2).enumerated() {
            let column = index % 2
            let x = 10 + column * columnWidth
            let value = entry.values.first.map { "  " + $0 } ?? ""
            svg += HTML(
                """
                <rect x="\(x)" y="\(legendY - 6)" width="12" height="3" rx="1.5" fill="\(entry.color.hex)"/>\
                <text class="lgt" x="\(x + 16)" y="\(legendY - 1)">\(HTML.truncate(entry.name, to: max(6, columnWidth / 7 - 10)))\(value)</text>
                """)
            if column == 1 { legendY += 16 }
        }
        svg += "</svg>"
        return svg.rendered
    }
}

/// The colour theme of a page or standalone chart.
public enum Theme: String, Sendable, Hashable, CaseIterable {
    /// Follows the viewer's `prefers-color-scheme`.
    case auto
    case light
    case dark

    /// Reads `light`/`dark` (a query parameter or cookie); anything else is auto.
    public init(parameter: String?) {
        self = parameter.flatMap(Theme.init(rawValue:)) ?? .auto
    }

    var svgClass: String {
        switch self {
        case .auto: return ""
        case .light: return " light"
        case .dark: return " dark"
        }
    }
}

extension String {
    /// `12.50` → `12.5`, `3.00` → `3`.
    var trimmingTrailingZeros: String {
        guard contains(".") else { return self }
        var out = self
        while out.hasSuffix("0") { out.removeLast() }
        if out.hasSuffix(".") { out.removeLast() }
        return out
    }
}
