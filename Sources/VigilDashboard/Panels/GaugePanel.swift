#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Radial gauges, one per series: a 240° arc filled to the value in its threshold
/// colour, with the thresholds as a thin outer ring.
enum GaugePanel {
    static let maxGauges = 12

    static func render(_ series: [ChartSeries], options: GaugeOptions, field: FieldOptions) -> HTML {
        let formatter = field.formatter
        let values = series.prefix(maxGauges).map { options.reduce.reduce($0.samples.map(\.v)) }
        let (low, high) = bounds(values: values, field: field)
        var out = HTML.empty
        for (one, value) in zip(series.prefix(maxGauges), values) {
            out += HTML("<div class=\"gauge\" title=\"\(HTML.truncate(one.name, to: 1000)): \(formatter.format(value))\">")
            out += svg(value: value, low: low, high: high, field: field, options: options, name: series.count > 1 ? one.name : nil)
            out += "</div>"
        }
        return HTML("<div class=\"gauges\">\(out)</div>")
    }

    /// The gauge's range: the field's min and max, else 0 (or the data's minimum) up to
    /// 100 % for percent units, the top threshold or the data's maximum otherwise.
    static func bounds(values: [Double], field: FieldOptions) -> (Double, Double) {
        let finite = values.filter(\.isFinite)
        var low = field.min ?? min(0, finite.min() ?? 0)
        var high: Double
        if let max = field.max {
            high = max
        } else if field.unit == .percentUnit {
            high = 1
        } else if field.unit == .percent {
            high = 100
        } else {
            let top = field.thresholds.mode == .absolute ? field.thresholds.steps.last?.value : nil
            high = Swift.max(finite.max() ?? 1, top.map { $0 * 1.25 } ?? -.infinity)
            if high > 0 {
                // A round top: the next 1-2-5 step above the largest value.
                let magnitude = pow(10, floor(log10(high)))
                high = ([1, 2, 2.5, 5, 10].first { $0 * magnitude >= high } ?? 10) * magnitude
            }
        }
        if high <= low { high = low + 1 }
        if low > high { low = high - 1 }
        return (low, high)
    }

    static let sweep = 240.0, start = 150.0

    static func svg(value: Double, low: Double, high: Double, field: FieldOptions, options: GaugeOptions, name: String?) -> HTML {
        let cx = 100.0, cy = 96.0, radius = 70.0
        let fraction = value.isFinite ? min(1, max(0, (value - low) / (high - low))) : 0
        let color = field.thresholds.color(for: value, min: low, max: high)
        var out = HTML(raw: "<svg viewBox=\"0 0 200 160\" role=\"img\">")
        out += HTML(raw: "<path class=\"track\" d=\"\(arc(cx, cy, radius, from: 0, to: 1))\"/>")
        if fraction > 0 {
            out += HTML(raw: "<path d=\"\(arc(cx, cy, radius, from: 0, to: fraction))\" fill=\"none\" stroke=\"\(color.hex)\" stroke-width=\"16\"/>")
        }
        if options.showThresholdMarkers {
            var bands: [(Double, PanelColor)] = [(low, field.thresholds.base)]
            for step in field.thresholds.steps {
                bands.append((field.thresholds.absoluteValue(step, min: low, max: high), step.color))
            }
            for (index, band) in bands.enumerated() {
                let from = min(1, max(0, (band.0 - low) / (high - low)))
                let to = index + 1 < bands.count ? min(1, max(0, (bands[index + 1].0 - low) / (high - low))) : 1
                guard to > from else { continue }
                out += HTML(raw: "<path class=\"marks\" d=\"\(arc(cx, cy, radius + 13, from: from, to: to))\" stroke=\"\(band.1.hex)\"/>")
            }
        }
        let (number, suffix) = field.formatter.parts(value)
        let text = value.isNaN ? (field.noValue ?? "No data") : number + suffix
        out += HTML("<text class=\"gv\" x=\"100\" y=\"106\" text-anchor=\"middle\" fill=\"\(color.hex)\">\(text)</text>")
        out += HTML("<text class=\"gn\" x=\"30\" y=\"152\" text-anchor=\"middle\">\(field.formatter.format(low))</text>")
        out += HTML("<text class=\"gn\" x=\"170\" y=\"152\" text-anchor=\"middle\">\(field.formatter.format(high))</text>")
        if let name {
            out += HTML("<text class=\"gn\" x=\"100\" y=\"136\" text-anchor=\"middle\">\(HTML.truncate(name, to: 28))</text>")
        }
        return out + "</svg>"
    }

    /// An arc of the gauge from `from` to `to` (fractions of the sweep).
    static func arc(_ cx: Double, _ cy: Double, _ r: Double, from: Double, to: Double) -> String {
        let a0 = (start + sweep * from) * .pi / 180, a1 = (start + sweep * to) * .pi / 180
        let large = sweep * (to - from) > 180 ? 1 : 0
        func p(_ v: Double) -> String { NumberText.fixed(v, decimals: 2).trimmingTrailingZeros }
        return "M\(p(cx + r * cos(a0))) \(p(cy + r * sin(a0)))A\(p(r)) \(p(r)) 0 \(large) 1 \(p(cx + r * cos(a1))) \(p(cy + r * sin(a1)))"
    }
}
