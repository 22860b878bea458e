import VigilModel
import VigilPromQL

/// An alerting rule and the state of its alerts: Prometheus' `AlertingRule`, as a value.
///
/// `evaluate` is the whole lifecycle, pure given the expression's result: new label sets
/// become pending, pending alerts fire once active for `for`, alerts whose label set
/// disappeared resolve (or keep firing for `keep_firing_for`), and resolved alerts are
/// remembered for 15 minutes so Alertmanager hears of the resolution.
public struct AlertingRule: Sendable {
    public let name: String
    public let expr: String
    /// `for`, in milliseconds.
    public let holdDuration: Int64
    /// `keep_firing_for`, in milliseconds.
    public let keepFiringFor: Int64
    /// Label values may be templates.
    public let labels: Labels
    public let annotations: [String: String]

    /// Active alerts (pending, firing, and resolved ones still retained), by label set.
    public private(set) var active: [Labels: Alert] = [:]
    /// False until the `for` state was restored from `ALERTS_FOR_STATE` after a start;
    /// `ALERTS` and `ALERTS_FOR_STATE` are written only once restored.
    public var restored: Bool

    /// How long resolved alerts are kept and re-sent (Prometheus' `resolvedRetention`).
    public static let resolvedRetention: Int64 = 15 * 60_000
    public static let alertsMetricName = "ALERTS"
    public static let forStateMetricName = "ALERTS_FOR_STATE"
    public static let alertStateLabel = "alertstate"

    public init(
        name: String, expr: String, holdDuration: Int64 = 0, keepFiringFor: Int64 = 0, labels: Labels = .empty,
        annotations: [String: String] = [:], restored: Bool = true
    ) {
        self.name = name
        self.expr = expr
        self.holdDuration = holdDuration
        self.keepFiringFor = keepFiringFor
        self.labels = labels
        self.annotations = annotations
        self.restored = restored
    }

    /// Alerts sorted by label set, for stable output.
    public var alerts: [Alert] { active.values.sorted { $0.labels < $1.labels } }

    /// The highest state of any alert (`inactive` when none).
    public var state: AlertState { active.values.map(\.state).max() ?? .inactive }

    // MARK: - Evaluation

    /// One evaluation at `ts` with the expression's result `vector` (queried at
    /// `ts - queryOffset`). Returns the `ALERTS` and `ALERTS_FOR_STATE` samples to write
    /// (none before restoration). Throws when two samples give the same alert label set or
    /// when more than `limit` alerts are active (then all state is dropped, as Prometheus).
    public mutating func evaluate(
        _ vector: [VectorSample], at ts: Timestamp, queryOffset: Int64 = 0, template: AlertTemplate, limit: Int = 0
    ) throws(RuleEvaluationError) -> [VectorSample] {
        var current: [Labels: Alert] = [:]
        let name = self.name
        for sample in vector {
            func expand(_ text: String) -> String {
                template.expand(text, alertName: name, labels: sample.labels, value: sample.v, time: ts)
            }
            var builder = LabelsBuilder(sample.labels)
            builder.delete(LabelName.metric)
            for label in labels { builder.set(label.name, expand(label.value)) }
            builder.set(LabelName.alertName, name)
            let alertLabels = builder.labels
            var expanded: [String: String] = [:]
            for (key, text) in annotations { expanded[key] = expand(text) }
            guard current[alertLabels] == nil else {
                throw RuleEvaluationError("vector contains metrics with the same labelset after applying alert labels")
            }
            current[alertLabels] = Alert(state: .pending, labels: alertLabels, annotations: expanded, value: sample.v, activeAt: ts)
        }
        for (labels, alert) in current {
            // An alert already pending or firing keeps its times; value and annotations update.
            if var existing = active[labels], existing.state != .inactive {
                existing.value = alert.value
                existing.annotations = alert.annotations
                active[labels] = existing
            } else {
                active[labels] = alert
            }
        }
        var output: [VectorSample] = []
        var activeCount = 0
        for key in active.keys.sorted(by: <) {
            guard var alert = active[key] else { continue }
            if current[key] == nil {
                var keepFiring = false
                if alert.state == .firing && keepFiringFor > 0 {
                    if alert.keepFiringSince == nil { alert.keepFiringSince = ts }
                    keepFiring = ts - alert.keepFiringSince! < keepFiringFor
                }
                // Pending alerts go at once; resolved ones after the retention period.
                let expired = alert.resolvedAt.map { ts - $0 > Self.resolvedRetention } ?? false
                if alert.state == .pending || expired {
                    active[key] = nil
                }
                if alert.state != .inactive && !keepFiring {
                    alert.state = .inactive
                    alert.resolvedAt = ts
                }
                if active[key] != nil { active[key] = alert }
                if !keepFiring { continue }
            } else {
                alert.keepFiringSince = nil
            }
            activeCount += 1
            if alert.state == .pending && ts - alert.activeAt >= holdDuration {
                alert.state = .firing
                alert.firedAt = ts
            }
            // A longer `for` after a reload turns a firing alert back into a pending one.
            if alert.state == .firing && ts - alert.activeAt < holdDuration {
                alert.state = .pending
                alert.firedAt = nil
                alert.lastSentAt = nil
                alert.keepFiringSince = nil
            }
            active[key] = alert
            if restored {
                output.append(alertsSample(alert, at: ts - queryOffset))
                output.append(forStateSample(alert, at: ts - queryOffset))
            }
        }
        if limit > 0 && activeCount > limit {
            active = [:]
            throw RuleEvaluationError("exceeded limit of \(limit) with \(activeCount) alerts")
        }
        return output
    }

