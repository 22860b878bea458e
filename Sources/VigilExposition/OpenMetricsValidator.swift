import VigilModel

/// The family rules of OpenMetrics 1.0 that a line-by-line parser cannot see: which
/// sample names a family may have, metadata order, clashing families, label and value
/// rules per type, grouping and timestamp order, exemplar placement, histogram buckets.
/// Follows the reference parser the OpenMetrics conformance suite was written against
/// (`prometheus_client.openmetrics.parser`). Families stream past: only the current one
/// and the set of names used so far are kept.
struct OpenMetricsValidator {
    private struct Family {
        var name: String
        /// Nil until a TYPE line (a family started by a sample is `.unknown` at once).
        var type: MetricType?
        var hasHelp = false
        var unit: String?
        var hasSamples = false
        var allowedNames: [String]
        var start: Int
        var group: String?
        var groupTimestamp: Timestamp?
        var seenGroups: Set<String> = []
        var groupSeries: Set<String> = []
        var histogram = HistogramCheck()
    }

    private var family: Family?
    /// Every sample name the finished families may use: a later family clashing with
    /// one is an error (this also refuses a family that reappears).
    private var usedNames: Set<String> = []

    /// Checks a HELP, TYPE or UNIT line of `name` at `offset`.
    mutating func observe(_ metadata: ObservedMetadata, of name: String, at offset: Int, _ buffer: UnsafeRawBufferPointer) throws(ExpositionError) {
        if let current = family, current.name == name, current.hasSamples {
            throw invalid(buffer, offset, "received metadata after samples for metric family \(GoQuote.string(name))")
        }
        if family?.name != name {
            try finishFamily(buffer)
            family = Family(name: name, allowedNames: [name], start: offset)
        }
        switch metadata {
        case .help:
            guard !family!.hasHelp else { throw invalid(buffer, offset, "more than one HELP for metric family \(GoQuote.string(name))") }
            family!.hasHelp = true
        case .type(let type):
            guard family!.type == nil else { throw invalid(buffer, offset, "more than one TYPE for metric family \(GoQuote.string(name))") }
            family!.type = type
            family!.allowedNames = type.sampleSuffixes.map { name + $0 }
        case .unit(let unit):
            guard family!.unit == nil else { throw invalid(buffer, offset, "more than one UNIT for metric family \(GoQuote.string(name))") }
            family!.unit = unit
        }
    }

    /// Checks a sample line; returns the name of the family it belongs to.
    mutating func observe(_ sample: ObservedSample, _ buffer: UnsafeRawBufferPointer) throws(ExpositionError) -> String {
        let at = sample.offset
        if family == nil || !family!.allowedNames.contains(sample.name) {
            // A sample of no declared family starts an unknown-typed one of its own name.
            try finishFamily(buffer)
            family = Family(name: sample.name, type: .unknown, allowedNames: [sample.name], start: at)
        }
        let name = family!.name
        let type = family!.type ?? .unknown
        let suffix = String(sample.name.utf8.dropFirst(name.utf8.count))!

        for label in sample.labels where label.name.hasPrefix("__") {
            throw invalid(buffer, at, "reserved label name \(GoQuote.string(label.name))")
        }
        if type == .stateset, sample.label(name) == nil {
            throw invalid(buffer, at, "stateset sample without a label named after the family \(GoQuote.string(name))")
        }
        if suffix == "_bucket" {
            guard let le = sample.label(LabelName.bucket), Self.isValidBound(le) else {
                throw invalid(buffer, at, "invalid or missing le label on a histogram bucket")
            }
        }
        if suffix == "_bucket" || suffix == "_count" || suffix == "_gcount", !Self.isInteger(sample.value) {
            throw invalid(buffer, at, "\(suffix) value must be an integer")
        }
        if type == .summary, suffix.isEmpty {
            guard let quantile = sample.label(LabelName.quantile), case .success(let q) = FloatText.parse(quantile),
                q >= 0, q <= 1
            else {
                throw invalid(buffer, at, "invalid or missing quantile label on a summary")
            }
        }
        try checkGrouping(sample, suffix: suffix, type: type, buffer)
        switch type {
        case .stateset where sample.value != 0 && sample.value != 1:
            throw invalid(buffer, at, "stateset samples can only have values zero and one")
        case .info where sample.value != 1:
            throw invalid(buffer, at, "info samples can only have value one")
        case .summary where suffix.isEmpty && sample.value < 0:
            throw invalid(buffer, at, "quantile values cannot be negative")
        default: break
        }
        if ["_total", "_sum", "_count", "_bucket", "_gcount", "_gsum"].contains(suffix) {
            if sample.value.isNaN { throw invalid(buffer, at, "counter-like samples cannot be NaN") }
            if suffix != "_gsum", sample.value < 0 { throw invalid(buffer, at, "counter-like samples cannot be negative") }
        }
        if let exemplar = sample.exemplarLabels {
            let histogramBucket = (type == .histogram || type == .gaugehistogram) && sample.name.hasSuffix("_bucket")
            let counterTotal = type == .counter && sample.name.hasSuffix("_total")
            guard histogramBucket || counterTotal else {
                throw invalid(buffer, at, "only histogram and gauge histogram buckets and counters can have exemplars")
            }
            let characters = exemplar.reduce(0) { $0 + $1.name.unicodeScalars.count + $1.value.unicodeScalars.count }
            guard characters <= 128 else {
                throw invalid(buffer, at, "exemplar labels have \(characters) UTF-8 characters, exceeding the limit of 128")
            }
            for label in exemplar where label.name.hasPrefix("__") {
                throw invalid(buffer, at, "reserved label name \(GoQuote.string(label.name))")
            }
        }
        family!.hasSamples = true
        return name
    }

