import Foundation
import Logging
import ServiceLifecycle
import VigilConfig
import VigilModel

/// Vigil's built-in Alertmanager: takes alerts from the rule groups, routes them through
/// `notifications.route`, groups them per route and `group_by` labels, and notifies the
/// route's receiver after `group_wait`, then every `group_interval` while something changed,
/// and every `repeat_interval` while nothing did (Alertmanager's dispatcher, notification
/// log and retrying integrations). Inhibition rules and silences mute alerts.
public actor NotificationDispatcher: Service {
    /// Everything besides the configuration.
    public struct Settings: Sendable {
        /// Where users reach Vigil (`.ExternalURL` in templates).
        public var externalURL: String
        public var transport: any NotificationTransport
        public var wallClock: any WallClock
        public var logger: Logger

        public init(
            externalURL: String = "", transport: any NotificationTransport = HTTPNotificationTransport(),
            wallClock: any WallClock = SystemWallClock(), logger: Logger = Logger(label: "vigil.notifications")
        ) {
            self.externalURL = externalURL
            self.transport = transport
            self.wallClock = wallClock
            self.logger = logger
        }
    }

    struct GroupID: Hashable, Sendable {
        var route: Int
        var labels: Labels
    }

    struct AggregationGroup: Sendable {
        var route: RouteNode
        var labels: Labels
        var alerts: [AlertFingerprint: DispatchedAlert] = [:]
        /// Alertmanager's group key: the route's key and the group labels.
        var key: String { route.key + ":" + labels.description }
    }

    let settings: Settings
    var config: Configured
    var store: [AlertFingerprint: DispatchedAlert] = [:]
    var groups: [GroupID: AggregationGroup] = [:]
    var tasks: [GroupID: Task<Void, Never>] = [:]
    var log = NotificationLog()
    var silences: [String: Silence] = [:]
    var deliveries: [DeliveryKey: DeliveryStatus] = [:]
    var running = false
    let metrics = NotificationMetrics()

    /// The configuration resolved into a route tree, integrations and templates.
    struct Configured: Sendable {
        var root: RouteNode
        var routes: [Int: RouteNode]
        var receivers: [String: [any NotificationIntegration]]
        var templates: NotificationTemplates
        var inhibitor: Inhibitor
        var resolveTimeout: Int64
    }

    /// Builds the dispatcher; `templateFiles` are the contents of `notifications.templates`.
    public init(
        config: NotificationsConfig, templateFiles: [(name: String, text: String)] = [], settings: Settings = Settings()
    ) throws(NotificationConfigError) {
        self.settings = settings
        self.config = try Self.configure(config, templateFiles: templateFiles)
    }

    static func configure(_ config: NotificationsConfig, templateFiles: [(name: String, text: String)]) throws(NotificationConfigError) -> Configured {
        let root = RouteNode(root: config.route)
        var receivers: [String: [any NotificationIntegration]] = [:]
        for receiver in config.receivers {
            var integrations: [any NotificationIntegration] = []
            integrations += receiver.webhookConfigs.map { WebhookIntegration(config: $0) }
            for slack in receiver.slackConfigs {
                guard let url = slack.apiURL ?? config.global.slackAPIURL else {
                    throw NotificationConfigError("receiver \(receiver.name): no api_url for slack_configs and no global slack_api_url")
                }
                integrations.append(SlackIntegration(config: slack, url: url))
            }
            integrations += receiver.msteamsConfigs.map { MSTeamsIntegration(config: $0) }
            integrations += receiver.msteamsV2Configs.map { MSTeamsV2Integration(config: $0) }
            receivers[receiver.name] = integrations
        }
        for node in root.allNodes where receivers[node.receiver] == nil {
            throw NotificationConfigError("undefined receiver \(GoQuote.string(node.receiver)) used in route")
        }
        let templates: NotificationTemplates
        do {
            templates = try NotificationTemplates(files: templateFiles)
        } catch {
            throw NotificationConfigError(error.description)
        }
        return Configured(
            root: root, routes: Dictionary(root.allNodes.map { ($0.index, $0) }, uniquingKeysWith: { a, _ in a }),
            receivers: receivers, templates: templates, inhibitor: Inhibitor(rules: config.inhibitRules),
            resolveTimeout: config.global.resolveTimeout.inMilliseconds)
    }

    /// Replaces the configuration (reload). Alerts, silences and the notification log are
    /// kept; aggregation groups are rebuilt from the kept alerts, and the log keeps
    /// receivers from being notified again of what they already know.
    public func apply(_ config: NotificationsConfig, templateFiles: [(name: String, text: String)] = []) throws(NotificationConfigError) {
        self.config = try Self.configure(config, templateFiles: templateFiles)
        for task in tasks.values { task.cancel() }
        tasks = [:]
        groups = [:]
        let now = settings.wallClock.now()
        for alert in store.values.sorted(by: { $0.fingerprint < $1.fingerprint }) { route(alert, now: now) }
    }

    // MARK: - Receiving

    /// The receivers the routing tree sends an alert with these labels to (what the UI's
    /// `/alerts?receiver=` links of notifications select by).
    public func receivers(of labels: Labels) -> Set<String> {
        Set(config.root.match(labels).map(\.receiver))
    }

    /// Takes in alerts as Alertmanager's `POST /api/v2/alerts` does: alerts without an end
    /// resolve after `resolve_timeout` unless sent again; an update overlapping the alert
    /// held is merged with it.
    public func receive(_ alerts: [OutgoingAlert]) {
        let now = settings.wallClock.now()
        for outgoing in alerts {
            var alert = DispatchedAlert(outgoing, now: now, resolveTimeout: config.resolveTimeout)
            if let old = store[alert.fingerprint], old.overlaps(alert) {
                alert = old.merged(with: alert, now: now)
            }
            store[alert.fingerprint] = alert
            route(alert, now: now)
        }
        // Forget alerts resolved a while ago (Alertmanager's garbage collection).
        store = store.filter { !$0.value.isResolved(at: now - 15 * 60_000) }
    }

    private func route(_ alert: DispatchedAlert, now: Timestamp) {
        for node in config.root.match(alert.labels) {
            let id = GroupID(route: node.index, labels: node.groupLabels(of: alert.labels))
            if groups[id] != nil {
                groups[id]!.alerts[alert.fingerprint] = alert
                continue
            }
            var group = AggregationGroup(route: node, labels: id.labels)
            group.alerts[alert.fingerprint] = alert
            groups[id] = group
            // An alert already older than group_wait is notified at once.
            let wait = alert.startsAt + node.groupWait < now ? 0 : node.groupWait
            if running { start(id, firstFlushAt: now + wait) }
        }
    }

    // MARK: - Running

    /// Notifies until graceful shutdown (or cancellation).
    public func run() async throws {
        running = true
        let now = settings.wallClock.now()
        for (id, group) in groups where tasks[id] == nil {
            let oldest = group.alerts.values.map(\.startsAt).min() ?? now
            start(id, firstFlushAt: oldest + group.route.groupWait < now ? now : now + group.route.groupWait)
        }
        try? await gracefulShutdown()
        running = false
        for task in tasks.values { task.cancel() }
        for task in tasks.values { await task.value }
        tasks = [:]
    }

    private func start(_ id: GroupID, firstFlushAt: Timestamp) {
        tasks[id] = Task { await self.groupLoop(id, firstFlushAt: firstFlushAt) }
    }

    /// One aggregation group's timer: flush at `firstFlushAt`, then every `group_interval`
    /// counted from the start of the previous flush, until the group is empty.
    private func groupLoop(_ id: GroupID, firstFlushAt: Timestamp) async {
        var next = firstFlushAt
        while !Task.isCancelled {
            let wait = next - settings.wallClock.now()
            if wait > 0 {
                do { try await Task.sleep(for: .milliseconds(wait)) } catch { return }
            }
            guard let group = groups[id] else { return }
            let started = settings.wallClock.now()
            next = started + group.route.groupInterval
            let snapshot = group.alerts
            if !snapshot.isEmpty {
                let succeeded = await flush(group, deadline: started + max(group.route.groupInterval, 10_000), now: started)
                if succeeded { removeNotifiedResolved(id, snapshot: snapshot, now: started) }
            }
            if groups[id]?.alerts.isEmpty ?? true {
                groups[id] = nil
                tasks[id] = nil
                return
            }
        }
    }

    /// Drops resolved alerts that were notified, unless they changed meanwhile.
    private func removeNotifiedResolved(_ id: GroupID, snapshot: [AlertFingerprint: DispatchedAlert], now: Timestamp) {
        for (fingerprint, alert) in snapshot where alert.isResolved(at: now) {
            if groups[id]?.alerts[fingerprint] == alert { groups[id]?.alerts[fingerprint] = nil }
        }
    }
}

/// A `notifications` section that cannot run (an unknown receiver, a bad template).
public struct NotificationConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
