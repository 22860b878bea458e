import VigilModel

/// A time series chart drawn as SVG: a pure function of series, frame, options and size.
///
/// The plot is drawn in a view box 1000 units wide and about two units per pixel high
/// (`boxHeight`), which the page stretches over the panel
/// (`preserveAspectRatio="none"`, strokes that do not scale), while axis labels sit in
/// separate strips of real pixels, so text stays crisp at any panel size.
public struct TimeSeriesChart: Sendable {
    /// Plot view box width in units.
    static let box = 1000
    /// Plot view box height: two units per nominal pixel (finer than the eye needs, and
    /// short numbers in the path data), between 200 and 1000.
    var boxHeight: Int { min(1000, max(200, Int(plotHeight * 2))) }

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
        // Rank by the highest value, read straight from the samples: folded series never
        // need a dense copy.
        var candidates: [(index: Int, peak: Double)] = []
        for (index, one) in series.enumerated() where !field.isHidden(one.name) {
            candidates.append((index, TimeSeriesChart.peak(of: one.samples, in: frame)))
        }
        let total = candidates.count
        var band: (lower: [Double], upper: [Double], count: Int)?
        var foldedSum: [Double]?
        var folded = 0
        if options.maxSeries > 0 && candidates.count > options.maxSeries {
            // Keep the series that reach highest; fold the rest (see TimeSeriesOptions.maxSeries).
            let keep = options.style == .stacked ? options.maxSeries - 1 : options.maxSeries
            let ranked = candidates.indices.sorted { a, b in
                let x = candidates[a].peak, y = candidates[b].peak
                return x > y || (x == y && a < b)
            }
            let kept = Set(ranked.prefix(max(0, keep)))
            let rest = candidates.indices.filter { !kept.contains($0) }.map { series[candidates[$0].index].samples }
            folded = rest.count
            candidates = candidates.indices.filter { kept.contains($0) }.map { candidates[$0] }
            if options.style == .stacked {
                foldedSum = TimeSeriesChart.sum(rest, frame: frame)
            } else {
                band = TimeSeriesChart.envelope(rest, frame: frame)
            }
        }
        var drawn = candidates.map { candidate -> DenseSeries in
            let one = series[candidate.index]
            let color = field.overrideColor(for: one.name) ?? PanelColor.series(candidate.index)
            return DenseSeries(index: candidate.index, series: one, frame: frame, color: color)
        }
        if let foldedSum {
            drawn.append(DenseSeries(index: total, name: "Other (\(folded) series)", color: .grey, values: foldedSum))
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
            calcs: options.legend.calcs, frame: frame, seriesCount: total, hasData: hasData, boxHeight: boxHeight)
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
        return Int((Double(boxHeight) * (1 - clamped)).rounded())
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

    private var polyline: Polyline { Polyline(plotWidth: plotWidth, plotHeight: plotHeight, boxHeight: boxHeight) }

    /// The simplified runs of a series (see `Polyline`).
    private func segments(_ values: [Double], own: [Double], axis: ValueAxis) -> [[PlotPoint]] {
        polyline.segments(count: values.count, value: { own[$0].isFinite ? values[$0] : .nan }, x: x, y: { y($0, axis) })
    }

    /// The line through defined points, broken at gaps; a lone point is a dot.
    private func linePath(_ values: [Double], own: [Double], axis: ValueAxis) -> String {
        var path = PathWriter(capacity: values.count * 2)
        for segment in segments(values, own: own, axis: axis) {
            path.move(Int(segment[0].x), Int(segment[0].y))
            for point in segment.dropFirst() { path.line(Int(point.x), Int(point.y)) }
            path.finishSubpath()
        }
        return path.string
    }

    /// One dot per defined point; dots that would land within 2 px of one already drawn
    /// are left out (they would cover the same pixels).
    private func dotsPath(_ values: [Double], own: [Double], axis: ValueAxis) -> String {
        var path = PathWriter(capacity: values.count * 4)
        var taken = Set<Int>()
        let cellX = max(1, 2 / (plotWidth / Double(TimeSeriesChart.box))), cellY = max(1, 2 / (plotHeight / Double(boxHeight)))
        for k in values.indices where values[k].isFinite && own[k].isFinite {
            let px = x(k), py = y(values[k], axis)
            let cell = Int(Double(px) / cellX) &* 1_000_003 &+ Int(Double(py) / cellY)
            guard taken.insert(cell).inserted else { continue }
            path.moveRelative(px, py)
            path.dot()
        }
        return path.string
    }