    /// Checks the family still open at `# EOF`.
    mutating func finish(_ buffer: UnsafeRawBufferPointer) throws(ExpositionError) {
        try finishFamily(buffer)
    }

    // MARK: - Families

    /// Samples of one group (the same labels but for `le`, `quantile` or the stateset
    /// label) must be contiguous, all with or all without timestamps, timestamps not going
    /// back; a group's histogram samples are checked together.
    private mutating func checkGrouping(_ sample: ObservedSample, suffix: String, type: MetricType, _ buffer: UnsafeRawBufferPointer) throws(ExpositionError) {
        let group = Self.groupKey(sample, family: family!.name, suffix: suffix, type: type)
        if let current = family!.group, current != group, family!.seenGroups.contains(group) {
            throw invalid(buffer, sample.offset, "invalid metric grouping: samples of a group must be contiguous")
        }
        if let current = family!.group, current == group {
            if (sample.timestamp == nil) != (family!.groupTimestamp == nil) {
                throw invalid(buffer, sample.offset, "mix of timestamp presence within a group")
            }
            if let previous = family!.groupTimestamp, let now = sample.timestamp, previous > now, type != .info {
                throw invalid(buffer, sample.offset, "timestamps went backwards within a group")
            }
        } else {
            family!.groupSeries.removeAll()
        }
        let series = sample.name + "\u{0}" + Self.canonical(sample.labels)
        // A line repeating a series at the same time is no new sample.
        let isNew = sample.timestamp != family!.groupTimestamp || !family!.groupSeries.contains(series)
        family!.groupSeries.insert(series)
        family!.group = group
        family!.groupTimestamp = sample.timestamp
        family!.seenGroups.insert(group)
        if isNew, type == .histogram || type == .gaugehistogram, !suffix.isEmpty {
            // For histograms the group is the labels but `le`, exactly what the buckets share.
            if let problem = family!.histogram.add(suffix: suffix, group: group, timestamp: sample.timestamp,
                                                  le: sample.label(LabelName.bucket), value: sample.value)
            {
                throw invalid(buffer, sample.offset, "\(problem): \(family!.name)")
            }
        }
    }

    private mutating func finishFamily(_ buffer: UnsafeRawBufferPointer) throws(ExpositionError) {
        guard let current = family else { return }
        family = nil
        let type = current.type ?? .unknown
        for suffix in Set(type.sampleSuffixes + [""]) {
            guard usedNames.insert(current.name + suffix).inserted else {
                throw invalid(buffer, current.start, "clashing name: \(current.name + suffix)")
            }
        }
        if let unit = current.unit, !unit.isEmpty, type == .info || type == .stateset {
            throw invalid(buffer, current.start, "units not allowed for this metric type: \(current.name)")
        }
        if let problem = current.histogram.finish() {
            throw invalid(buffer, current.start, "\(problem): \(current.name)")
        }
    }

    private func invalid(_ buffer: UnsafeRawBufferPointer, _ offset: Int, _ message: String) -> ExpositionError {
        ExpositionError.at(offset, in: buffer, .invalid, message)
    }

    // MARK: - Values

    /// A bucket bound: a float, not NaN, and infinity only spelled `+Inf`.
    private static func isValidBound(_ text: String) -> Bool {
        guard case .success(let bound) = FloatText.parse(text), !bound.isNaN else { return false }
        return bound != .infinity || text == "+Inf"
    }

    private static func isInteger(_ value: Double) -> Bool {
        value.isFinite && value.rounded(.towardZero) == value
    }

    /// The key of a sample's group: its labels without the one the type varies within a group.
    private static func groupKey(_ sample: ObservedSample, family: String, suffix: String, type: MetricType) -> String {
        let dropped: String?
        switch type {
        case .info: return ""
        case .summary where suffix.isEmpty: dropped = LabelName.quantile
        case .stateset: dropped = family
        case .histogram where suffix == "_bucket", .gaugehistogram where suffix == "_bucket": dropped = LabelName.bucket
        default: dropped = nil
        }
        return canonical(sample.labels.filter { $0.name != dropped })
    }

    private static func canonical(_ labels: [(name: String, value: String)]) -> String {
        labels.sorted { $0.name.utf8Precedes($1.name) }
            .map { $0.name + "\u{0}" + $0.value }.joined(separator: "\u{1}")
    }
}

extension MetricType {
    /// The sample names of a family of this type, as suffixes of the family name
    /// (OpenMetrics: counters only `_total` and `_created`, …).
    var sampleSuffixes: [String] {
        switch self {
        case .counter: ["_total", "_created"]
        case .summary: ["", "_count", "_sum", "_created"]
        case .histogram: ["_count", "_sum", "_bucket", "_created"]
        case .gaugehistogram: ["_gcount", "_gsum", "_bucket"]
        case .info: ["_info"]
        case .gauge, .stateset, .unknown: [""]
        }
    }
}
