import VigilModel

/// A pull parser over a whole exposition body: call `next()` until it returns nil.
///
/// Like Prometheus' `textparse.Parser`, it hands out one entry per line and keeps the
/// current sample's text in the input: `labels()`, `metricName()`, `exemplar()` and
/// `withSeriesBytes(_:)` read it until the next call to `next()`. A scrape loop that has
/// seen a series before looks it up by its series bytes and never builds `Labels` for it;
/// parsing a sample allocates nothing.
///
/// By default the parser accepts exactly what Prometheus' scrape parsers accept. With
/// `Options.strict` it also checks every family rule of the format (the OpenMetrics 1.0
/// conformance suite; Prometheus text families as the Pushgateway and `expfmt` check
/// them), keeping a little state per family.
///
/// The first error ends parsing: `next()` throws it again on every later call. A parser
/// is used by one task at a time; it is not `Sendable` because it may borrow memory.
public struct ExpositionParser {
    /// What to check and what to hand out besides the syntax.
    public struct Options: Sendable, Hashable {
        /// Check the format's family rules too (see the type's documentation); off for
        /// scrapes (as Prometheus), on for pushes and `MetricFamily.parse`.
        public var strict: Bool
        /// OpenMetrics only: leave out `_created` samples of counters, summaries and
        /// histograms (as Prometheus with `created-timestamp-zero-ingestion`); read them
        /// with `startTimestamp()` instead. Off by default: Prometheus ingests them as
        /// ordinary series.
        public var skipCreatedSeries: Bool

        public init(strict: Bool = false, skipCreatedSeries: Bool = false) {
            self.strict = strict
            self.skipCreatedSeries = skipCreatedSeries
        }
    }

    private enum Input {
        case array([UInt8])
        case borrowed(UnsafeRawBufferPointer)
    }

    public let format: ExpositionFormat
    public let options: Options
    private let input: Input
    /// Offset of the first byte not yet parsed.
    var offset = 0
    private var finished = false
    /// Set once `# EOF` was returned: the next call ends the input.
    private var sawEOF = false
    private var failure: ExpositionError?
    var spans = SampleSpans()
    /// The type of the last `# TYPE` line, as Prometheus tracks it (it does not notice a
    /// family ending without metadata). Decides `le`/`quantile` normalisation.
    public private(set) var currentType: MetricType = .unknown
    var openMetricsValidator: OpenMetricsValidator?
    var prometheusTextValidator: PrometheusTextValidator?
    /// The family the last entry belongs to, when strict (for `MetricFamily.parse`).
    var lastFamily: String?
    /// The family named by the last HELP, TYPE or UNIT line (Prometheus' `mfNameLen`).
    var metadataFamily = ""
    /// The last `startTimestamp()` answer, by series group.
    var startTimestampCache: (key: String, value: Timestamp?)?

    /// Parses `bytes`, a whole response body. The array is retained, not copied.
    public init(bytes: [UInt8], format: ExpositionFormat, options: Options = Options()) {
        self.format = format
        self.options = options
        input = .array(bytes)
        setUpValidators()
    }

    /// Parses memory the caller owns (a memory-mapped file, a NIO `ByteBuffer`'s readable
    /// bytes) without copying it. The memory must stay valid and unchanged while the
    /// parser or anything read from it with `withSeriesBytes(_:)` is in use.
    public init(unsafeBytes: UnsafeRawBufferPointer, format: ExpositionFormat, options: Options = Options()) {
        self.format = format
        self.options = options
        input = .borrowed(unsafeBytes)
        setUpValidators()
    }

    private mutating func setUpValidators() {
        guard options.strict else { return }
        switch format {
        case .openMetrics: openMetricsValidator = OpenMetricsValidator()
        case .prometheusText: prometheusTextValidator = PrometheusTextValidator()
        }
    }

    /// How many bytes of the input have been parsed: for progress reports.
    public var bytesConsumed: Int { offset }

    /// The next entry, or nil after the last one. Blank lines (Prometheus text) are skipped.
    /// An OpenMetrics exposition ends with `.eof`; one without `# EOF` is an error.
    public mutating func next() throws(ExpositionError) -> ExpositionEntry? {
        if let failure { throw failure }
        if finished { return nil }
        let result: Result<ExpositionEntry?, ExpositionError>
        switch input {
        case .array(let array): result = array.withUnsafeBytes { step($0) }
        case .borrowed(let buffer): result = step(buffer)
        }
        switch result {
        case .success(let entry):
            if entry == nil { finished = true }
            return entry
        case .failure(let error):
            failure = error
            throw error
        }
    }

    private mutating func step(_ buffer: UnsafeRawBufferPointer) -> Result<ExpositionEntry?, ExpositionError> {
        do {
            while true {
                if sawEOF { return .success(nil) }
                let lineStart = offset
                let entry: ExpositionEntry?
                switch format {
                case .prometheusText: entry = try readPrometheusText(buffer)
                case .openMetrics: entry = try readOpenMetrics(buffer)
                }
                guard let entry else {
                    try finishValidation(buffer)
                    return .success(nil)
                }
                if entry == .eof {
                    sawEOF = true
                    try finishValidation(buffer)
                    return .success(entry)
                }
                switch entry {
                case .type(let family, let type):
                    currentType = type
                    metadataFamily = family
                case .help(let family, _), .unit(let family, _):
                    metadataFamily = family
                default:
                    break
                }
                if case .sample = entry, options.skipCreatedSeries, isCreatedSeries(buffer) { continue }
                try validate(entry, lineStart: lineStart, buffer)
                return .success(entry)
            }
        } catch {
            return .failure(error)
        }
    }

