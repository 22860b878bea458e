import VigilModel

/// A time series chart drawn as SVG: a pure function of series, frame, options and size.
///
/// The plot is drawn in a 1000 × 1000 view box that the page stretches over the panel
/// (`preserveAspectRatio="none"`, strokes that do not scale), while axis labels sit in
/// separate strips of real pixels, so text stays crisp at any panel size.
public struct TimeSeriesChart: Sendable {
    /// Plot view box size in units.
    static let box = 1000

    public var series: [ChartSeries]
    public var frame: ChartFrame
    public var options: TimeSeriesOptions
    public var field: FieldOptions
    /// The plot area's nominal size in pixels (decides tick counts, decimation, hover columns).
    public var plotWidth: Double
    public var plotHeight: Double
    /// The UTC offset of time labels.
    public var offsetSeconds: Int

    public init(
        series: [ChartSeries], frame: ChartFrame, options: TimeSeriesOptions = TimeSeriesOptions(), field: FieldOptions = FieldOptions(),
        plotWidth: Double = 560, plotHeight: Double = 200, offsetSeconds: Int = 0
    ) {
        self.series = series
        self.frame = frame
        self.options = options
        self.field = field
        self.plotWidth = max(40, plotWidth)
        self.plotHeight = max(20, plotHeight)
        self.offsetSeconds = offsetSeconds
    }

    /// Draws the chart.
    public func render() -> ChartRendering {
        let formatter = field.formatter
        var drawn: [DenseSeries] = []
        for (index, one) in series.enumerated() where !field.isHidden(one.name) {
            let color = field.overrideColor(for: one.name) ?? PanelColor.series(index)
            drawn.append(DenseSeries(index: index, series: one, frame: frame, color: color))
        }
        let total = drawn.count
        var band: (lower: [Double], upper: [Double], count: Int)?
        if options.maxSeries > 0 && drawn.count > options.maxSeries {
            // Keep the series that reach highest; fold the rest (see TimeSeriesOptions.maxSeries).
            let keep = options.style == .stacked ? options.maxSeries - 1 : options.maxSeries
            let ranked = drawn.indices.sorted { drawn[$0].stats.max > drawn[$1].stats.max || (drawn[$0].stats.max == drawn[$1].stats.max && $0 < $1) }
            let kept = Set(ranked.prefix(max(0, keep)))
            let rest = drawn.indices.filter { !kept.contains($0) }.map { drawn[$0] }
            drawn = drawn.indices.filter { kept.contains($0) }.map { drawn[$0] }
            if options.style == .stacked {
                drawn.append(DenseSeries(index: total, name: "Other (\(rest.count) series)", color: .grey, values: TimeSeriesChart.sum(rest, count: frame.count)))
            } else {
                band = TimeSeriesChart.envelope(rest, count: frame.count)
            }
        }
        let stacked = options.style == .stacked ? TimeSeriesChart.stack(drawn, count: frame.count) : nil
        let axis = yAxis(drawn: drawn, stacked: stacked, band: band, formatter: formatter)
        let ticks = TimeAxis.ticks(start: frame.start, end: frame.end, widthPixels: plotWidth, offsetSeconds: offsetSeconds)

        var plot = HTML.empty
        plot += thresholdAreas(axis)
        plot += gridLines(axis: axis, ticks: ticks)
        if let band {
            plot += HTML(raw: "<path class=\"band\" d=\"\(bandPath(lower: band.lower, upper: band.upper, axis: axis))\"><title>")
            plot += "\(band.count) more series: min–max band</title></path>"
        }
        plot += seriesMarkup(drawn, stacked: stacked, axis: axis, formatter: formatter)
        plot += thresholdLines(axis)
        plot += hoverColumns(drawn, band: band, formatter: formatter)

        var legend = drawn.map { one in
            LegendEntry(
                name: one.name, labels: one.labels, color: one.color,
                values: options.legend.calcs.map { formatter.format(one.stats.value(of: $0)) },
                sortKey: options.legend.sortBy.map { one.stats.value(of: $0) })
        }
        if options.legend.sortBy != nil {
            legend.sort { ($0.sortKey ?? -.infinity) > ($1.sortKey ?? -.infinity) }
        }
        if let band {
            legend.append(LegendEntry(name: "\(band.count) more series (min–max band)", labels: .empty, color: .grey, values: [], isSummary: true))
        }
        let hasData = drawn.contains { $0.stats.count > 0 }
        return ChartRendering(
            plot: plot, yAxis: axis, xTicks: ticks.map { (frame.fraction($0.t), $0.label) }, legend: legend,
            calcs: options.legend.calcs, frame: frame, seriesCount: total, hasData: hasData)
    }

