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
