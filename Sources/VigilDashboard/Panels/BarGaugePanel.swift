/// Horizontal (or vertical) bars, one per series, filled to their value.
enum BarGaugePanel {
    static let maxBars = 100

    static func render(_ series: [ChartSeries], options: BarGaugeOptions, field: FieldOptions) -> HTML {
        let formatter = field.formatter
        let values = series.prefix(maxBars).map { options.reduce.reduce($0.samples.map(\.v)) }
        let (low, high) = GaugePanel.bounds(values: values, field: field)
        var rows = HTML.empty
        for (one, value) in zip(series.prefix(maxBars), values) {
            let fraction = value.isFinite ? min(1, max(0, (value - low) / (high - low))) : 0
            let color = field.thresholds.color(for: value, min: low, max: high)
            let percent = NumberText.fixed(fraction * 100, decimals: 2).trimmingTrailingZeros
            let bar = options.orientation == .horizontal
                ? "<rect class=\"track\" width=\"100%\" height=\"100%\" rx=\"2\"/><rect width=\"\(percent)%\" height=\"100%\" rx=\"2\" fill=\"\(color.hex)\"/>"
                : "<rect class=\"track\" width=\"100%\" height=\"100%\" rx=\"2\"/><rect y=\"\(NumberText.fixed(100 - fraction * 100, decimals: 2).trimmingTrailingZeros)%\" width=\"100%\" height=\"\(percent)%\" rx=\"2\" fill=\"\(color.hex)\"/>"
            rows += HTML(
                """
                <div class="bar"><span class="bn" title="\(HTML.truncate(one.name, to: 1000))">\(HTML.truncate(one.name, to: 120))</span>\
                <svg aria-hidden="true">\(HTML(raw: bar))</svg><span class="bv" style="color:\(color.hex)">\(formatter.format(value))</span></div>
                """)
        }
        if series.count > maxBars {
            rows += HTML("<div class=\"muted\">+\(series.count - maxBars) more</div>")
        }
        let orientation = options.orientation == .vertical ? " vertical" : ""
        return HTML("<div class=\"bars\(orientation)\">\(rows)</div>")
    }
}
