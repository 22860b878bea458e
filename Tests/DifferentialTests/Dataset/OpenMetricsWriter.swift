import Foundation
import VigilModel

/// Writes a `Dataset` as OpenMetrics 1.0 text with a timestamp on every sample and `# EOF`:
/// the input of `promtool tsdb create-blocks-from openmetrics` and `vigil import openmetrics`.
enum OpenMetricsWriter {
    /// The whole file.
    static func text(of dataset: Dataset) -> String {
        var out = ""
        out.reserveCapacity(32 << 20)
        for family in dataset.families {
            out += "# HELP \(family.name) \(escapedHelp(family.help))\n"
            out += "# TYPE \(family.name) \(family.type.rawValue)\n"
            for metric in family.metrics {
                let base = metric.labels.map { "\($0.name)=\"\(escapedLabelValue($0.value))\"" }
                for point in metric.points {
                    let time = timestampText(point.timestamp)
                    for line in point.lines {
                        var labels = base
                        if let extra = line.extraLabel {
                            labels.append("\(extra.name)=\"\(escapedLabelValue(extra.value))\"")
                        }
                        out += family.name
                        out += line.suffix
                        if !labels.isEmpty { out += "{" + labels.joined(separator: ",") + "}" }
                        out += " "
                        out += valueText(line.value)
                        out += " "
                        out += time
                        out += "\n"
                    }
                }
            }
        }
        out += "# EOF\n"
        return out
    }

    /// Seconds with exactly three decimals. Prometheus' parser turns this into
    /// `int64(seconds * 1000)`, so the generator only uses timestamps for which that
    /// truncation gives back the intended millisecond (see `isExact`).
    static func timestampText(_ t: Timestamp) -> String {
        let seconds = t / 1000
        let millis = Int(t % 1000)
        let fraction = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(seconds).\(fraction)"
    }

    /// Whether `timestampText(t)` reads back as `t` both exactly and the way Prometheus'
    /// OpenMetrics parser computes it (float seconds times 1000, truncated).
    static func isExact(_ t: Timestamp) -> Bool {
        guard let seconds = Double(timestampText(t)) else { return false }
        return Int64(seconds * 1000) == t
    }

    /// A float as OpenMetrics spells it: `NaN`, `+Inf`, `-Inf`, else the shortest text that
    /// reads back to the same double.
    static func valueText(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v == .infinity { return "+Inf" }
        if v == -.infinity { return "-Inf" }
        return "\(v)"
    }

    static func escapedLabelValue(_ value: String) -> String {
        var out = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    static func escapedHelp(_ help: String) -> String {
        help.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }
}
