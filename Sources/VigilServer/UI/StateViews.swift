import VigilConfig
import VigilDashboard
import VigilModel
import VigilRules
import VigilScrape
import VigilStorage

/// The running parts' state as the pages show it: scrape targets, rule groups, alerts
/// and storage figures, converted to VigilDashboard's plain view values.
enum StateViews {
    // MARK: - Targets

    /// Every scrape pool in config order with its active targets, sorted by URL.
    /// `samplesScraped` comes from the stored `scrape_samples_scraped` by job and instance.
    static func targetPools(_ manager: ScrapeManager, samplesScraped: [Labels: Int] = [:]) async -> [TargetPoolView] {
        var pools: [TargetPoolView] = []
        for pool in await manager.scrapePools() {
            var targets: [TargetView] = []
            for status in await manager.statuses(of: pool) {
                targets.append(targetView(status, samplesScraped: samplesScraped))
            }
            pools.append(TargetPoolView(job: pool, targets: targets))
        }
        return pools
    }

    /// One target; the sample count only for a target that is up.
    static func targetView(_ status: TargetStatus, samplesScraped: [Labels: Int] = [:]) -> TargetView {
        let target = status.target
        let health: VigilDashboard.TargetHealth
        switch status.health {
        case .up: health = .up
        case .down: health = .down
        case .unknown: health = .unknown
        }
        let key = jobAndInstance(target.publicLabels)
        return TargetView(
            scrapeURL: target.url, health: health, labels: target.publicLabels, discoveredLabels: target.discoveredLabels,
            lastScrape: status.lastScrape, lastScrapeDuration: status.lastScrape == nil ? nil : Double(status.lastScrapeDuration.nanoseconds) / 1e9,
            lastError: status.lastError.isEmpty ? nil : status.lastError,
            scrapeInterval: target.interval.inMilliseconds, scrapeTimeout: target.timeout.inMilliseconds,
            samplesScraped: status.health == .up ? samplesScraped[key] : nil)
    }

    /// The `job` and `instance` labels of a series or target: how scrape report series
    /// (`scrape_samples_scraped`) are matched to targets.
    static func jobAndInstance(_ labels: Labels) -> Labels {
        var builder = LabelsBuilder()
        builder.set(LabelName.job, labels[LabelName.job] ?? "")
        builder.set(LabelName.instance, labels[LabelName.instance] ?? "")
        return builder.labels
    }

    // MARK: - Rules and alerts

    /// Rule groups in the rule manager's order.
    static func ruleGroups(_ groups: [RuleGroupStatus]) -> [RuleGroupView] {
        groups.map { group in
            RuleGroupView(
                name: group.name, file: group.file, interval: group.interval, lastEvaluation: group.lastEvaluation,
                evaluationDuration: group.lastEvaluation == nil ? nil : seconds(group.evaluationDuration),
                rules: group.rules.map(ruleView))
        }
    }

    /// One rule; durations only once it was evaluated.
    static func ruleView(_ rule: RuleStatus) -> RuleView {
        let health: VigilDashboard.RuleHealth
        switch rule.health {
        case .ok: health = .ok
        case .err: health = .err
        case .unknown: health = .unknown
        }
        return RuleView(
            kind: rule.kind == .recording ? .recording(rule.name) : .alerting(rule.name), expr: rule.query, labels: rule.labels,
            holdDuration: rule.holdDuration, state: rule.state.map(alertState), annotations: ordered(rule.annotations), health: health,
            lastError: rule.lastError, lastEvaluation: rule.lastEvaluation,
            evaluationDuration: rule.lastEvaluation == nil ? nil : seconds(rule.evaluationDuration))
    }

    /// Every alerting rule with its active (pending or firing) alerts.
    static func alertRules(_ groups: [RuleGroupStatus]) -> [AlertRuleView] {
        groups.flatMap { group in
            group.rules.filter { $0.kind == .alerting }.map { rule in
                AlertRuleView(
                    name: rule.name, expr: rule.query, holdDuration: rule.holdDuration, labels: rule.labels, annotations: ordered(rule.annotations),
                    group: group.name, file: group.file, alerts: rule.activeAlerts.map { alertView($0, rule: rule.name) }, lastError: rule.lastError)
            }
        }
    }

    /// One active alert, named by its `alertname` label.
    static func alertView(_ alert: Alert, rule: String) -> AlertView {
        AlertView(
            name: alert.labels[LabelName.alertName] ?? rule, state: alertState(alert.state), labels: alert.labels,
            annotations: ordered(alert.annotations), activeSince: alert.activeAt, value: alert.value)
    }

    /// VigilRules' alert state as the pages name it.
    /// Deliveries of the built-in receivers' integrations, then of each Alertmanager.
    static func deliveries(_ notifications: NotificationStatus, alertmanagers: [AlertmanagerStatus]) -> [NotificationDelivery] {
        let integrations = notifications.deliveries.sorted {
            ($0.key.receiver, $0.key.integration, $0.key.index) < ($1.key.receiver, $1.key.integration, $1.key.index)
        }
        let builtIn = integrations.map { key, status in
            NotificationDelivery(
                destination: key.receiver, detail: key.index == 0 ? key.integration : "\(key.integration) #\(key.index + 1)",
                sent: status.sent, failed: status.failed, lastSuccess: status.lastSuccess, lastError: status.lastError,
                lastErrorTime: status.lastErrorAt)
        }
        return builtIn
            + alertmanagers.map { status in
                NotificationDelivery(
                    destination: "Alertmanager", detail: status.url, sent: status.sent, failed: status.errors, lastError: status.lastError)
            }
    }

    static func alertState(_ state: VigilRules.AlertState) -> VigilDashboard.AlertState {
        switch state {
        case .inactive: return .inactive
        case .pending: return .pending
        case .firing: return .firing
        }
    }

    /// Annotations as people read them: summary and description first, then the rest by name.
    static func ordered(_ annotations: [String: String]) -> [(name: String, value: String)] {
        let first = ["summary", "description"]
        let known = first.compactMap { name in annotations[name].map { (name: name, value: $0) } }
        let rest = annotations.filter { !first.contains($0.key) }.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        return known + rest
    }

    // MARK: - Storage

    /// The Status page's storage card and top-10 lists. Blocking (walks the label index):
    /// call it off the cooperative pool.
    static func storageStatus(_ storage: Storage, retention: Duration) -> StorageStatus {
        let stats = storage.stats(limit: 10)
        return StorageStatus(
            series: stats.series, samples: stats.samples, sizeBytes: stats.bytes, oldest: stats.headStats.minTime, newest: stats.headStats.maxTime,
            retention: retention.inMilliseconds, topMetrics: stats.seriesCountByMetricName.map { ($0.name, $0.value) },
            topLabels: stats.labelValueCountByLabelName.map { ($0.name, $0.value) })
    }

    /// A duration in seconds.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.nanoseconds) / 1e9
    }
}