    // MARK: - Scale

    private func yAxis(drawn: [DenseSeries], stacked: [[Double]]?, band: (lower: [Double], upper: [Double], count: Int)?, formatter: ValueFormatter) -> ValueAxis {
        var low = Double.infinity, high = -Double.infinity
        if let stacked {
            for row in stacked { for v in row where v.isFinite { low = min(low, v); high = max(high, v) } }
        } else {
            for one in drawn where one.stats.count > 0 {
                low = min(low, one.stats.min)
                high = max(high, one.stats.max)
            }
        }
        if let band {
            for v in band.lower where v.isFinite { low = min(low, v) }
            for v in band.upper where v.isFinite { high = max(high, v) }
        }
        if !low.isFinite || !high.isFinite { low = 0; high = 1 }
        // Areas fill down to zero; positive lines start at zero unless they sit high above it.
        if low >= 0 && (options.style == .area || options.style == .stacked || low <= high * 0.5) { low = 0 }
        if let softMin = field.softMin { low = min(low, softMin) }
        if let softMax = field.softMax { high = max(high, softMax) }
        let maxTicks = max(2, Int(plotHeight / 36))
        if let fixedLow = field.min, let fixedHigh = field.max, fixedHigh > fixedLow {
            return formatter.axis(low: fixedLow, high: fixedHigh, maxTicks: maxTicks, extend: false)
        }
        var axis = formatter.axis(low: field.min ?? low, high: field.max ?? high, maxTicks: maxTicks)
        if let fixed = field.min { axis.low = fixed; axis.ticks.removeAll { $0 < fixed }; axis.labels = Array(axis.labels.suffix(axis.ticks.count)) }
        if let fixed = field.max {
            axis.high = fixed
            while let last = axis.ticks.last, last > fixed { axis.ticks.removeLast(); axis.labels.removeLast() }
        }
        return axis
    }

    // MARK: - Series

    private func x(_ k: Int) -> Int {
        let count = frame.count
        guard count > 1 else { return TimeSeriesChart.box / 2 }
        return (k * TimeSeriesChart.box + (count - 1) / 2) / (count - 1)
    }

    private func y(_ value: Double, _ axis: ValueAxis) -> Int {
        let fraction = axis.fraction(value)
        let clamped = min(1.5, max(-0.5, fraction))
        return Int((Double(TimeSeriesChart.box) * (1 - clamped)).rounded())
    }

    private var showsPoints: Bool {
        switch options.points {
        case .always: return true
        case .never: return false
        case .auto: return frame.count > 1 && plotWidth / Double(frame.count - 1) > 12
        }
    }