    /// The area between a line and zero (or the axis bottom), per contiguous segment.
    private func areaPath(_ values: [Double], axis: ValueAxis) -> String {
        let baseline = y(max(axis.low, min(axis.high, 0)), axis)
        var path = PathWriter(capacity: values.count * 2)
        for segment in segments(values, own: values, axis: axis) {
            path.move(Int(segment[0].x), Int(segment[0].y))
            for point in segment.dropFirst() { path.line(Int(point.x), Int(point.y)) }
            path.closeDown(toY: baseline, backToX: Int(segment[0].x))
        }
        return path.string
    }

    /// The band between a stacked series' top and the series below it (or zero), per
    /// stretch where the series has values.
    private func stackPath(top: [Double], bottom: [Double]?, own: [Double], axis: ValueAxis) -> String {
        let zero = max(axis.low, min(axis.high, 0))
        var path = PathWriter(capacity: top.count * 4)
        var k = 0
        while k < top.count {
            guard own[k].isFinite else { k += 1; continue }
            var end = k
            while end + 1 < top.count, own[end + 1].isFinite { end += 1 }
            let range = k...end
            let upper = polyline.segments(count: range.count, value: { top[k + $0] }, x: { x(k + $0) }, y: { y($0, axis) }).first ?? []
            let floor: (Int) -> Double = { offset in
                guard let below = bottom?[k + offset], below.isFinite else { return zero }
                return below
            }
            let lower = polyline.segments(count: range.count, value: floor, x: { x(k + $0) }, y: { y($0, axis) }).first ?? []
            polygon(&path, upper: upper, lower: lower)
            k = end + 1
        }
        return path.string
    }

    private func bandPath(lower: [Double], upper: [Double], axis: ValueAxis) -> String {
        var path = PathWriter(capacity: upper.count * 4)
        var k = 0
        while k < upper.count {
            guard upper[k].isFinite else { k += 1; continue }
            var end = k
            while end + 1 < upper.count, upper[end + 1].isFinite { end += 1 }
            let top = polyline.segments(count: end - k + 1, value: { upper[k + $0] }, x: { x(k + $0) }, y: { y($0, axis) }).first ?? []
            let bottom = polyline.segments(count: end - k + 1, value: { lower[k + $0] }, x: { x(k + $0) }, y: { y($0, axis) }).first ?? []
            polygon(&path, upper: top, lower: bottom)
            k = end + 1
        }
        return path.string
    }

    /// A closed shape: along `upper`, then back along `lower`.
    private func polygon(_ path: inout PathWriter, upper: [PlotPoint], lower: [PlotPoint]) {
        guard let start = upper.first else { return }
        path.move(Int(start.x), Int(start.y))
        for point in upper.dropFirst() { path.line(Int(point.x), Int(point.y)) }
        for point in lower.reversed() { path.line(Int(point.x), Int(point.y)) }
        path.close()
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
            path.line(px, boxHeight)
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
        // A budget of hover text per chart (10 KB, 4 KB when series are folded): finer
        // columns for few series, coarser for many.
        let listed = drawn.count > 8 ? 5 : 8
        let perColumn = 50 + min(listed, drawn.count) * 28 + (band == nil ? 0 : 40)
        let budget = band == nil && drawn.count <= 20 ? 10_000 : 4000
        let columns = max(1, min(count, Int(plotWidth / 6), max(12, budget / perColumn)))
        var out = HTML(raw: "<g class=\"hv\">")
        var left = 0
        for column in 0..<columns {
            let right = (column + 1) * TimeSeriesChart.box / columns
            let k = min(count - 1, Int((Double(column) + 0.5) / Double(columns) * Double(count - 1) + 0.5))
            var rows: [(Double, Int)] = []
            for (index, one) in drawn.enumerated() where one.values[k].isFinite { rows.append((one.values[k], index)) }
            rows.sort { $0.0 > $1.0 }
            var text = TimeText.hoverTime(frame.time(k), rangeMs: frame.end - frame.start, offsetSeconds: offsetSeconds)
            for (value, index) in rows.prefix(listed) {
                text += "\n" + HTML.truncate(drawn[index].name, to: 60) + ": " + formatter.format(value)
            }
            if rows.count > listed { text += "\n… \(rows.count - listed) more" }
            if let band, band.upper[k].isFinite {
                text += "\n\(band.count) more: " + formatter.format(band.lower[k]) + " – " + formatter.format(band.upper[k])
            }
            out += HTML("<rect x=\"\(left)\" width=\"\(right - left)\" height=\"\(boxHeight)\"><title>\(text)</title></rect>")
            left = right
        }
        return out + "</g>"
    }
}
