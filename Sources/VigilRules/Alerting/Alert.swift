import VigilModel

/// The state of one alert instance, as Prometheus names them.
public enum AlertState: String, Sendable, Hashable, Comparable, Codable {
    case inactive
    case pending
    case firing

    private var rank: Int {
        switch self {
        case .inactive: return 1
        case .pending: return 2
        case .firing: return 3
        }
    }

    public static func < (a: AlertState, b: AlertState) -> Bool { a.rank < b.rank }
}

/// One instance of an alerting rule: a label set the rule's expression returned
/// (Prometheus' `rules.Alert`). Times are milliseconds since the epoch; nil where
/// Prometheus holds a zero `time.Time`.
public struct Alert: Sendable, Hashable {
    public var state: AlertState
    /// The sample's labels without `__name__`, plus the rule's expanded labels and `alertname`.
    public var labels: Labels
    /// Expanded annotations (empty values kept, as Prometheus keeps them).
    public var annotations: [String: String]
    /// The value of the expression at the last evaluation.
    public var value: Double
    /// When the condition started to hold (kept across `for` and restarts).
    public var activeAt: Timestamp
    public var firedAt: Timestamp?
    public var resolvedAt: Timestamp?
    public var lastSentAt: Timestamp?
    /// Until when Alertmanager should consider the alert active without hearing again.
    public var validUntil: Timestamp?
    /// When the condition stopped holding while `keep_firing_for` kept the alert firing.
    public var keepFiringSince: Timestamp?

    public init(
        state: AlertState, labels: Labels, annotations: [String: String], value: Double, activeAt: Timestamp
    ) {
        self.state = state
        self.labels = labels
        self.annotations = annotations
        self.value = value
        self.activeAt = activeAt
    }

    /// Prometheus' `needsSending`: firing or just resolved, and not sent within `resendDelay`.
    func needsSending(at ts: Timestamp, resendDelay: Int64) -> Bool {
        if state == .pending { return false }
        // Resolved since the last send: send the resolution now.
        if let resolvedAt, resolvedAt > (lastSentAt ?? Int64.min) { return true }
        guard let lastSentAt else { return true }
        return lastSentAt + resendDelay < ts
    }
}

/// An alert as sent to Alertmanager or the built-in dispatcher (Prometheus'
/// `notifier.Alert`): resolved when `endsAt` is not after now.
public struct OutgoingAlert: Sendable, Hashable {
    public var labels: Labels
    public var annotations: [String: String]
    /// When the alert started firing.
    public var startsAt: Timestamp?
    /// The resolution time, or how long the alert stays valid without a resend.
    public var endsAt: Timestamp?
    /// A link to the expression in the UI.
    public var generatorURL: String

    public init(
        labels: Labels, annotations: [String: String] = [:], startsAt: Timestamp? = nil, endsAt: Timestamp? = nil,
        generatorURL: String = ""
    ) {
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.generatorURL = generatorURL
    }

    /// Whether the alert is resolved at `time` (its `endsAt` is not after it).
    public func isResolved(at time: Timestamp) -> Bool {
        guard let endsAt else { return false }
        return endsAt <= time
    }

    /// The `alertname` label.
    public var name: String { labels[LabelName.alertName] ?? "" }
}