    private func seriesMarkup(_ drawn: [DenseSeries], stacked: [[Double]]?, axis: ValueAxis, formatter: ValueFormatter) -> HTML {
        var out = HTML.empty
        let fill = Double(options.fillOpacity) / 100
        let many = drawn.count > 50
        let widthAttribute = options.lineWidth == 1.5 && !many ? "" : " stroke-width=\"\(NumberText.exact(many ? min(1, options.lineWidth) : options.lineWidth))\""
        // Fills first, so that every line stays on top of every area.
        if fill > 0 && options.style != .points {
            for (position, one) in drawn.enumerated() {
                let path: String
                if let stacked {
                    let bottom = position == 0 ? nil : stacked[position - 1]
                    path = stackPath(top: stacked[position], bottom: bottom, own: one.values, axis: axis)
                } else {
                    path = areaPath(one.values, axis: axis)
                }
                if !path.isEmpty {
                    out += HTML(raw: "<path class=\"fill\" fill=\"\(one.color.hex)\" fill-opacity=\"\(NumberText.exact(fill))\" d=\"\(path)\"/>")
                }
            }
        }
        for (position, one) in drawn.enumerated() {
            let values = stacked?[position] ?? one.values
            let own = one.values
            let title = HTML("<title>\(HTML.truncate(one.name, to: 200)): \(formatter.format(one.stats.value(of: .last)))</title>")
            if options.style == .points {
                out += HTML(raw: "<path class=\"pt\" stroke=\"\(one.color.hex)\" d=\"\(dotsPath(values, own: own, axis: axis))\">") + title + "</path>"
                continue
            }
            let line = linePath(values, own: own, axis: axis)
            guard !line.isEmpty else { continue }
            out += HTML(raw: "<path class=\"ln\" stroke=\"\(one.color.hex)\"\(widthAttribute) d=\"\(line)\">") + title + "</path>"
            if showsPoints {
                out += HTML(raw: "<path class=\"pt\" stroke=\"\(one.color.hex)\" d=\"\(dotsPath(values, own: own, axis: axis))\"/>")
            }
        }
        return out
    }

    /// The line through defined points, broken at gaps; points sharing a column of the
    /// view box collapse to their first, lowest, highest and last value (M4), which
    /// draws the same pixels with far fewer vertices.
    private func linePath(_ values: [Double], own: [Double], axis: ValueAxis) -> String {
        var path = PathWriter(capacity: values.count * 6)
        var inSegment = false
        var column = Int.min
        var columnPoints: (first: (Int, Int), low: (Int, Int), high: (Int, Int), last: (Int, Int), lowK: Int, highK: Int)?

        func flush(_ path: inout PathWriter) {
            guard let c = columnPoints else { return }
            let middle = c.lowK < c.highK ? [c.low, c.high] : [c.high, c.low]
            for point in [c.first] + middle + [c.last] { path.line(point.0, point.1) }
            columnPoints = nil
        }

        for k in values.indices {
            let v = values[k]
            guard v.isFinite, own[k].isFinite else {
                if inSegment {
                    flush(&path)
                    path.finishSubpath()
                    inSegment = false
                }
                continue
            }
            let px = x(k), py = y(v, axis)
            if !inSegment {
                path.move(px, py)
                inSegment = true
                column = px
                columnPoints = ((px, py), (px, py), (px, py), (px, py), k, k)
                continue
            }
            if px == column, var c = columnPoints {
                if py > c.low.1 { c.low = (px, py); c.lowK = k }  // larger y is lower on screen
                if py < c.high.1 { c.high = (px, py); c.highK = k }
                c.last = (px, py)
                columnPoints = c
            } else {
                flush(&path)
                column = px
                columnPoints = ((px, py), (px, py), (px, py), (px, py), k, k)
            }
        }
        if inSegment {
            flush(&path)
            path.finishSubpath()
        }
        return path.string
    }

    /// One dot per defined point.
    private func dotsPath(_ values: [Double], own: [Double], axis: ValueAxis) -> String {
        var path = PathWriter(capacity: values.count * 8)
        for k in values.indices where values[k].isFinite && own[k].isFinite {
            path.moveRelative(x(k), y(values[k], axis))
            path.dot()
        }
        return path.string
    }

    /// The area between a line and zero (or the axis bottom), per contiguous segment.
    private func areaPath(_ values: [Double], axis: ValueAxis) -> String {
        let baseline = y(max(axis.low, min(axis.high, 0)), axis)
        var path = PathWriter(capacity: values.count * 6)
        var segmentStart: Int?
        for k in 0...values.count {
            let defined = k < values.count && values[k].isFinite
            if defined {
                if segmentStart == nil {
                    segmentStart = x(k)
                    path.move(x(k), y(values[k], axis))
                } else {
                    path.line(x(k), y(values[k], axis))
                }
            } else if let start = segmentStart {
                path.closeDown(toY: baseline, backToX: start)
                segmentStart = nil
            }
        }
        return path.string
    }

