import VigilModel

/// Writes metric families as text: the Prometheus text format 0.0.4 for `/metrics` and
/// `/federate` (as Go's `expfmt` writes it), or OpenMetrics 1.0. What it writes,
/// `ExpositionParser` reads back to the same families.
public enum ExpositionEncoder {
    /// `families` in the Prometheus text format 0.0.4, in the order given: per family an
    /// optional `# HELP` (when the help is not empty), a `# TYPE`, then the samples as
    /// `name{labels} value [timestamp_ms]`. Types 0.0.4 lacks (gauge histogram, info,
    /// stateset) are written `untyped`. Names that are not legacy Prometheus names are
    /// written quoted (`{"my.metric",a="1"}`), as text format 1.0.0 does.
    public static func prometheusText(_ families: some Sequence<MetricFamily>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        for family in families { appendPrometheusText(family, to: &out) }
        return out
    }

    /// Appends one family in the Prometheus text format 0.0.4 to `out`.
    public static func appendPrometheusText(_ family: MetricFamily, to out: inout [UInt8]) {
        if !family.help.isEmpty {
            out.append(contentsOf: "# HELP ".utf8)
            appendName(family.name, to: &out)
            out.append(Byte.space)
            appendEscaped(family.help, quotes: false, to: &out)
            out.append(Byte.newline)
        }
        out.append(contentsOf: "# TYPE ".utf8)
        appendName(family.name, to: &out)
        out.append(Byte.space)
        out.append(contentsOf: family.type.prometheusTextName.utf8)
        out.append(Byte.newline)
        for sample in family.samples {
            appendSeries(sample.labels, to: &out)
            out.append(Byte.space)
            FloatText.append(sample.value, to: &out)
            if let timestamp = sample.timestamp {
                out.append(Byte.space)
                out.append(contentsOf: String(timestamp).utf8)
            }
            out.append(Byte.newline)
        }
    }

    /// A `/federate` page as Prometheus writes it: one family per metric name, sorted by
    /// name, each `# TYPE name untyped` (federation drops metadata), its series sorted by
    /// labels, every sample with its timestamp.
    public static func federation(_ samples: some Sequence<MetricSample>) -> [UInt8] {
        var byName: [String: [MetricSample]] = [:]
        for sample in samples { byName[sample.labels.metricName ?? "", default: []].append(sample) }
        let families = byName.keys.sorted { $0.utf8Precedes($1) }.map { name in
            MetricFamily(name: name, type: .unknown, samples: byName[name]!.sorted { $0.labels < $1.labels })
        }
        return prometheusText(families)
    }

    /// `families` as OpenMetrics 1.0 text, ending with `# EOF`: TYPE, UNIT and HELP lines,
    /// timestamps in seconds, exemplars. Counters' samples must already carry their
    /// `_total` names; the encoder writes samples as they are.
    public static func openMetrics(_ families: some Sequence<MetricFamily>) -> [UInt8] {
        var out: [UInt8] = []
        for family in families {
            out.append(contentsOf: "# TYPE ".utf8)
            appendName(family.name, to: &out)
            out.append(Byte.space)
            family.type.openMetricsName.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(Byte.newline)
            if !family.unit.isEmpty {
                out.append(contentsOf: "# UNIT ".utf8)
                appendName(family.name, to: &out)
                out.append(Byte.space)
                out.append(contentsOf: family.unit.utf8)
                out.append(Byte.newline)
            }
            if !family.help.isEmpty {
                out.append(contentsOf: "# HELP ".utf8)
                appendName(family.name, to: &out)
                out.append(Byte.space)
                appendEscaped(family.help, quotes: true, to: &out)
                out.append(Byte.newline)
            }
            for sample in family.samples {
                appendSeries(sample.labels, to: &out)
                out.append(Byte.space)
                FloatText.append(sample.value, to: &out)
                if let timestamp = sample.timestamp {
                    out.append(Byte.space)
                    appendSeconds(timestamp, to: &out)
                }
                if let exemplar = sample.exemplar {
                    out.append(contentsOf: " # ".utf8)
                    appendLabelSet(exemplar.labels, metricName: nil, to: &out)
                    out.append(Byte.space)
                    FloatText.append(exemplar.value, to: &out)
                    if let timestamp = exemplar.timestamp {
                        out.append(Byte.space)
                        appendSeconds(timestamp, to: &out)
                    }
                }
                out.append(Byte.newline)
            }
        }
        out.append(contentsOf: "# EOF\n".utf8)
        return out
    }

    // MARK: - Pieces

    /// `name{a="1",b="2"}`; `{"odd.name",a="1"}` when the name needs quotes.
    static func appendSeries(_ labels: Labels, to out: inout [UInt8]) {
        let name = labels.metricName ?? ""
        if LabelName.isValidMetricName(name) {
            out.append(contentsOf: name.utf8)
            if labels.count > 1 { appendLabelSet(labels, metricName: nil, to: &out) }
        } else {
            appendLabelSet(labels, metricName: name, to: &out)
        }
    }

    /// `{a="1",b="2"}` without `__name__`; with `metricName`, that quoted string first.
    private static func appendLabelSet(_ labels: Labels, metricName: String?, to out: inout [UInt8]) {
        out.append(Byte.braceOpen)
        var first = true
        if let metricName {
            appendQuoted(metricName, to: &out)
            first = false
        }
        for label in labels where label.name != LabelName.metric {
            if !first { out.append(Byte.comma) }
            first = false
            if LabelName.isValid(label.name) { out.append(contentsOf: label.name.utf8) } else { appendQuoted(label.name, to: &out) }
            out.append(Byte.equal)
            appendQuoted(label.value, to: &out)
        }
        out.append(Byte.braceClose)
    }

    private static func appendName(_ name: String, to out: inout [UInt8]) {
        if LabelName.isValidMetricName(name) { out.append(contentsOf: name.utf8) } else { appendQuoted(name, to: &out) }
    }

    private static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(Byte.quote)
        appendEscaped(text, quotes: true, to: &out)
        out.append(Byte.quote)
    }

    /// `\` → `\\`, newline → `\n`, and with `quotes` `"` → `\"`.
    private static func appendEscaped(_ text: String, quotes: Bool, to out: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case Byte.backslash: out.append(contentsOf: [Byte.backslash, Byte.backslash])
            case Byte.newline: out.append(contentsOf: [Byte.backslash, UInt8(ascii: "n")])
            case Byte.quote where quotes: out.append(contentsOf: [Byte.backslash, Byte.quote])
            default: out.append(byte)
            }
        }
    }

    /// Milliseconds as OpenMetrics seconds: `1700000000.123`, `12`, `-0.5`.
    private static func appendSeconds(_ milliseconds: Timestamp, to out: inout [UInt8]) {
        if milliseconds < 0 { out.append(UInt8(ascii: "-")) }
        let magnitude = milliseconds.magnitude
        out.append(contentsOf: String(magnitude / 1000).utf8)
        let fraction = magnitude % 1000
        if fraction != 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: 3 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: digits.utf8)
        }
    }
}

extension MetricType {
    /// The name the Prometheus text format 0.0.4 uses; types it lacks are `untyped`.
    public var prometheusTextName: String {
        switch self {
        case .counter: "counter"
        case .gauge: "gauge"
        case .histogram: "histogram"
        case .summary: "summary"
        case .gaugehistogram, .info, .stateset, .unknown: "untyped"
        }
    }
}
