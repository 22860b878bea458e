import VigilModel

/// A sample as the strict validators see it: decoded text, labels in written order.
struct ObservedSample {
    var name: String
    var labels: [(name: String, value: String)]
    var value: Double
    var timestamp: Timestamp?
    /// Exemplar label pairs, when the line has an exemplar.
    var exemplarLabels: [(name: String, value: String)]?
    /// Offset of the start of the line, for errors.
    var offset: Int

    /// The value of label `name` as written, or nil.
    func label(_ name: String) -> String? {
        labels.first { $0.name == name }?.value
    }
}

/// Metadata as the strict validators see it.
enum ObservedMetadata {
    case help(String)
    case type(MetricType)
    case unit(String)
}

// Strict parsing hands every entry to the format's validator.
extension ExpositionParser {
    mutating func validate(_ entry: ExpositionEntry, lineStart: Int, _ buffer: UnsafeRawBufferPointer) throws(ExpositionError) {
        guard options.strict else { return }
        let family: String
        let metadata: ObservedMetadata
        switch entry {
        case .sample(let sample):
            let observed = observe(sample, buffer)
            if openMetricsValidator != nil {
                lastFamily = try openMetricsValidator!.observe(observed, buffer)
            } else if prometheusTextValidator != nil {
                lastFamily = try prometheusTextValidator!.observe(observed, type: currentType, buffer)
            }
            return
        case .help(let name, let text): (family, metadata) = (name, .help(text))
        case .type(let name, let type): (family, metadata) = (name, .type(type))
        case .unit(let name, let unit): (family, metadata) = (name, .unit(unit))
        case .comment, .eof:
            return
        }
        lastFamily = family
        if openMetricsValidator != nil {
            try openMetricsValidator!.observe(metadata, of: family, at: lineStart, buffer)
        } else if prometheusTextValidator != nil {
            try prometheusTextValidator!.observe(metadata, of: family, at: lineStart, buffer)
        }
    }

    /// Checks the last family once the input has ended.
    mutating func finishValidation(_ buffer: UnsafeRawBufferPointer) throws(ExpositionError) {
        if openMetricsValidator != nil { try openMetricsValidator!.finish(buffer) }
    }

    private func observe(_ sample: ExpositionSample, _ buffer: UnsafeRawBufferPointer) -> ObservedSample {
        let pairs = spans.labels.map { (buffer.text($0.name, escaped: $0.nameEscaped), buffer.text($0.value, escaped: $0.valueEscaped)) }
        var exemplar: [(name: String, value: String)]?
        if spans.hasExemplar {
            exemplar = spans.exemplarLabels.map { (buffer.text($0.name, escaped: $0.nameEscaped), buffer.text($0.value, escaped: $0.valueEscaped)) }
        }
        let name = spans.name.map { buffer.text($0, escaped: spans.nameEscaped) } ?? ""
        return ObservedSample(
            name: name, labels: pairs, value: sample.value, timestamp: sample.timestamp,
            exemplarLabels: exemplar, offset: sample.series.lowerBound)
    }
}