    /// The band between a stacked series' top and the series below it.
    private func stackPath(top: [Double], bottom: [Double]?, own: [Double], axis: ValueAxis) -> String {
        let zero = y(max(axis.low, min(axis.high, 0)), axis)
        var path = PathWriter(capacity: top.count * 12)
        var k = 0
        while k < top.count {
            guard own[k].isFinite else { k += 1; continue }
            var end = k
            while end + 1 < top.count, own[end + 1].isFinite { end += 1 }
            path.move(x(k), y(top[k], axis))
            for j in k...end { path.line(x(j), y(top[j], axis)) }
            for j in stride(from: end, through: k, by: -1) {
                let b = bottom.map { $0[j].isFinite ? y($0[j], axis) : zero } ?? zero
                path.line(x(j), b)
            }
            path.close()
            k = end + 1
        }
        return path.string
    }

    private func bandPath(lower: [Double], upper: [Double], axis: ValueAxis) -> String {
        var path = PathWriter(capacity: upper.count * 12)
        var k = 0
        while k < upper.count {
            guard upper[k].isFinite else { k += 1; continue }
            var end = k
            while end + 1 < upper.count, upper[end + 1].isFinite { end += 1 }
            path.move(x(k), y(upper[k], axis))
            for j in k...end { path.line(x(j), y(upper[j], axis)) }
            for j in stride(from: end, through: k, by: -1) { path.line(x(j), y(lower[j], axis)) }
            path.close()
            k = end + 1
        }
        return path.string
    }

    // MARK: - Grid and thresholds

    private func gridLines(axis: ValueAxis, ticks: [TimeAxis.Tick]) -> HTML {
        var path = PathWriter()
        for value in axis.ticks {
            let py = y(value, axis)
            path.move(0, py)
            path.line(TimeSeriesChart.box, py)
        }
        for tick in ticks {
            let px = Int((frame.fraction(tick.t) * Double(TimeSeriesChart.box)).rounded())
            path.move(px, 0)
            path.line(px, TimeSeriesChart.box)
        }
        return HTML(raw: "<path class=\"grid\" d=\"\(path.string)\"/>")
    }

    private func thresholdAreas(_ axis: ValueAxis) -> HTML {
        guard options.thresholdsStyle == .area || options.thresholdsStyle == .lineAndArea, !field.thresholds.isEmpty else { return .empty }
        let thresholds = field.thresholds
        var out = HTML.empty
        var bounds: [(from: Double, color: PanelColor)] = [(-.infinity, thresholds.base)]
        for step in thresholds.steps {
            bounds.append((thresholds.absoluteValue(step, min: axis.low, max: axis.high), step.color))
        }
        for (index, bound) in bounds.enumerated() {
            let from = max(axis.low, bound.from)
            let to = index + 1 < bounds.count ? min(axis.high, bounds[index + 1].from) : axis.high
            guard to > from else { continue }
            let top = y(to, axis), bottom = y(from, axis)
            out += HTML(raw: "<rect class=\"tha\" x=\"0\" y=\"\(top)\" width=\"\(TimeSeriesChart.box)\" height=\"\(bottom - top)\" fill=\"\(bound.color.hex)\"/>")
        }
        return out
    }

    private func thresholdLines(_ axis: ValueAxis) -> HTML {
        guard options.thresholdsStyle == .line || options.thresholdsStyle == .lineAndArea else { return .empty }
        var out = HTML.empty
        for step in field.thresholds.steps {
            let value = field.thresholds.absoluteValue(step, min: axis.low, max: axis.high)
            guard value >= axis.low, value <= axis.high else { continue }
            let py = y(value, axis)
            out += HTML(raw: "<path class=\"thl\" stroke=\"\(step.color.hex)\" d=\"M0 \(py)H\(TimeSeriesChart.box)\">")
            out += "<title>Threshold \(field.formatter.format(value))</title></path>"
        }
        return out
    }

