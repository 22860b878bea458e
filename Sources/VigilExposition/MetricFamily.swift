import VigilModel

/// A metric family with its metadata and samples: what a push body or a `/metrics` page
/// holds, and what `ExpositionEncoder` writes.
public struct MetricFamily: Sendable, Hashable {
    /// The family name (`http_request_duration_seconds`, without `_bucket`, `_total`, …).
    public var name: String
    public var type: MetricType
    /// The HELP text, unescaped; empty when there is none.
    public var help: String
    /// The OpenMetrics UNIT; empty when there is none.
    public var unit: String
    /// The samples in input order.
    public var samples: [MetricSample]

    public init(name: String, type: MetricType = .unknown, help: String = "", unit: String = "", samples: [MetricSample] = []) {
        self.name = name
        self.type = type
        self.help = help
        self.unit = unit
        self.samples = samples
    }

    /// The family's metadata, as `/api/v1/metadata` serves it.
    public var metadata: MetricMetadata {
        MetricMetadata(type: type, help: help, unit: unit)
    }

    /// Parses a whole body into families with every check of strict parsing: clashing or
    /// repeated families, metadata after samples, invalid names and label values for the
    /// type, duplicate series, and (OpenMetrics) everything the conformance suite asks.
    /// For pushes and small files; a large import streams through `ExpositionParser`.
    public static func parse(_ bytes: [UInt8], format: ExpositionFormat) throws(ExpositionError) -> [MetricFamily] {
        var parser = ExpositionParser(bytes: bytes, format: format, options: .init(strict: true))
        var families: [MetricFamily] = []
        var index: [String: Int] = [:]
        func family(_ name: String) -> Int {
            if let found = index[name] { return found }
            families.append(MetricFamily(name: name))
            index[name] = families.count - 1
            return families.count - 1
        }
        while let entry = try parser.next() {
            switch entry {
            case .sample(let sample):
                let at = family(parser.lastFamily ?? parser.metricName())
                families[at].samples.append(MetricSample(
                    labels: parser.labels(), value: sample.value, timestamp: sample.timestamp, exemplar: parser.exemplar()))
            case .help(let name, let text): families[family(name)].help = text
            case .type(let name, let type): families[family(name)].type = type
            case .unit(let name, let unit): families[family(name)].unit = unit
            case .comment, .eof: break
            }
        }
        return families
    }
}

/// One sample of a family.
public struct MetricSample: Sendable, Hashable {
    /// The series labels, `__name__` included (`x_bucket`, `x_total`, …).
    public var labels: Labels
    public var value: Double
    /// The explicit timestamp in milliseconds, if any.
    public var timestamp: Timestamp?
    public var exemplar: Exemplar?

    public init(labels: Labels, value: Double, timestamp: Timestamp? = nil, exemplar: Exemplar? = nil) {
        self.labels = labels
        self.value = value
        self.timestamp = timestamp
        self.exemplar = exemplar
    }

    /// Equal when every field is; values compare by bit pattern so NaN equals NaN.
    public static func == (a: MetricSample, b: MetricSample) -> Bool {
        a.labels == b.labels && a.value.bitPattern == b.value.bitPattern && a.timestamp == b.timestamp
            && a.exemplar == b.exemplar
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(labels)
        hasher.combine(value.bitPattern)
        hasher.combine(timestamp)
        hasher.combine(exemplar)
    }
}
