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
    /// Where `expr`'s text starts, so PromQL errors can be placed in the file.
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
}
