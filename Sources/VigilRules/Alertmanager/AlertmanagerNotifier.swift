import Logging
import Metrics
import ServiceLifecycle
import VigilConfig
import VigilModel

/// Sends alerts to the Alertmanagers of `alerting.alertmanagers` (Prometheus'
/// `notifier.Manager`): external labels are added to each alert (where it lacks the
/// label), and each Alertmanager has its own queue (oldest alerts dropped when full),
/// drained in batches of up to 256 alerts by `POST {path_prefix}/api/v2/alerts`. A failed
/// batch is dropped and counted; the rule groups' resend delay brings the alerts back.
public actor AlertmanagerNotifier: Service {
    public struct Settings: Sendable {
        /// Alerts queued per Alertmanager (`--alertmanager.notification-queue-capacity`).
        public var queueCapacity = 10_000
        public var maxBatchSize = 256
        public var transport: any NotificationTransport = HTTPNotificationTransport()
        public var logger = Logger(label: "vigil.notifier")

        public init() {}
    }

    /// One Alertmanager's queue and counters.
    struct Target: Sendable {
        var url: String
        var timeout: Duration
        var http: HTTPClientConfig
        var queue: [OutgoingAlert] = []
        var status: AlertmanagerStatus
    }

    private let settings: Settings
    private var externalLabels: Labels
    private var targets: [String: Target] = [:]
    private var order: [String] = []
    private var loops: [String: Task<Void, Never>] = [:]
    private var wakeups: [String: AsyncStream<Void>.Continuation] = [:]
    private var running = false

    public init(config: AlertingConfig, externalLabels: Labels = .empty, settings: Settings = Settings()) {
        self.settings = settings
        self.externalLabels = externalLabels
        Gauge(label: "prometheus_notifications_queue_capacity").record(settings.queueCapacity)
        (targets, order) = Self.targets(for: config, keeping: [:])
    }

    /// The POST URLs of the configured Alertmanagers (static targets), in order.
    public static func urls(of config: AlertingConfig) -> [(url: String, timeout: Duration, http: HTTPClientConfig)] {
        var result: [(String, Duration, HTTPClientConfig)] = []
        for alertmanager in config.alertmanagers {
            let prefix = "/" + alertmanager.pathPrefix.split(separator: "/").joined(separator: "/")
            let path = (prefix == "/" ? "" : prefix) + "/api/\(alertmanager.apiVersion)/alerts"
            for group in alertmanager.staticConfigs {
                for target in group.targets {
                    result.append(("\(alertmanager.scheme)://\(target)\(path)", alertmanager.timeout, alertmanager.http))
                }
            }
        }
        return result
    }

    /// Replaces the Alertmanagers (reload); those that stay keep their queue.
    public func apply(_ config: AlertingConfig, externalLabels: Labels) {
        self.externalLabels = externalLabels
        configure(config)
    }

    private static func targets(for config: AlertingConfig, keeping old: [String: Target]) -> ([String: Target], [String]) {
        var next: [String: Target] = [:]
        var order: [String] = []
        for (url, timeout, http) in urls(of: config) where next[url] == nil {
            var target = old[url] ?? Target(url: url, timeout: timeout, http: http, status: AlertmanagerStatus(url: url))
            target.timeout = timeout
            target.http = http
            next[url] = target
            order.append(url)
        }
        return (next, order)
    }

    private func configure(_ config: AlertingConfig) {
        let (next, nextOrder) = Self.targets(for: config, keeping: targets)
        for url in targets.keys where next[url] == nil {
            loops.removeValue(forKey: url)?.cancel()
            wakeups.removeValue(forKey: url)?.finish()
        }
        targets = next
        order = nextOrder
        Gauge(label: "prometheus_notifications_alertmanagers_discovered").record(order.count)
        if running { for url in order where loops[url] == nil { startLoop(url) } }
    }

    /// Queues `alerts` for every Alertmanager.
    public func send(_ alerts: [OutgoingAlert]) {
        guard !alerts.isEmpty else { return }
        let labelled = alerts.map { alert -> OutgoingAlert in
            var alert = alert
            var builder = LabelsBuilder(alert.labels)
            // As Prometheus: external labels never override the alert's own.
            for label in externalLabels where alert.labels[label.name] == nil { builder.set(label.name, label.value) }
            alert.labels = builder.labels
            return alert
        }
        for url in order {
            guard var target = targets[url] else { continue }
            var batch = labelled
            var dropped = 0
            if batch.count > settings.queueCapacity {
                dropped += batch.count - settings.queueCapacity
                batch = Array(batch.suffix(settings.queueCapacity))
            }
            let overflow = target.queue.count + batch.count - settings.queueCapacity
            if overflow > 0 {
                dropped += overflow
                target.queue.removeFirst(overflow)
            }
            target.queue += batch
            if dropped > 0 { count(&target, dropped: dropped) }
            targets[url] = target
            wakeups[url]?.yield()
        }
    }

    /// Runs one send loop per Alertmanager until graceful shutdown (or cancellation).
    public func run() async throws {
        running = true
        for url in order where loops[url] == nil { startLoop(url) }
        try? await gracefulShutdown()
        running = false
        for task in loops.values { task.cancel() }
        for continuation in wakeups.values { continuation.finish() }
        for task in loops.values { await task.value }
        loops = [:]
        wakeups = [:]
    }

    private func startLoop(_ url: String) {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        wakeups[url] = continuation
        if !(targets[url]?.queue.isEmpty ?? true) { continuation.yield() }
        loops[url] = Task { await self.sendLoop(url, wakeups: stream) }
    }

    private func sendLoop(_ url: String, wakeups: AsyncStream<Void>) async {
        for await _ in wakeups {
            while !Task.isCancelled, let batch = nextBatch(url) {
                await sendBatch(batch, to: url)
            }
        }
    }

    private func nextBatch(_ url: String) -> [OutgoingAlert]? {
        guard var target = targets[url], !target.queue.isEmpty else { return nil }
        let batch = Array(target.queue.prefix(settings.maxBatchSize))
        target.queue.removeFirst(batch.count)
        target.status.queueLength = target.queue.count
        targets[url] = target
        return batch
    }

    private func sendBatch(_ alerts: [OutgoingAlert], to url: String) async {
        guard let destination = targets[url] else { return }
        let body = Array(AlertmanagerPayload.encode(alerts).utf8)
        var failure: String?
        do {
            let response = try await settings.transport.post(
                url, body: body, headers: destination.http.authorizationHeaders, timeout: destination.timeout)
            if response.status / 100 != 2 { failure = "bad response status \(response.status)" }
        } catch {
            failure = error.message
        }
        guard var target = targets[url] else { return }
        if let failure {
            settings.logger.error("Error sending alerts", metadata: ["alertmanager": "\(url)", "count": "\(alerts.count)", "err": "\(failure)"])
            target.status.errors += alerts.count
            target.status.lastError = failure
            Counter(label: "prometheus_notifications_errors_total", dimensions: [("alertmanager", url)]).increment(by: alerts.count)
            count(&target, dropped: alerts.count)
        } else {
            target.status.sent += alerts.count
            target.status.lastError = nil
            Counter(label: "prometheus_notifications_sent_total", dimensions: [("alertmanager", url)]).increment(by: alerts.count)
        }
        targets[url] = target
    }

    private func count(_ target: inout Target, dropped: Int) {
        target.status.dropped += dropped
        Counter(label: "prometheus_notifications_dropped_total", dimensions: [("alertmanager", target.url)]).increment(by: dropped)
    }

    /// Every Alertmanager with its counters, for the API (`/api/v1/alertmanagers`) and UI.
    public func status() -> [AlertmanagerStatus] {
        order.compactMap { url in
            guard var status = targets[url]?.status else { return nil }
            status.queueLength = targets[url]?.queue.count ?? 0
            return status
        }
    }
}

/// One Alertmanager as the notifier sees it.
public struct AlertmanagerStatus: Sendable, Hashable {
    public var url: String
    public var sent = 0
    public var errors = 0
    public var dropped = 0
    public var queueLength = 0
    public var lastError: String?
}

/// Alertmanager API v2's `PostableAlerts` JSON, as Prometheus sends it.
enum AlertmanagerPayload {
    static func encode(_ alerts: [OutgoingAlert]) -> String {
        GoJSON.array(alerts.map { alert in
            GoJSON.object([
                ("annotations", GoJSON.stringMap(alert.annotations)),
                ("endsAt", GoJSON.string(dateTime(alert.endsAt))),
                ("startsAt", GoJSON.string(dateTime(alert.startsAt))),
                ("generatorURL", GoJSON.string(alert.generatorURL)),
                ("labels", GoJSON.stringMap(Dictionary(alert.labels.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }))),
            ])
        })
    }

    /// go-openapi's `strfmt.DateTime`: milliseconds, `Z` for UTC.
    static func dateTime(_ t: Timestamp?) -> String {
        (t.map { GoTime(milliseconds: $0) } ?? .zero).format("2006-01-02T15:04:05.000Z07:00")
    }
}
