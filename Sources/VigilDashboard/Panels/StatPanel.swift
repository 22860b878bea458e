/// Big numbers, one per series, coloured by thresholds, with an optional sparkline.
enum StatPanel {
    /// At most this many values show; more would not be readable in one panel.
    static let maxValues = 24

    static func render(_ series: [ChartSeries], options: StatOptions, field: FieldOptions, frame: ChartFrame) -> HTML {
        let formatter = field.formatter
        var cells = HTML.empty
        for one in series.prefix(maxValues) {
            let values = one.samples.map(\.v)
            let value = options.reduce.reduce(values)
            let color = field.thresholds.color(for: value, min: field.min ?? 0, max: field.max ?? 100)
            let (number, suffix) = formatter.parts(value)
            let text = value.isNaN ? (field.noValue ?? "No data") : number
            var classes = options.sparkline && one.samples.count > 1 ? "stat sp" : "stat"
            var style = ""
            var valueStyle = ""
            switch options.colorMode {
            case .background:
                classes += " bgc"
                style = " style=\"background:\(color.hex)\""
            case .value:
                valueStyle = " style=\"color:\(color.hex)\""
            case .none:
                break
            }
            var cell = HTML.empty
            if options.sparkline, one.samples.count > 1 {
                let lineColor = options.colorMode == .background ? "#ffffff" : color.hex
                cell += sparkline(one.samples.map(\.v), color: lineColor)
            }
            let unit = value.isNaN || suffix.isEmpty ? HTML.empty : HTML("<small>\(suffix.trimmingSpaces)</small>")
            // The text's length sizes the font (see .stat .v in vigil.css), so long values fit.
            let length = text.count + (value.isNaN ? 0 : (suffix.trimmingSpaces.count * 11 + 9) / 20)
            let sizing = "--n:\(max(3, length))"
            let styleAttribute = valueStyle.isEmpty ? " style=\"\(sizing)\"" : String(valueStyle.dropLast()) + ";\(sizing)\""
            cell += HTML("<div class=\"v\"\(HTML(raw: styleAttribute))>\(text)\(unit)</div>")
            if series.count > 1 {
                cell += HTML("<div class=\"n\" title=\"\(HTML.truncate(one.name, to: 1000))\">\(HTML.truncate(one.name, to: 120))</div>")
            }
            cells += HTML("<div class=\"\(classes)\"\(HTML(raw: style)) title=\"\(HTML.truncate(one.name, to: 1000)): \(formatter.format(value))\">\(cell)</div>")
        }
        if series.count > maxValues {
            cells += HTML("<div class=\"stat\"><div class=\"n\">+\(series.count - maxValues) more</div></div>")
        }
        return HTML("<div class=\"stats\">\(cells)</div>")
    }

    /// An area chart of the values across the cell's bottom.
    static func sparkline(_ values: [Double], color: String) -> HTML {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return .empty }
        let span = high - low
        var line = PathWriter(capacity: values.count * 6)
        var area = PathWriter(capacity: values.count * 6)
        var segmentStart: Int?
        let count = values.count
        for k in 0...count {
            let value = k < count ? values[k] : .nan
            guard value.isFinite else {
                if let start = segmentStart {
                    line.finishSubpath()
                    area.closeDown(toY: 1000, backToX: start)
                    segmentStart = nil
                }
                continue
            }
            let x = count > 1 ? k * 1000 / (count - 1) : 500
            // Leave headroom so the line never touches the value above it.
            let y = span == 0 ? 500 : 1000 - Int(((value - low) / span * 900).rounded())
            if segmentStart == nil {
                line.move(x, y)
                area.move(x, y)
                segmentStart = x
            } else {
                line.line(x, y)
                area.line(x, y)
            }
        }
        return HTML(
            raw: """
            <svg class="spark plot" viewBox="0 0 1000 1000" preserveAspectRatio="none" aria-hidden="true">\
            <path class="fill" fill="\(color)" fill-opacity=".16" d="\(area.string)"/>\
            <path class="ln" stroke="\(color)" stroke-opacity=".7" d="\(line.string)"/></svg>
            """)
    }
}
