#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VigilModel

/// A heatmap of a Prometheus histogram: the query returns cumulative `le` buckets
/// (`sum(rate(x_bucket[$__rate_interval])) by (le)`), each column is one step, each row
/// one bucket, coloured by the observations that fell into it (bucket minus the one below).
enum HeatmapPanel {
    /// Colour steps; cells are grouped by step into one path each, which keeps the SVG small.
    static let levels = 16

    struct Buckets {
        /// Upper bounds, ascending, `+Inf` last.
        var bounds: [Double]
        /// `counts[b][k]`: observations in bucket b at point k (NaN when missing).
        var counts: [[Double]]
        var maxCount: Double
    }

    /// Per-bucket counts from cumulative `le` series; series with other labels add up.
    static func buckets(_ series: [ChartSeries], frame: ChartFrame, hideEmpty: Bool) -> Buckets? {
        var cumulative: [Double: [Double]] = [:]
        for one in series {
            guard let le = one.labels[LabelName.bucket], let bound = MappingReader.parseDouble(le) else { continue }
            var values = cumulative[bound] ?? [Double](repeating: .nan, count: frame.count)
            for sample in one.samples {
                guard let k = frame.index(of: sample.t), sample.v.isFinite else { continue }
                values[k] = values[k].isNaN ? sample.v : values[k] + sample.v
            }
            cumulative[bound] = values
        }
        guard !cumulative.isEmpty else { return nil }
        var bounds = cumulative.keys.sorted()
        var counts: [[Double]] = []
        var maxCount = 0.0
        for (b, bound) in bounds.enumerated() {
            let upper = cumulative[bound]!
            let lower = b > 0 ? cumulative[bounds[b - 1]]! : nil
            var row = [Double](repeating: .nan, count: frame.count)
            for k in 0..<frame.count where upper[k].isFinite {
                // Counters can dip across a reset; a bucket never holds fewer than zero.
                row[k] = max(0, upper[k] - (lower?[k].isFinite == true ? lower![k] : 0))
                maxCount = max(maxCount, row[k])
            }
            counts.append(row)
        }
        if hideEmpty {
            let keep = counts.indices.filter { b in counts[b].contains { $0 > 0 } }
            bounds = keep.map { bounds[$0] }
            counts = keep.map { counts[$0] }
        }
        return bounds.isEmpty ? nil : Buckets(bounds: bounds, counts: counts, maxCount: maxCount)
    }

    static func render(
        _ series: [ChartSeries], frame: ChartFrame, options: HeatmapOptions, field: FieldOptions, width: Double, height: Double, offsetSeconds: Int,
        id: String
    ) -> HTML {
        guard let chart = chart(series, frame: frame, options: options, field: field, width: width, height: height, offsetSeconds: offsetSeconds) else {
            return HTML("<div class=\"pcenter\">No histogram buckets (the query needs an \"le\" label, e.g. sum by (le) (rate(x_bucket[$__rate_interval])))</div>")
        }
        return HTML("<div class=\"hm\">\(ChartMarkup.plotGrid(chart.rendering, id: id))\(scale(options.scheme, max: chart.maxCount))</div>")
    }

