import VigilModel

/// One metric family of a push: name, metadata and samples (labels as pushed, without the
/// grouping labels applied).
public struct PushedFamily: Sendable, Hashable {
    public var name: String
    public var type: MetricType
    public var help: String
    public var unit: String
    public var samples: [PushedSample]

    public init(name: String, type: MetricType = .unknown, help: String = "", unit: String = "", samples: [PushedSample] = []) {
        self.name = name
        self.type = type
        self.help = help
        self.unit = unit
        self.samples = samples
    }

    public var metadata: MetricMetadata { MetricMetadata(type: type, help: help, unit: unit) }
}

/// A pushed sample.
public struct PushedSample: Sendable, Hashable {
    /// `__name__` included.
    public var labels: Labels
    public var value: Double

    public init(labels: Labels, value: Double) {
        self.labels = labels
        self.value = value
    }

    public static func == (a: PushedSample, b: PushedSample) -> Bool {
        a.labels == b.labels && a.value.bitPattern == b.value.bitPattern
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(labels)
        hasher.combine(value.bitPattern)
    }
}


/// Groups the samples of an exposition into families, as the Pushgateway's text parser
/// does: a `# TYPE` line opens a family that takes the samples belonging to it
/// (`_bucket`/`_sum`/`_count` of histograms, `_total` of counters, …); other samples form
/// untyped families of their own name.
enum FamilyGrouping {
    /// The families of `bytes` in order of appearance, or why they are unacceptable.
    static func families(
        _ bytes: [UInt8], parsers: any ScrapeParserFactory
    ) -> Result<[PushedFamily], PushError> {
        parsers.withParser(bytes, contentType: "text/plain; version=0.0.4; charset=utf-8") { parser in
            var families: [PushedFamily] = []
            var index: [String: Int] = [:]
            var helps: [String: String] = [:]
            var units: [String: String] = [:]
            var current: Int?
            func family(_ name: String) -> Int {
                if let existing = index[name] { return existing }
                families.append(PushedFamily(name: name, help: helps[name] ?? "", unit: units[name] ?? ""))
                index[name] = families.count - 1
                return families.count - 1
            }
            while true {
                let entry: ScrapeEntry?
                do throws(ScrapeParseError) { entry = try parser.next() } catch { return .failure(PushError(status: 400, error.message)) }
                guard let entry else { break }
                switch entry {
                case .type(let name, let type):
                    let at = family(name)
                    families[at].type = type
                    current = at
                case .help(let name, let help):
                    helps[name] = help
                    if let at = index[name] { families[at].help = help }
                case .unit(let name, let unit):
                    units[name] = unit
                    if let at = index[name] { families[at].unit = unit }
                case .other: continue
                case .sample(_, let value, let timestamp):
                    guard timestamp == nil else { return .failure(PushError(status: 400, "pushed metrics must not have timestamps")) }
                    let labels = parser.labels()
                    let name = labels.metricName ?? ""
                    let at: Int
                    if let current, belongs(name, to: families[current]) { at = current } else { at = family(name) }
                    families[at].samples.append(PushedSample(labels: labels, value: value))
                }
            }
            return .success(families.filter { !$0.samples.isEmpty || $0.type != .unknown })
        }
    }

    /// Whether sample `name` belongs to `family` (Prometheus' `isSeriesPartOfFamily`).
    static func belongs(_ name: String, to family: PushedFamily) -> Bool {
        let suffixes: [String]
        var familyName = family.name
        switch family.type {
        case .counter:
            if familyName.hasSuffix("_total") { familyName.removeLast(6) }
            suffixes = ["_total", ""]
        case .histogram: suffixes = ["_bucket", "_sum", "_count", ""]
        case .gaugehistogram: suffixes = ["_bucket", "_gsum", "_gcount", ""]
        case .summary: suffixes = ["_sum", "_count", ""]
        case .info:
            if familyName.hasSuffix("_info") { familyName.removeLast(5) }
            suffixes = ["_info", ""]
        default: suffixes = [""]
        }
        return suffixes.contains { name == familyName + $0 }
    }
}