    // MARK: - Hover

    /// Invisible columns whose `<title>` lists the values at that time (the browser shows
    /// it on hover; the optional script turns it into a crosshair tooltip).
    private func hoverColumns(_ drawn: [DenseSeries], band: (lower: [Double], upper: [Double], count: Int)?, formatter: ValueFormatter) -> HTML {
        let count = frame.count
        guard count > 0, !drawn.isEmpty else { return .empty }
        let columns = max(1, min(count, Int(plotWidth / 10)))
        let listed = drawn.count > 200 ? 5 : 10
        var out = HTML(raw: "<g class=\"hv\">")
        var left = 0
        for column in 0..<columns {
            let right = (column + 1) * TimeSeriesChart.box / columns
            let k = min(count - 1, Int((Double(column) + 0.5) / Double(columns) * Double(count - 1) + 0.5))
            var rows: [(Double, Int)] = []
            for (index, one) in drawn.enumerated() where one.values[k].isFinite { rows.append((one.values[k], index)) }
            rows.sort { $0.0 > $1.0 }
            var text = TimeText.dateTime(frame.time(k), offsetSeconds: offsetSeconds)
            for (value, index) in rows.prefix(listed) {
                text += "\n" + HTML.truncate(drawn[index].name, to: 60) + ": " + formatter.format(value)
            }
            if rows.count > listed { text += "\n… \(rows.count - listed) more" }
            if let band, band.upper[k].isFinite {
                text += "\n\(band.count) more: " + formatter.format(band.lower[k]) + " – " + formatter.format(band.upper[k])
            }
            out += HTML("<rect x=\"\(left)\" width=\"\(right - left)\" height=\"\(TimeSeriesChart.box)\"><title>\(text)</title></rect>")
            left = right
        }
        return out + "</g>"
    }

    // MARK: - Folding

    static func stack(_ drawn: [DenseSeries], count: Int) -> [[Double]] {
        var running = [Double](repeating: 0, count: count)
        return drawn.map { one in
            var top = running
            for k in 0..<count where one.values[k].isFinite {
                running[k] += one.values[k]
                top[k] = running[k]
            }
            return top
        }
    }

    static func sum(_ rest: [DenseSeries], count: Int) -> [Double] {
        var total = [Double](repeating: .nan, count: count)
        for one in rest {
            for k in 0..<count where one.values[k].isFinite {
                total[k] = total[k].isNaN ? one.values[k] : total[k] + one.values[k]
            }
        }
        return total
    }

    static func envelope(_ rest: [DenseSeries], count: Int) -> (lower: [Double], upper: [Double], count: Int) {
        var lower = [Double](repeating: .nan, count: count)
        var upper = [Double](repeating: .nan, count: count)
        for one in rest {
            one.values.withUnsafeBufferPointer { values in
                for k in 0..<count {
                    let v = values[k]
                    guard v.isFinite else { continue }
                    if !(lower[k] <= v) { lower[k] = v }
                    if !(upper[k] >= v) { upper[k] = v }
                }
            }
        }
        return (lower, upper, rest.count)
    }
}

/// A drawn chart: plot markup, axes and legend, ready to be laid out.
public struct ChartRendering: Sendable {
    /// The contents of the plot's 1000 × 1000 view box.
    public var plot: HTML
    public var yAxis: ValueAxis
    /// Time ticks: where across the plot (0…1) and their labels.
    public var xTicks: [(fraction: Double, label: String)]
    public var legend: [LegendEntry]
    /// The legend's value columns.
    public var calcs: [Reducer]
    public var frame: ChartFrame
    /// Series in the result (before folding the many into a band).
    public var seriesCount: Int
    /// Whether any series has a value.
    public var hasData: Bool
}

/// One legend row.
public struct LegendEntry: Sendable, Hashable {
    public var name: String
    public var labels: Labels
    public var color: PanelColor
    /// Formatted values of the legend's calculations, in column order.
    public var values: [String]
    /// The row summarising folded series (no values).
    public var isSummary = false
    var sortKey: Double?
}
