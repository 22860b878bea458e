import VigilModel

/// A rule of a group, with what its last evaluation left behind.
public struct Rule: Sendable {
    public enum Kind: Sendable {
        case recording(RecordingRule)
        case alerting(AlertingRule)
    }

    public var kind: Kind
    public var health: RuleHealth = .unknown
    /// The error of the last evaluation, nil after a good one.
    public var lastError: String?
    /// Wall-clock start of the last evaluation (ms).
    public var lastEvaluation: Timestamp?
    public var evaluationDuration: Duration = .zero

    public init(_ kind: Kind) {
        self.kind = kind
    }

    public var name: String {
        switch kind {
        case .recording(let rule): return rule.name
        case .alerting(let rule): return rule.name
        }
    }

    public var expr: String {
        switch kind {
        case .recording(let rule): return rule.expr
        case .alerting(let rule): return rule.expr
        }
    }

    public var labels: Labels {
        switch kind {
        case .recording(let rule): return rule.labels
        case .alerting(let rule): return rule.labels
        }
    }

    /// Prometheus' key for matching rules across reloads: name and labels.
    var identity: String { name + labels.description }
}

/// Health of a rule after its last evaluation, as the API spells it.
public enum RuleHealth: String, Sendable, Hashable, Codable {
    case unknown
    case ok
    case err
}
