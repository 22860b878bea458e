/// One float sample of a series.
public struct Sample: Sendable, Hashable {
    /// Milliseconds since the epoch.
    public var t: Timestamp
    public var v: Double

    public init(t: Timestamp, v: Double) {
        self.t = t
        self.v = v
    }

    /// Equal when timestamps match and values are bit-identical (so NaN equals NaN).
    public static func == (a: Sample, b: Sample) -> Bool {
        a.t == b.t && a.v.bitPattern == b.v.bitPattern
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(t)
        hasher.combine(v.bitPattern)
    }
}

/// Prometheus' staleness marker: a NaN with a reserved bit pattern, distinct from any
/// NaN a target can expose. A series whose latest sample is a marker has ended.
public enum StaleMarker {
    public static let bitPattern: UInt64 = 0x7ff0_0000_0000_0002
    public static let value = Double(bitPattern: bitPattern)

    /// Whether `value` is the staleness marker (not merely NaN).
    @inlinable public static func isStale(_ value: Double) -> Bool {
        value.bitPattern == bitPattern
    }
}

/// The kind of a metric family, as exposition formats declare it.
public enum MetricType: String, Sendable, Hashable, CaseIterable {
    case counter, gauge, histogram, gaugehistogram, summary, info, stateset
    case unknown
}

/// What a target says about a metric family: its type, help text and unit.
public struct MetricMetadata: Sendable, Hashable {
    public var type: MetricType
    public var help: String
    public var unit: String

    public init(type: MetricType = .unknown, help: String = "", unit: String = "") {
        self.type = type
        self.help = help
        self.unit = unit
    }
}
