import VigilModel

// OpenMetrics `_created` lines as start timestamps, as Prometheus' `StartTimestamp()`
// (used with its `created-timestamp-zero-ingestion` feature).
extension ExpositionParser {
    /// The start time of the sample `next()` returned last, from its family's `_created`
    /// line, in milliseconds (the seconds value × 1000, truncated): for OpenMetrics
    /// counters, summaries and histograms only, else nil.
    ///
    /// As Prometheus, the `_created` line is looked for ahead, among the following samples
    /// up to the next metadata line: the first `_created` line found must belong to the same
    /// family and label set (`le` and `quantile` aside), or there is none. So a `_created`
    /// line written before all other samples of its series is not found, and without a
    /// TYPE line there are no start timestamps. Answers are cached per label set, so
    /// asking for every sample of a histogram looks ahead once.
    public mutating func startTimestamp() -> Timestamp? {
        guard format == .openMetrics, currentType.hasCreatedSeries, spans.name != nil else { return nil }
        let (key, value): (String, Timestamp?) = withInput { buffer in
            let key = groupKey(buffer, name: spans.name!, escaped: spans.nameEscaped, spans.labels)
            if let cached = startTimestampCache, cached.key == key { return (key, cached.value) }
            var peek = self
            while let entry = try? peek.readOpenMetrics(buffer), case .sample(let sample) = entry {
                guard let name = peek.spans.name, buffer.hasSuffix(name, "_created") else { continue }
                let base = name.lowerBound..<(name.upperBound - "_created".utf8.count)
                guard groupKey(buffer, name: base, escaped: peek.spans.nameEscaped, peek.spans.labels) == key else { break }
                let milliseconds = (sample.value * 1000).rounded(.towardZero)
                guard milliseconds.isFinite, milliseconds.magnitude < 0x1p63 else { break }
                return (key, Timestamp(milliseconds))
            }
            return (key, nil)
        }
        startTimestampCache = (key, value)
        return value
    }

    /// The family name (as the last metadata line spelled it, when the metric name starts
    /// with it) and the labels but `le` (histograms) or `quantile` (summaries), in order.
    private func groupKey(_ buffer: UnsafeRawBufferPointer, name: Range<Int>, escaped: Bool, _ labels: [LabelSpan]) -> String {
        var metric = buffer.text(name, escaped: escaped)
        if !metadataFamily.isEmpty, metric.hasPrefix(metadataFamily) { metric = metadataFamily }
        var key = metric
        for label in labels {
            let labelName = buffer.text(label.name, escaped: label.nameEscaped)
            if currentType == .summary && labelName == LabelName.quantile || currentType == .histogram && labelName == LabelName.bucket {
                continue
            }
            key += "\u{0}" + labelName + "\u{1}" + buffer.text(label.value, escaped: label.valueEscaped)
        }
        return key
    }
}
