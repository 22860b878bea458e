import VigilModel

/// A label pair found in the input: offsets of its name and value, without quotes.
struct LabelSpan {
    var name: Range<Int>
    var nameEscaped: Bool
    var value: Range<Int>
    var valueEscaped: Bool
}

/// Where the parts of the current sample line are in the input. Reused from line to line
/// so that parsing a sample allocates nothing.
struct SampleSpans {
    var series: Range<Int> = 0..<0
    var name: Range<Int>? = nil
    var nameEscaped = false
    var labels: [LabelSpan] = []
    var hasExemplar = false
    var exemplarLabels: [LabelSpan] = []
    var exemplarValue: Double = 0
    var exemplarTimestamp: Timestamp? = nil

    init() {
        labels.reserveCapacity(16)
    }

    mutating func reset() {
        name = nil
        nameEscaped = false
        labels.removeAll(keepingCapacity: true)
        hasExemplar = false
    }
}

extension UnsafeRawBufferPointer {
    /// A name or value of a span as a String, unescaped when it needs to be.
    @inline(__always) func text(_ range: Range<Int>, escaped: Bool) -> String {
        escaped ? unescaped(range) : string(range)
    }

    /// The label set of `spans`: `__name__` plus every label, empty values dropped, sorted.
    /// With `normalizing` set, `le` (histograms) or `quantile` (summaries) values are
    /// rewritten in OpenMetrics' canonical float spelling, as Prometheus'
    /// `normalizeFloatsInLabelValues` does for the current TYPE.
    func labels(of spans: SampleSpans, normalizing type: MetricType) -> Labels {
        var pairs: [Label] = []
        pairs.reserveCapacity(spans.labels.count + 1)
        if let name = spans.name {
            pairs.append(Label(LabelName.metric, text(name, escaped: spans.nameEscaped)))
        }
        for span in spans.labels where !span.value.isEmpty {
            let name = text(span.name, escaped: span.nameEscaped)
            var value = text(span.value, escaped: span.valueEscaped)
            if type == .histogram && name == LabelName.bucket || type == .summary && name == LabelName.quantile {
                value = Self.canonicalFloat(value)
            }
            pairs.append(Label(name, value))
        }
        // Exporters usually write labels sorted already; only sort when they are not.
        var sorted = true
        var index = 1
        while index < pairs.count {
            if !pairs[index - 1].name.utf8Precedes(pairs[index].name) {
                sorted = false
                break
            }
            index += 1
        }
        if !sorted { pairs.sort { $0.name.utf8Precedes($1.name) } }
        return Labels(sortedUnique: pairs)
    }

    /// The labels of an exemplar, sorted.
    func exemplarLabels(of spans: SampleSpans) -> Labels {
        Labels(spans.exemplarLabels.map { Label(text($0.name, escaped: $0.nameEscaped), text($0.value, escaped: $0.valueEscaped)) })
    }

    /// `value` re-spelled as Prometheus' `labels.FormatOpenMetricsFloat` when it is a float:
    /// `1` → `1.0`, `0.25` stays, `1e-05` stays, `+Inf` stays. Other text is kept.
    static func canonicalFloat(_ value: String) -> String {
        guard case .success(let number) = FloatText.parse(value) else { return value }
        return FloatText.openMetricsSpelling(number)
    }
}

extension FloatText {
    /// Prometheus' `labels.FormatOpenMetricsFloat`: Go's shortest `'g'` spelling with `.0`
    /// added to integral values written without exponent, `+Inf`/`-Inf`/`NaN` as is.
    public static func openMetricsSpelling(_ value: Double) -> String {
        if value == 0 { return "0.0" }  // -0 too, as Go compares it equal to 0
        var text = format(value)
        if value.isFinite, !text.contains("."), !text.contains("e") { text += ".0" }
        return text
    }
}
