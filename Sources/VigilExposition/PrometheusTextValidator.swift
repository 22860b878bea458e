import VigilModel

/// The family rules of the Prometheus text format as Go's `expfmt.TextParser` (which the
/// Pushgateway parses pushes with) and the client libraries' gatherers enforce: one HELP
/// and one TYPE per family, TYPE before the family's samples, `le` on histogram buckets
/// and `quantile` on summary quantiles as floats, and no series twice.
///
/// Samples join families as in `expfmt`: by their own name, else as `_sum`/`_count` of a
/// summary, else as `_bucket`/`_sum`/`_count` of a histogram, else a new untyped family.
/// Keeps one entry per family and per series: meant for pushes, not for huge imports.
struct PrometheusTextValidator {
    private struct Family {
        var type: MetricType?
        var hasHelp = false
        var hasSamples = false
    }

    private var families: [String: Family] = [:]
    private var series: Set<String> = []

    /// Checks a HELP or TYPE line of `name` at `offset`.
    mutating func observe(_ metadata: ObservedMetadata, of name: String, at offset: Int, _ buffer: UnsafeRawBufferPointer) throws(ExpositionError) {
        var family = families[name] ?? Family()
        switch metadata {
        case .help:
            guard !family.hasHelp else {
                throw ExpositionError.at(offset, in: buffer, .invalid, "second HELP line for metric name \(GoQuote.string(name))")
            }
            family.hasHelp = true
        case .type(let type):
            guard family.type == nil, !family.hasSamples else {
                throw ExpositionError.at(offset, in: buffer, .invalid, "second TYPE line for metric name \(GoQuote.string(name)), or TYPE reported after samples")
            }
            family.type = type
        case .unit:
            break
        }
        families[name] = family
    }

    /// Checks a sample line; returns the name of the family it joins.
    mutating func observe(_ sample: ObservedSample, type currentType: MetricType, _ buffer: UnsafeRawBufferPointer) throws(ExpositionError) -> String {
        let (familyName, type) = family(of: sample.name)
        let suffix = String(sample.name.utf8.dropFirst(familyName.utf8.count))!
        func invalid(_ message: String) -> ExpositionError {
            ExpositionError.at(sample.offset, in: buffer, .invalid, message)
        }
        if type == .histogram, suffix == "_bucket" {
            guard let le = sample.label(LabelName.bucket), case .success = FloatText.parse(le) else {
                throw invalid("expected float as value for 'le' label in histogram \(GoQuote.string(familyName))")
            }
        }
        if type == .summary, suffix.isEmpty {
            guard let quantile = sample.label(LabelName.quantile), case .success = FloatText.parse(quantile) else {
                throw invalid("expected float as value for 'quantile' label in summary \(GoQuote.string(familyName))")
            }
        }
        // Quoted UTF-8 names are valid (text format 1.0.0, Prometheus 3); what remains to
        // refuse is a name no client could have meant.
        for label in sample.labels where label.name.isEmpty {
            throw invalid("empty label name")
        }
        let key = sample.name + "\u{0}" + sample.labels.filter { !$0.value.isEmpty }
            .sorted { $0.name.utf8Precedes($1.name) }
            .map { $0.name + "\u{0}" + $0.value }.joined(separator: "\u{1}") + "\u{2}" + (sample.timestamp.map(String.init) ?? "")
        guard series.insert(key).inserted else {
            throw invalid("duplicate sample for series \(sample.name)\(Self.describe(sample.labels))")
        }
        families[familyName, default: Family()].hasSamples = true
        return familyName
    }

    /// `expfmt`'s family lookup for a sample name.
    private func family(of name: String) -> (String, MetricType) {
        if let family = families[name] { return (name, family.type ?? .unknown) }
        for suffix in ["_sum", "_count"] where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            if families[base]?.type == .summary { return (base, .summary) }
        }
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            if families[base]?.type == .histogram { return (base, .histogram) }
        }
        return (name, .unknown)
    }

    private static func describe(_ labels: [(name: String, value: String)]) -> String {
        labels.isEmpty ? "" : "{" + labels.map { "\($0.name)=\(LabelValue.quoted($0.value))" }.joined(separator: ",") + "}"
    }
}
