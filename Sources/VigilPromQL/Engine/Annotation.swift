import VigilModel

/// A warning or an informational note about a query result, as Prometheus'
/// `util/annotations` produces them: the result is still valid, but the user should know.
public struct Annotation: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case warning
        case info
    }

    public var severity: Severity
    /// The message without prefix and position: `quantile value should be between 0 and 1, got 2`.
    public var message: String
    /// UTF-8 offsets into the query of the sub-expression the annotation is about.
    public var range: SourceRange

    public init(_ severity: Severity, _ message: String, range: SourceRange) {
        self.severity = severity
        self.message = message
        self.range = range
    }

    /// `PromQL warning: <message>` — the text without position.
    public var description: String { "PromQL \(severity.rawValue): \(message)" }

    /// The text as Prometheus' HTTP API renders it: `PromQL warning: <message> (1:5)`,
    /// the position being the 1-based line and byte column of `range.lowerBound` in `query`.
    public func rendered(in query: String) -> String {
        if query.isEmpty { return description }
        let start = range.lowerBound
        if start < 0 || start > query.utf8.count { return "\(description) (invalid position)" }
        return "\(description) (\(SourcePosition(of: start, in: query)))"
    }
}

/// The annotations of one evaluation, collected as Prometheus collects them: keyed by their
/// message, so the same message raised at many steps or series is reported once (the last
/// position raised wins), with the forced-monotonicity note of `histogram_quantile` merged
/// over all its occurrences.
struct AnnotationSet {
    private var order: [String] = []
    private var byKey: [String: Entry] = [:]

    private struct Entry {
        var annotation: Annotation
        var monotonicity: MonotonicityFix?
    }

    /// Details of `histogram_quantile`'s monotonicity fix, merged over occurrences.
    struct MonotonicityFix {
        var minTime: Timestamp
        var maxTime: Timestamp
        var minBucket: Double
        var maxBucket: Double
        var maxDiff: Double
        /// Occurrences minus one, as Prometheus counts.
        var merged = 0
    }

    var isEmpty: Bool { order.isEmpty }

    mutating func add(_ annotation: Annotation) {
        let key = annotation.description
        if byKey[key] == nil { order.append(key) }
        byKey[key] = Entry(annotation: annotation, monotonicity: byKey[key]?.monotonicity)
    }

    mutating func add(_ severity: Annotation.Severity, _ message: String, _ range: SourceRange) {
        add(Annotation(severity, message, range: range))
    }

    /// Records a monotonicity fix; occurrences with the same message merge their details.
    mutating func addMonotonicityFix(_ message: String, _ range: SourceRange, _ fix: MonotonicityFix) {
        let annotation = Annotation(.info, message, range: range)
        let key = annotation.description
        guard var entry = byKey[key], var merged = entry.monotonicity else {
            if byKey[key] == nil { order.append(key) }
            byKey[key] = Entry(annotation: annotation, monotonicity: fix)
            return
        }
        merged.minTime = min(merged.minTime, fix.minTime)
        merged.maxTime = max(merged.maxTime, fix.maxTime)
        merged.minBucket = min(merged.minBucket, fix.minBucket)
        merged.maxBucket = max(merged.maxBucket, fix.maxBucket)
        merged.maxDiff = max(merged.maxDiff, fix.maxDiff)
        merged.merged += fix.merged + 1
        entry.monotonicity = merged
        entry.annotation = annotation
        byKey[key] = entry
    }

    mutating func merge(_ other: AnnotationSet) {
        for key in other.order {
            let entry = other.byKey[key]!
            if let fix = entry.monotonicity {
                addMonotonicityFix(entry.annotation.message, entry.annotation.range, fix)
            } else {
                add(entry.annotation)
            }
        }
    }

    /// The annotations in first-raised order, with merged details spelled out.
    var annotations: [Annotation] {
        order.map { key in
            let entry = byKey[key]!
            guard let fix = entry.monotonicity else { return entry.annotation }
            var annotation = entry.annotation
            annotation.message += ", from buckets \(GoFloat.g(fix.minBucket)) to \(GoFloat.g(fix.maxBucket))"
                + ", with a max diff of \(GoFloat.g(fix.maxDiff, precision: 2))"
                + ", over \(fix.merged + 1) samples from \(CivilTime.rfc3339(fix.minTime)) to \(CivilTime.rfc3339(fix.maxTime))"
            return annotation
        }
    }
}
