import Synchronization
import Logging
import VigilConfig
import VigilModel
import VigilPromQL
import VigilRules
import VigilScrape

/// Rules, the Alertmanager notifier and the built-in notification dispatcher, built from
/// one config and re-configured together on reload.
struct AlertingServices: ConfigSubscriber {
    let rules: RuleManager
    let alertmanagers: AlertmanagerNotifier
    let notifications: NotificationDispatcher
    /// The alert relabeling of the current config, read for every batch of alerts.
    private let relabeling: AlertRelabeling

    init(config: VigilConfiguration, engine: Engine, storage: any Appender & Queryable, externalURL: String, logger: Logger) throws {
        relabeling = AlertRelabeling(config.alerting.alertRelabelConfigs)
        alertmanagers = AlertmanagerNotifier(config: config.alerting, externalLabels: config.global.externalLabels)
        notifications = try NotificationDispatcher(config: Self.notificationsConfig(config))
        var environment = RuleEnvironment(
            engine: TimedRuleQueryEngine(PromQLRuleEngine(engine: engine, queryable: storage)), appender: storage, queryable: storage,
            notify: { [alertmanagers, notifications, relabeling] alerts in
                let relabeled = relabeling.apply(alerts)
                guard !relabeled.isEmpty else { return }
                await alertmanagers.send(relabeled)
                await notifications.receive(relabeled)
            })
        environment.externalLabels = config.global.externalLabels
        environment.externalURL = externalURL
        environment.logger = logger
        rules = RuleManager(environment: environment)
    }

    /// Loads the rule files and applies everything; throws (rejecting a reload) when a rule
    /// file or the notifications section does not load.
    func apply(_ config: VigilConfiguration) async throws {
        let ruleFiles = try RuleFileLoader.loadAll(for: config)
        let problems = ruleFiles.files.flatMap(RuleChecker.check).filter { !$0.isWarning }
        if !problems.isEmpty {
            throw RuleFilesRejected(problems: problems.map(\.description))
        }
        try await notifications.apply(
            Self.notificationsConfig(config),
            templateFiles: NotificationTemplates.readFiles(config.notifications ?? Self.silent, relativeTo: config.directory))
        await alertmanagers.apply(config.alerting, externalLabels: config.global.externalLabels)
        relabeling.update(config.alerting.alertRelabelConfigs)
        await rules.apply(config, ruleFiles: ruleFiles)
    }

    /// The built-in receivers an alert with these labels is sent to, after alert relabeling.
    func receivers(of labels: Labels) async -> Set<String> {
        guard let relabeled = relabeling.apply(to: labels) else { return [] }
        return await notifications.receivers(of: relabeled)
    }

    /// Without a `notifications` section alerts go to a receiver that sends nothing.
    static let silent: NotificationsConfig = {
        var route = Route()
        route.receiver = "none"
        var config = NotificationsConfig(route: route)
        config.receivers = [Receiver(name: "none")]
        return config
    }()

    static func notificationsConfig(_ config: VigilConfiguration) -> NotificationsConfig {
        config.notifications ?? silent
    }
}

/// Rule files that loaded but hold errors (bad PromQL, bad templates).
struct RuleFilesRejected: Error, CustomStringConvertible {
    let problems: [String]
    var description: String { problems.joined(separator: "\n") }
}

/// `alerting.alert_relabel_configs`, applied to alerts before any notifier sees them.
final class AlertRelabeling: Sendable {
    private let configs: Mutex<[RelabelConfig]>

    init(_ configs: [RelabelConfig]) {
        self.configs = Mutex(configs)
    }

    func update(_ configs: [RelabelConfig]) {
        self.configs.withLock { $0 = configs }
    }

    /// One alert's labels relabeled; nil when relabeling drops it.
    func apply(to labels: Labels) -> Labels? {
        let configs = self.configs.withLock { $0 }
        guard !configs.isEmpty else { return labels }
        guard let relabeled = Relabeler.process(labels, configs), !relabeled.isEmpty else { return nil }
        return relabeled
    }

    /// The alerts with relabeled labels; alerts relabeling drops are left out.
    func apply(_ alerts: [OutgoingAlert]) -> [OutgoingAlert] {
        let configs = self.configs.withLock { $0 }
        guard !configs.isEmpty else { return alerts }
        return alerts.compactMap { alert in
            guard let labels = Relabeler.process(alert.labels, configs), !labels.isEmpty else { return nil }
            var relabeled = alert
            relabeled.labels = labels
            return relabeled
        }
    }
}
