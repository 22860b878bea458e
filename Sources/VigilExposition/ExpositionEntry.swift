import VigilModel

/// One line of an exposition, as `ExpositionParser.next()` hands it out.
public enum ExpositionEntry: Sendable, Hashable {
    /// A sample line. Its labels, name, series text and exemplar are read from the parser
    /// (`labels()`, `metricName()`, `withSeriesBytes(_:)`, `exemplar()`) before the next call
    /// to `next()`; the entry itself allocates nothing.
    case sample(ExpositionSample)
    /// `# HELP family text`, the text unescaped (`\\`, `\n`; OpenMetrics also `\"`).
    case help(family: String, text: String)
    /// `# TYPE family type`. Prometheus text's `untyped` is `.unknown`.
    case type(family: String, type: MetricType)
    /// `# UNIT family unit` (OpenMetrics only). An empty unit means none.
    case unit(family: String, unit: String)
    /// Any other `#` line of the Prometheus text format, verbatim after the `#`
    /// (OpenMetrics has no comments).
    case comment(String)
    /// `# EOF`, the last entry of an OpenMetrics exposition. Prometheus text has none: its
    /// `# EOF` lines are comments.
    case eof
}

/// The numbers of a sample line; its text stays in the parser's input.
public struct ExpositionSample: Sendable, Hashable {
    /// Byte offsets of the series text (`name{labels}` exactly as written, or `{"name",…}`)
    /// in the input: a cache key for the series that needs no `Labels`.
    public var series: Range<Int>
    /// The value; every NaN is Prometheus' canonical NaN (`FloatText.normalNaN`).
    public var value: Double
    /// The explicit timestamp in milliseconds, if the line has one. OpenMetrics writes
    /// seconds: they are converted (truncated toward zero, as Prometheus does, and clamped
    /// to the range of `Timestamp`).
    public var timestamp: Timestamp?
    /// Whether the line carries an exemplar (OpenMetrics only); read it with `exemplar()`.
    public var hasExemplar: Bool

    public init(series: Range<Int>, value: Double, timestamp: Timestamp? = nil, hasExemplar: Bool = false) {
        self.series = series
        self.value = value
        self.timestamp = timestamp
        self.hasExemplar = hasExemplar
    }

    /// Equal when every field is; values compare by bit pattern so NaN equals NaN.
    public static func == (a: ExpositionSample, b: ExpositionSample) -> Bool {
        a.series == b.series && a.value.bitPattern == b.value.bitPattern && a.timestamp == b.timestamp
            && a.hasExemplar == b.hasExemplar
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(series)
        hasher.combine(value.bitPattern)
        hasher.combine(timestamp)
        hasher.combine(hasExemplar)
    }
}

/// An OpenMetrics exemplar: ` # {trace_id="…"} 0.67 1700000000.123` after a sample.
public struct Exemplar: Sendable, Hashable, CustomStringConvertible {
    public var labels: Labels
    public var value: Double
    /// Milliseconds since the epoch, converted from the seconds OpenMetrics writes.
    public var timestamp: Timestamp?

    public init(labels: Labels, value: Double, timestamp: Timestamp? = nil) {
        self.labels = labels
        self.value = value
        self.timestamp = timestamp
    }

    public static func == (a: Exemplar, b: Exemplar) -> Bool {
        a.labels == b.labels && a.value.bitPattern == b.value.bitPattern && a.timestamp == b.timestamp
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(labels)
        hasher.combine(value.bitPattern)
        hasher.combine(timestamp)
    }

    /// `{trace_id="a"} 0.5 1700000000123` (timestamp in milliseconds).
    public var description: String {
        "\(labels) \(FloatText.format(value))" + (timestamp.map { " \($0)" } ?? "")
    }
}
