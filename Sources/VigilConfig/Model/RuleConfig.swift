import VigilModel

/// A rule file (`groups:`), as Prometheus reads it.
public struct RuleFileConfig: Sendable, Hashable {
    public var file: String
    public var groups: [RuleGroupConfig]

    public init(file: String, groups: [RuleGroupConfig]) {
        self.file = file
        self.groups = groups
    }
}

/// `groups[]`.
public struct RuleGroupConfig: Sendable, Hashable {
    public var name: String
    /// Nil means the global evaluation interval.
    public var interval: Duration?
    /// 0 = no limit on the series a rule may produce.
    public var limit = 0
    public var queryOffset: Duration?
    /// Labels added to every rule of the group (Prometheus 3.x).
    public var labels: Labels = .empty
    public var rules: [RuleConfig] = []
    public var location: ConfigLocation?

    public init(name: String) {
        self.name = name
    }
}

/// One rule: `record` or `alert`, never both.
public struct RuleConfig: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case recording(String)
        case alerting(String)
    }

    public var kind: Kind
    public var expr: String
    /// Where `expr`'s text starts, so PromQL errors can be placed in the file: its first
    /// character (after an opening quote; for `|` and `>` blocks, on the first content line).
    public var exprLocation: ConfigLocation?
    public var forDuration: Duration = .zero
    public var keepFiringFor: Duration = .zero
    /// Label values may hold templates (alerting rules).
    public var labels: [String: String] = [:]
    public var annotations: [String: String] = [:]
    public var location: ConfigLocation?

    public init(kind: Kind, expr: String) {
        self.kind = kind
        self.expr = expr
    }

    public var name: String {
        switch kind {
        case .recording(let name), .alerting(let name): return name
        }
    }

    /// The file position of UTF-8 offset `offset` into `expr` (a PromQL error position).
    ///
    /// Exact for expressions on one line and for `|` blocks, whose lines all start at the
    /// block's indentation; for folded (`>`) or multi-line quoted scalars, where YAML joined
    /// lines, positions after the first line break in the file are approximate.
    public func location(ofExprOffset offset: Int) -> ConfigLocation? {
        guard var location = exprLocation else { return nil }
        let startColumn = location.column
        var consumed = 0
        for scalar in expr.unicodeScalars {
            let width = UTF8.width(scalar)
            if consumed + width > offset { break }
            consumed += width
            if scalar == "\n" {
                location.line += 1
                location.column = startColumn
            } else {
                location.column += 1
            }
        }
        return location
    }
}
