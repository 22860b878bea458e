import Foundation
import Metrics
import VigilModel

/// Identifies one integration of one receiver, e.g. the second webhook of `team-x`.
public struct DeliveryKey: Sendable, Hashable {
    public var receiver: String
    /// `webhook`, `slack`, `msteams`, `msteamsv2`.
    public var integration: String
    /// Position among the receiver's integrations of that kind.
    public var index: Int
}

/// How one integration has been doing, for the UI (last delivery error).
public struct DeliveryStatus: Sendable, Hashable {
    public var sent = 0
    public var failed = 0
    public var lastAttempt: Timestamp?
    public var lastSuccess: Timestamp?
    public var lastError: String?
    public var lastErrorAt: Timestamp?
}

/// The dispatcher's state for the API and UI.
public struct NotificationStatus: Sendable {
    public struct Group: Sendable {
        public var receiver: String
        public var groupKey: String
        public var labels: Labels
        public var alerts: [DispatchedAlert]
    }

    public var groups: [Group]
    public var deliveries: [DeliveryKey: DeliveryStatus]
    public var silences: [Silence]
}

/// Alertmanager's notification metrics (`alertmanager_notifications_total`,
/// `alertmanager_notifications_failed_total{reason}`, `alertmanager_notification_requests_total`,
/// `alertmanager_notification_requests_failed_total`), labelled by integration.
struct NotificationMetrics: Sendable {
    func attempted(_ integration: String) {
        Counter(label: "alertmanager_notifications_total", dimensions: [("integration", integration)]).increment()
    }

    func sent(_ integration: String) {
        Counter(label: "vigil_notifications_sent_total", dimensions: [("integration", integration)]).increment()
    }

    func failed(_ integration: String, reason: String) {
        Counter(label: "alertmanager_notifications_failed_total", dimensions: [("integration", integration), ("reason", reason)]).increment()
    }

    func requested(_ integration: String) {
        Counter(label: "alertmanager_notification_requests_total", dimensions: [("integration", integration)]).increment()
    }

    func requestFailed(_ integration: String) {
        Counter(label: "alertmanager_notification_requests_failed_total", dimensions: [("integration", integration)]).increment()
    }
}

extension NotificationDispatcher {
    /// Groups with their alerts, delivery outcomes and silences.
    public func status() -> NotificationStatus {
        let groups = self.groups.values.sorted { $0.key < $1.key }.map { group in
            NotificationStatus.Group(
                receiver: group.route.receiver, groupKey: group.key, labels: group.labels,
                alerts: group.alerts.values.sorted(by: Self.alertOrder))
        }
        return NotificationStatus(
            groups: groups, deliveries: deliveries, silences: silences.values.sorted { $0.startsAt < $1.startsAt })
    }

    /// Every alert held, sorted, with whether inhibition or a silence mutes it now.
    public func alerts() -> [(alert: DispatchedAlert, muted: Bool)] {
        let now = settings.wallClock.now()
        return store.values.sorted(by: Self.alertOrder).map { ($0, isMuted($0.labels, now: now)) }
    }

    // MARK: - Silences

    /// Adds a silence; returns its id.
    @discardableResult
    public func addSilence(matchers: [LabelMatcher], startsAt: Timestamp, endsAt: Timestamp, createdBy: String, comment: String) -> String {
        let id = UUID().uuidString.lowercased()
        silences[id] = Silence(id: id, matchers: matchers, startsAt: startsAt, endsAt: endsAt, createdBy: createdBy, comment: comment)
        return id
    }

    /// Ends a silence now; false when there is none with that id.
    @discardableResult
    public func expireSilence(id: String) -> Bool {
        guard var silence = silences[id] else { return false }
        let now = settings.wallClock.now()
        silence.endsAt = min(silence.endsAt, now)
        silence.startsAt = min(silence.startsAt, now)
        silences[id] = silence
        return true
    }
}
