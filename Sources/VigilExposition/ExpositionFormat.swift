import VigilModel

/// The text exposition formats Vigil reads: which parser a scrape response needs.
public enum ExpositionFormat: String, Sendable, Hashable, CaseIterable {
    /// Prometheus text format 0.0.4 (`text/plain; version=0.0.4`), also read for
    /// `text/plain; version=1.0.0`, which only adds quoted UTF-8 names.
    case prometheusText
    /// OpenMetrics 1.0 text (`application/openmetrics-text; version=1.0.0`).
    case openMetrics

    /// The `Accept` header Prometheus 3.x sends on scrapes by default (its
    /// `scrape_protocols` without protobuf, `metric_name_escaping_scheme: allow-utf-8`).
    /// Vigil reads every format it names except protobuf, which it does not ask for.
    public static let acceptHeader =
        "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
        + "application/openmetrics-text;version=0.0.1;q=0.5,"
        + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,"
        + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2"

    /// The `Accept` header Prometheus 2.42 sends on scrapes (without protobuf), for
    /// targets that misread the 3.x one.
    public static let legacyAcceptHeader =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
        + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"

    /// The `Content-Type` Vigil writes for this format.
    public var contentType: String {
        switch self {
        case .prometheusText: "text/plain; version=0.0.4; charset=utf-8"
        case .openMetrics: "application/openmetrics-text; version=1.0.0; charset=utf-8"
        }
    }

    /// The format a `Content-Type` value names: `application/openmetrics-text` (any
    /// version) is OpenMetrics, `text/plain` (any version) the Prometheus text format, as
    /// Prometheus' `textparse.New` decides. Nil for a blank, malformed or other media type.
    public init?(contentType: String) {
        guard let mediaType = Self.mediaType(of: contentType) else { return nil }
        switch mediaType {
        case "application/openmetrics-text": self = .openMetrics
        case "text/plain": self = .prometheusText
        default: return nil
        }
    }

    /// The outcome of choosing a parser for a response.
    public struct Negotiation: Sendable, Hashable {
        /// The format to parse the body with.
        public var format: ExpositionFormat
        /// Set when the fallback was used: why, worded as Prometheus logs it.
        public var warning: String?

        public init(format: ExpositionFormat, warning: String? = nil) {
            self.format = format
            self.warning = warning
        }
    }

    /// Chooses the parser for a scrape response as Prometheus does: the format the
    /// `Content-Type` names; for a missing, malformed or unsupported one, `fallback` with a
    /// warning (Prometheus 3.x `fallback_scrape_protocol`). Vigil's scrape loop passes
    /// `.prometheusText`, as Prometheus 2.x behaved; with `fallback: nil` such a response
    /// fails with a `.contentType` error, as in Prometheus 3.x without a fallback.
    public static func negotiate(
        contentType: String?, fallback: ExpositionFormat? = .prometheusText
    ) throws(ExpositionError) -> Negotiation {
        let value = contentType ?? ""
        if let format = ExpositionFormat(contentType: value) { return Negotiation(format: format) }
        let problem: String
        if value.allSatisfy({ $0 == " " || $0 == "\t" }) {
            problem = "non-compliant scrape target sending blank Content-Type"
        } else if mediaType(of: value) == nil {
            problem = "could not parse received Content-Type \(GoQuote.string(value))"
        } else {
            problem = "received unsupported Content-Type \(GoQuote.string(value))"
        }
        guard let fallback else {
            throw ExpositionError(.contentType, "\(problem) and no fallback_scrape_protocol specified for target")
        }
        return Negotiation(format: fallback, warning: "\(problem), using fallback format \(fallback.rawValue)")
    }

    /// The lower-cased `type/subtype` of a media type value, or nil when it is not of that
    /// shape (RFC 9110 tokens; parameters after `;` are ignored but must be `name=value`).
    static func mediaType(of value: String) -> String? {
        var parts = value.split(separator: ";", omittingEmptySubsequences: false).makeIterator()
        guard let head = parts.next() else { return nil }
        let type = head.trimmingSpaces().lowercased()
        let pieces = type.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 2, pieces.allSatisfy({ !$0.isEmpty && $0.allSatisfy(isTokenCharacter) }) else { return nil }
        var seen: Set<String> = []
        while let parameter = parts.next() {
            let trimmed = parameter.trimmingSpaces()
            guard let equals = trimmed.firstIndex(of: "=") else { return nil }
            let name = trimmed[..<equals].lowercased()
            guard !name.isEmpty, name.allSatisfy(isTokenCharacter), seen.insert(name).inserted else { return nil }
        }
        return type
    }

    private static func isTokenCharacter(_ c: Character) -> Bool {
        guard let ascii = c.asciiValue, ascii > 32, ascii < 127 else { return false }
        return !"()<>@,;:\\\"/[]?={}".contains(c)
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var s = self
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return s
    }
}