    static func chart(
        _ series: [ChartSeries], frame: ChartFrame, options: HeatmapOptions, field: FieldOptions, width: Double, height: Double, offsetSeconds: Int
    ) -> (rendering: ChartRendering, maxCount: Double)? {
        guard let data = buckets(series, frame: frame, hideEmpty: options.hideEmptyBuckets) else { return nil }
        let rows = data.bounds.count, count = frame.count
        var paths = [PathWriter](repeating: PathWriter(), count: levels)
        func xEdge(_ t: Timestamp) -> Int { Int((min(1, max(0, frame.fraction(t))) * 1000).rounded()) }
        for k in 0..<count {
            let x0 = xEdge(frame.time(k) - frame.step), x1 = xEdge(frame.time(k))
            guard x1 > x0 else { continue }
            for b in 0..<rows {
                let value = data.counts[b][k]
                guard value.isFinite, value > 0, data.maxCount > 0 else { continue }
                let level = min(levels - 1, Int((sqrt(value / data.maxCount) * Double(levels - 1)).rounded()))
                let top = 1000 - (b + 1) * 1000 / rows, bottom = 1000 - b * 1000 / rows
                paths[level].rect(x: x0, y: top, width: x1 - x0, height: bottom - top)
            }
        }
        var plot = HTML.empty
        for (level, path) in paths.enumerated() where !path.isEmpty {
            let (color, opacity) = fill(options.scheme, level: level)
            plot += HTML(raw: "<path class=\"cell\" fill=\"\(color)\"\(opacity.map { " fill-opacity=\"\($0)\"" } ?? "") d=\"\(path.string)\"/>")
        }
        plot += hover(data, frame: frame, width: width, offsetSeconds: offsetSeconds, formatter: field.formatter)

        // Row labels: the bucket's upper bound at the row's centre, thinned to fit.
        let every = max(1, Int((Double(rows) * 16 / max(40, height - 40)).rounded(.up)))
        var axis = ValueAxis(low: 0, high: Double(rows), ticks: [], labels: [])
        for b in stride(from: 0, to: rows, by: every) {
            axis.ticks.append(Double(b) + 0.5)
            axis.labels.append(data.bounds[b].isInfinite ? "+Inf" : field.formatter.format(data.bounds[b]))
        }
        let ticks = TimeAxis.ticks(start: frame.start, end: frame.end, widthPixels: width - 60, offsetSeconds: offsetSeconds)
        let rendering = ChartRendering(
            plot: plot, yAxis: axis, xTicks: ticks.map { (frame.fraction($0.t), $0.label) }, legend: [], calcs: [], frame: frame,
            seriesCount: series.count, hasData: data.maxCount > 0)
        return (rendering, data.maxCount)
    }

    /// Columns listing the busiest buckets at that time.
    static func hover(_ data: Buckets, frame: ChartFrame, width: Double, offsetSeconds: Int, formatter: ValueFormatter) -> HTML {
        let count = frame.count
        let columns = max(1, min(count, Int(width / 12)))
        var out = HTML(raw: "<g class=\"hv\">")
        var left = 0
        for column in 0..<columns {
            let right = (column + 1) * 1000 / columns
            let k = min(count - 1, Int((Double(column) + 0.5) / Double(columns) * Double(count)))
            var text = TimeText.dateTime(frame.time(k), offsetSeconds: offsetSeconds)
            let cells = data.bounds.indices.compactMap { b -> (Int, Double)? in
                let v = data.counts[b][k]
                return v.isFinite && v > 0 ? (b, v) : nil
            }
            for (b, v) in cells.sorted(by: { $0.1 > $1.1 }).prefix(8) {
                let low = b > 0 ? formatter.format(data.bounds[b - 1]) : "0"
                let high = data.bounds[b].isInfinite ? "+Inf" : formatter.format(data.bounds[b])
                text += "\n\(low) – \(high): \(NumberText.format(v, decimals: nil))"
            }
            out += HTML("<rect x=\"\(left)\" width=\"\(right - left)\" height=\"1000\"><title>\(text)</title></rect>")
            left = right
        }
        return out + "</g>"
    }

    /// The fill of a colour step: one hue at rising opacity, or a multi-hue ramp.
    static func fill(_ scheme: HeatmapOptions.Scheme, level: Int) -> (color: String, opacity: String?) {
        let t = Double(level + 1) / Double(levels)
        switch scheme {
        case .oranges: return ("#fa6400", NumberText.fixed(0.12 + 0.88 * t, decimals: 2))
        case .blues: return ("#3274d9", NumberText.fixed(0.12 + 0.88 * t, decimals: 2))
        case .greens: return ("#56a64b", NumberText.fixed(0.12 + 0.88 * t, decimals: 2))
        case .reds: return ("#e02f44", NumberText.fixed(0.12 + 0.88 * t, decimals: 2))
        case .purples: return ("#a352cc", NumberText.fixed(0.12 + 0.88 * t, decimals: 2))
        case .viridis: return (ramp(["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"], t), nil)
        case .spectral:
            return (ramp(["#5e4fa2", "#3288bd", "#66c2a5", "#abdda4", "#e6f598", "#fee08b", "#fdae61", "#f46d43", "#d53e4f", "#9e0142"], t), nil)
        }
    }

    static func ramp(_ stops: [String], _ t: Double) -> String {
        let position = min(1, max(0, t)) * Double(stops.count - 1)
        let index = min(stops.count - 2, Int(position))
        let f = position - Double(index)
        let a = rgb(stops[index]), b = rgb(stops[index + 1])
        func channel(_ x: Int, _ y: Int) -> String {
            let v = Int((Double(x) + (Double(y) - Double(x)) * f).rounded())
            let hex = String(v, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }
        return "#" + channel(a.0, b.0) + channel(a.1, b.1) + channel(a.2, b.2)
    }

    static func rgb(_ hex: String) -> (Int, Int, Int) {
        let digits = Array(hex.utf8.dropFirst())
        func byte(_ i: Int) -> Int { Int(String(decoding: digits[i..<i + 2], as: UTF8.self), radix: 16) ?? 0 }
        return (byte(0), byte(2), byte(4))
    }

    /// The colour scale: a gradient strip from 0 to the largest count.
    static func scale(_ scheme: HeatmapOptions.Scheme, max: Double) -> HTML {
        var stops = HTML.empty
        for level in Swift.stride(from: 0, to: levels, by: 3) + [levels - 1] {
            let (color, opacity) = fill(scheme, level: level)
            let offset = NumberText.fixed(Double(level) / Double(levels - 1) * 100, decimals: 0)
            stops += HTML(raw: "<stop offset=\"\(offset)%\" stop-color=\"\(color)\"\(opacity.map { " stop-opacity=\"\($0)\"" } ?? "")/>")
        }
        let id = "hs-\(scheme.rawValue)"
        return HTML(
            """
            <div class="hmscale"><span>0</span><svg aria-hidden="true"><defs><linearGradient id="\(id)">\(stops)</linearGradient></defs>\
            <rect width="100%" height="100%" rx="2" fill="url(#\(id))"/></svg><span>\(NumberText.format(max, decimals: nil))</span></div>
            """)
    }
}