    /// `ALERTS{alertname, alertstate, …} 1`.
    func alertsSample(_ alert: Alert, at t: Timestamp) -> VectorSample {
        var builder = LabelsBuilder(labels)
        for label in alert.labels { builder.set(label.name, label.value) }
        builder.set(LabelName.metric, Self.alertsMetricName)
        builder.set(LabelName.alertName, name)
        builder.set(Self.alertStateLabel, alert.state.rawValue)
        return VectorSample(labels: builder.labels, t: t, v: 1)
    }

    /// `ALERTS_FOR_STATE{alertname, …}` with the active time in whole seconds.
    func forStateSample(_ alert: Alert, at t: Timestamp) -> VectorSample {
        var builder = LabelsBuilder(labels)
        for label in alert.labels { builder.set(label.name, label.value) }
        builder.set(LabelName.metric, Self.forStateMetricName)
        builder.set(LabelName.alertName, name)
        return VectorSample(labels: builder.labels, t: t, v: Double(GoTime.floorDiv(alert.activeAt, 1000)))
    }

    /// Matchers for every `ALERTS_FOR_STATE` series of this rule: its name and its static
    /// labels (templated ones skipped, since their values vary per alert).
    public var forStateMatchers: [LabelMatcher] {
        var matchers = [LabelMatcher.equal(LabelName.metric, Self.forStateMetricName), .equal(LabelName.alertName, name)]
        for label in labels where !label.value.contains("{{") && label.name != LabelName.alertName {
            matchers.append(.equal(label.name, label.value))
        }
        return matchers
    }

    // MARK: - Sending

    /// Alerts due to be sent at `ts` (firing ones every `resendDelay`, resolutions once and
    /// during retention), marked as sent. `endsAt` is the resolution time, or
    /// `ts + 4 × max(interval, resendDelay)` so that two missed evaluations or sends do not
    /// resolve the alert in Alertmanager.
    public mutating func alertsToSend(
        at ts: Timestamp, resendDelay: Int64, interval: Int64, generatorURL: String
    ) -> [OutgoingAlert] {
        var out: [OutgoingAlert] = []
        for key in active.keys.sorted(by: <) {
            guard var alert = active[key], alert.needsSending(at: ts, resendDelay: resendDelay) else { continue }
            alert.lastSentAt = ts
            alert.validUntil = ts + 4 * max(interval, resendDelay)
            active[key] = alert
            out.append(OutgoingAlert(
                labels: alert.labels, annotations: alert.annotations, startsAt: alert.firedAt,
                endsAt: alert.resolvedAt ?? alert.validUntil, generatorURL: generatorURL))
        }
        return out
    }

    // MARK: - State across reloads and restarts

    /// Takes over the alerts of the same rule from before a reload.
    public mutating func adoptState(of previous: AlertingRule) {
        for (key, alert) in previous.active { active[key] = alert }
    }

    /// Restores active times from the last `ALERTS_FOR_STATE` samples (by alert label set,
    /// `alertname` included) after a restart, as Prometheus' `RestoreForState`: the time
    /// spent pending before going down counts, the downtime does not, and an alert whose
    /// `for` would end within `forGracePeriod` of now gets that grace period.
    public mutating func restore(
        from lastSamples: [Labels: Sample], now: Timestamp, forGracePeriod: Int64
    ) {
        defer { restored = true }
        guard holdDuration >= forGracePeriod, !lastSamples.isEmpty else { return }
        for key in active.keys {
            guard var alert = active[key], let sample = lastSamples[alert.labels], !StaleMarker.isStale(sample.v) else { continue }
            let downAt = GoTime.floorDiv(sample.t, 1000) * 1000
            var restoredActiveAt = Int64(sample.v) * 1000
            let timeSpentPending = downAt - restoredActiveAt
            let timeRemainingPending = holdDuration - timeSpentPending
            if timeRemainingPending <= 0 {
                // Was firing or about to: keep the original active time.
            } else if timeRemainingPending < forGracePeriod {
                restoredActiveAt = now + forGracePeriod - holdDuration
            } else {
                restoredActiveAt += now - downAt
            }
            alert.activeAt = restoredActiveAt
            active[key] = alert
        }
    }
}

/// A rule evaluation that failed; the rule's health becomes `err` with this message.
public struct RuleEvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