    // MARK: - The current sample

    /// Runs `body` over the input memory.
    @inline(__always)
    func withInput<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        switch input {
        case .array(let array): try array.withUnsafeBytes(body)
        case .borrowed(let buffer): try body(buffer)
        }
    }

    /// The label set of the sample `next()` returned last, `__name__` included, with `le`
    /// (histograms) and `quantile` (summaries) values in OpenMetrics' float spelling as
    /// Prometheus writes them (`le="1"` → `le="1.0"`).
    public func labels() -> Labels {
        withInput { $0.labels(of: spans, normalizing: currentType) }
    }

    /// The metric name of the sample `next()` returned last (`http_requests_total`).
    public func metricName() -> String {
        guard let name = spans.name else { return "" }
        return withInput { $0.text(name, escaped: spans.nameEscaped) }
    }

    /// The exemplar of the sample `next()` returned last, if it has one.
    public func exemplar() -> Exemplar? {
        guard spans.hasExemplar else { return nil }
        let labels = withInput { $0.exemplarLabels(of: spans) }
        return Exemplar(labels: labels, value: spans.exemplarValue, timestamp: spans.exemplarTimestamp)
    }

    /// Runs `body` with the series text of the sample `next()` returned last
    /// (`name{labels}` as written), without copying it: the scrape cache's key.
    public func withSeriesBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withInput { try body(UnsafeRawBufferPointer(rebasing: $0[spans.series])) }
    }

    /// A copy of the series text of the sample `next()` returned last.
    public func seriesBytes() -> [UInt8] {
        withSeriesBytes { Array($0) }
    }

    // MARK: - Label names

    /// The label name at `start` (both formats): a plain name, or a quoted UTF-8 one
    /// (`{"a.b"="1"}`, or a quoted metric name). Returns its byte range, whether it held
    /// escapes, whether it was quoted, and the index after it.
    @inline(__always)
    func readLabelName(
        _ buffer: UnsafeRawBufferPointer, at start: Int, allowNewline: Bool
    ) throws(ExpositionError) -> (name: Range<Int>, escaped: Bool, quoted: Bool, after: Int) {
        let byte = buffer[start]
        if Byte.isLabelNameStart(byte) {
            var j = start + 1
            while j < buffer.count, Byte.isLabelNameByte(buffer[j]) { j += 1 }
            return (start..<j, false, false, j)
        }
        guard byte == Byte.quote else {
            throw error(buffer, at: start, "expected label name, got \(buffer.describe(at: start))")
        }
        var after = start
        guard let span = buffer.scanQuoted(at: start, allowNewline: allowNewline, end: &after) else {
            throw error(buffer, at: start, "expected label name, got unterminated quoted string")
        }
        guard !span.nonASCII || buffer.isValidUTF8(span.content) else {
            throw error(buffer, at: start, "invalid UTF-8 label name")
        }
        return (span.content, span.escaped, true, after)
    }

    // MARK: - Errors

    /// A syntax error at `offset` of the input.
    func error(_ buffer: UnsafeRawBufferPointer, at offset: Int, _ message: String) -> ExpositionError {
        ExpositionError.at(offset, in: buffer, .syntax, message)
    }

    /// An error of `kind` at `offset` of the input.
    func error(_ buffer: UnsafeRawBufferPointer, at offset: Int, _ kind: ExpositionError.Kind, _ message: String) -> ExpositionError {
        ExpositionError.at(offset, in: buffer, kind, message)
    }

    /// Checks a label set for repeated names (Prometheus' head refuses such a series and
    /// the scrape fails) and for a `__name__` label beside a metric name.
    func checkUniqueLabelNames(_ buffer: UnsafeRawBufferPointer, lineStart: Int) throws(ExpositionError) {
        let labels = spans.labels
        for (index, label) in labels.enumerated() {
            if spans.name != nil, buffer.bytesEqual(label.name, "__name__") {
                throw error(buffer, at: label.name.lowerBound, .invalid, "label name \"__name__\" is not unique")
            }
            var other = index + 1
            while other < labels.count {
                if buffer.bytesEqual(label.name, labels[other].name) {
                    let name = buffer.text(label.name, escaped: label.nameEscaped)
                    throw error(buffer, at: labels[other].name.lowerBound, .invalid, "label name \(GoQuote.string(name)) is not unique")
                }
                other += 1
            }
        }
    }

    /// Whether the current sample is a `_created` series that `skipCreatedSeries` leaves
    /// out: OpenMetrics, the current TYPE a counter, summary or histogram (as Prometheus'
    /// `isCreatedSeries`).
    private func isCreatedSeries(_ buffer: UnsafeRawBufferPointer) -> Bool {
        guard format == .openMetrics, currentType.hasCreatedSeries, let name = spans.name else { return false }
        return buffer.hasSuffix(name, "_created")
    }
}

extension MetricType {
    /// Counters, summaries and histograms carry `_created` series in OpenMetrics.
    var hasCreatedSeries: Bool {
        self == .counter || self == .summary || self == .histogram
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
