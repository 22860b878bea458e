/// A template that did not parse or failed while executing. `description` is Go's
/// `text/template` message, e.g. `template: test:1: unclosed action` or
/// `template: test:1:21: executing "test" at <first>: error calling first: …`, so that
/// annotations that show errors read as they do in Prometheus.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case parse
        case execution
    }

    public var kind: Kind
    /// The full message, Go's format.
    public var description: String
    /// 1-based line in the template text.
    public var line: Int
    /// 0-based byte column in that line (Go's), nil for parse errors, which name only a line.
    public var column: Int?

    public init(kind: Kind, description: String, line: Int, column: Int? = nil) {
        self.kind = kind
        self.description = description
        self.line = line
        self.column = column
    }
}
