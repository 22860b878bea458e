import VigilModel

/// An error of parsing, checking or evaluating a PromQL query.
///
/// Syntax and type errors carry the position of the offending text and print as
/// Prometheus' `ParseErr.Error()` does: `1:5: parse error: unexpected "}" in label matching`.
/// Errors of evaluation (`.execution`, `.timeout`, …) print their message alone, as
/// Prometheus' engine errors do (`query timed out in expression evaluation`).
public struct PromQLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, bounded (safe as a metric label or an API `errorType` switch).
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The query does not follow the grammar (Prometheus `ParseErr`).
        case syntax
        /// The query parses but its types do not fit (also a `ParseErr` in Prometheus).
        case type
        /// Evaluation failed (Prometheus `errorExec`): bad data, too many samples, …
        case execution
        /// Evaluation exceeded its time limit (`ErrQueryTimeout`).
        case timeout
        /// Evaluation was cancelled by the caller (`ErrQueryCanceled`).
        case canceled
        /// Reading from storage failed (`ErrStorage`).
        case storage
    }

    /// The bounded category.
    public var kind: Kind
    /// The message without position: `unexpected end of input inside braces`.
    public var message: String
    /// UTF-8 offsets into `query` of the offending text (empty range at the point of failure).
    public var range: SourceRange
    /// The query text the range refers to.
    public var query: String

    /// An error at `range` of `query`.
    public init(_ kind: Kind, _ message: String, range: SourceRange = 0..<0, query: String = "") {
        self.kind = kind
        self.message = message
        self.range = range
        self.query = query
    }

    /// Whether this error belongs to parsing (syntax or type), i.e. Prometheus' `bad_data`.
    public var isParseError: Bool { kind == .syntax || kind == .type }

    /// The `line:column` of the start of `range`, as Prometheus' `StartPosInput` prints it
    /// (`unknown position` for an empty query, `invalid position` when out of bounds).
    public var position: String {
        if query.isEmpty { return "unknown position" }
        let start = range.lowerBound
        if start < 0 || start > query.utf8.count { return "invalid position" }
        return SourcePosition(of: start, in: query).description
    }

    /// `1:5: parse error: message` for parse errors, the bare message otherwise.
    public var description: String {
        isParseError ? "\(position): parse error: \(message)" : message
    }
}
