import VigilModel

/// A rule group as the API and UI show it.
public struct RuleGroupStatus: Sendable {
    public var name: String
    public var file: String
    /// Milliseconds.
    public var interval: Int64
    public var limit: Int
    /// Milliseconds; nil when the group has none of its own.
    public var queryOffset: Int64?
    public var rules: [RuleStatus]
    public var evaluationDuration: Duration
    /// Wall-clock time of the last evaluation (ms).
    public var lastEvaluation: Timestamp?
    /// Evaluations skipped because the previous one was still running or late.
    public var iterationsMissed: Int
}

/// One rule as the API and UI show it.
public struct RuleStatus: Sendable {
    public enum Kind: String, Sendable {
        case recording
        case alerting
    }

    public var kind: Kind
    public var name: String
    public var query: String
    public var labels: Labels
    /// Alerting rules only.
    public var annotations: [String: String]
    /// `for` and `keep_firing_for` in milliseconds (alerting rules).
    public var holdDuration: Int64
    public var keepFiringFor: Int64
    public var health: RuleHealth
    public var lastError: String?
    public var lastEvaluation: Timestamp?
    public var evaluationDuration: Duration
    /// The highest state of the rule's alerts; nil for recording rules and before the first
    /// evaluation.
    public var state: AlertState?
    /// Pending, firing and recently resolved alerts, sorted by labels.
    public var alerts: [Alert]

    init(_ rule: Rule) {
        name = rule.name
        query = rule.expr
        labels = rule.labels
        health = rule.health
        lastError = rule.lastError
        lastEvaluation = rule.lastEvaluation
        evaluationDuration = rule.evaluationDuration
        switch rule.kind {
        case .recording:
            kind = .recording
            annotations = [:]
            holdDuration = 0
            keepFiringFor = 0
            state = nil
            alerts = []
        case .alerting(let alerting):
            kind = .alerting
            annotations = alerting.annotations
            holdDuration = alerting.holdDuration
            keepFiringFor = alerting.keepFiringFor
            state = rule.lastEvaluation == nil ? nil : alerting.state
            alerts = alerting.alerts
        }
    }

    /// Alerts that are still active (pending or firing), as `/api/v1/alerts` lists them.
    public var activeAlerts: [Alert] { alerts.filter { $0.resolvedAt == nil } }
}
