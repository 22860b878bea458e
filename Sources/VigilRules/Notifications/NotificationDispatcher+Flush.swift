import Foundation
import VigilModel

/// One flush of an aggregation group: for each integration of the route's receiver, mute
/// (inhibition, silences), deduplicate against the notification log, send with retries,
/// and log what was sent (Alertmanager's notification pipeline).
extension NotificationDispatcher {
    /// Alertmanager's `AlertSlice` order: by `job`, then `instance`, then the label sets.
    static func alertOrder(_ a: DispatchedAlert, _ b: DispatchedAlert) -> Bool {
        for key in ["job", "instance"] {
            let x = a.labels[key], y = b.labels[key]
            if x == nil && y == nil { continue }
            guard let x else { return false }
            guard let y else { return true }
            if x != y { return x.utf8Precedes(y) }
        }
        if a.labels.count != b.labels.count { return a.labels.count < b.labels.count }
        let names = Set(a.labels.map(\.name) + b.labels.map(\.name)).sorted { $0.utf8Precedes($1) }
        for name in names {
            guard let x = a.labels[name] else { return true }
            guard let y = b.labels[name] else { return false }
            if x != y { return x.utf8Precedes(y) }
        }
        return false
    }

    /// Whether inhibition or a silence mutes `labels` at `now`.
    func isMuted(_ labels: Labels, now: Timestamp) -> Bool {
        if silences.values.contains(where: { $0.mutes(labels, at: now) }) { return true }
        let firing = store.values.filter { !$0.isResolved(at: now) }
        return config.inhibitor.mutes(labels, firing: Array(firing))
    }

    /// Notifies the group's receiver; true when every integration succeeded (or had nothing to say).
    func flush(_ group: AggregationGroup, deadline: Timestamp, now: Timestamp) async -> Bool {
        let alerts = group.alerts.values.sorted(by: Self.alertOrder).filter { !isMuted($0.labels, now: now) }
        guard !alerts.isEmpty else { return true }
        let firing = Set(alerts.filter { !$0.isResolved(at: now) }.map(\.fingerprint))
        let resolved = Set(alerts.filter { $0.isResolved(at: now) }.map(\.fingerprint))
        let receiver = group.route.receiver
        let integrations = config.receivers[receiver] ?? []
        let context = NotificationContext(
            receiver: receiver, groupKey: group.key, groupLabels: group.labels, externalURL: settings.externalURL,
            now: now, templates: config.templates)
        var allSucceeded = true
        await withTaskGroup(of: (Int, Bool).self) { tasks in
            for (index, integration) in integrations.enumerated() {
                let key = NotificationLog.Key(groupKey: group.key, receiver: receiver, integration: "\(integration.kind)[\(index)]")
                guard log.needsUpdate(
                    key, firing: firing, resolved: resolved, sendResolved: integration.sendResolved,
                    repeatInterval: group.route.repeatInterval, now: now)
                else { continue }
                // Without send_resolved, resolved alerts are left out; with only resolved
                // ones there is nothing to send, but the log still records them.
                let sent = integration.sendResolved ? alerts : alerts.filter { !$0.isResolved(at: now) }
                if sent.isEmpty {
                    log.log(key, firing: firing, resolved: resolved, now: now)
                    continue
                }
                tasks.addTask {
                    let ok = await self.send(sent, with: integration, index: index, context: context, deadline: deadline)
                    return (index, ok)
                }
            }
            for await (index, ok) in tasks {
                if ok {
                    let key = NotificationLog.Key(groupKey: group.key, receiver: receiver, integration: "\(integrations[index].kind)[\(index)]")
                    log.log(key, firing: firing, resolved: resolved, now: now)
                } else {
                    allSucceeded = false
                }
            }
        }
        return allSucceeded
    }

    /// Sends with exponential backoff (0.5 s, ×1.5, ±50 %, at most 60 s) until success, an
    /// error not worth retrying, or the deadline.
    func send(
        _ alerts: [DispatchedAlert], with integration: any NotificationIntegration, index: Int, context: NotificationContext,
        deadline: Timestamp
    ) async -> Bool {
        let delivery = DeliveryKey(receiver: context.receiver, integration: integration.kind, index: index)
        metrics.attempted(integration.kind)
        let request: (url: String, body: [UInt8])
        do {
            request = try integration.request(for: alerts, context: context)
        } catch {
            record(delivery, failure: error, alerts: alerts.count)
            return false
        }
        var backoff = 500.0
        var attempts = 0
        var lastFailure = NotificationFailure(message: "notify retry canceled", retry: false, reason: "other")
        while !Task.isCancelled {
            attempts += 1
            let remaining = deadline - settings.wallClock.now()
            let timeout = Duration.milliseconds(max(min(integration.timeout.inMilliseconds, remaining), 1))
            metrics.requested(integration.kind)
            do {
                let response = try await settings.transport.post(
                    request.url, body: request.body, headers: integration.http.authorizationHeaders, timeout: timeout)
                guard let failure = integration.failure(in: response) else {
                    record(delivery, failure: nil, alerts: alerts.count)
                    return true
                }
                lastFailure = failure
            } catch {
                lastFailure = NotificationFailure(
                    message: error.message, retry: true, reason: error.isTimeout ? "contextDeadlineExceeded" : "other")
            }
            metrics.requestFailed(integration.kind)
            noteFailedAttempt(delivery, message: lastFailure.message)
            let jittered = backoff * Double.random(in: 0.5...1.5)
            backoff = min(backoff * 1.5, 60_000)
            guard lastFailure.retry, settings.wallClock.now() + Int64(jittered) < deadline else { break }
            settings.logger.warning("Notify attempt failed, will retry later", metadata: [
                "receiver": "\(context.receiver)", "integration": "\(integration.kind)[\(index)]",
                "attempts": "\(attempts)", "err": "\(lastFailure.message)",
            ])
            do { try await Task.sleep(for: .milliseconds(Int64(jittered))) } catch { break }
        }
        lastFailure.message = "\(context.receiver)/\(integration.kind)[\(index)]: notify retry canceled after \(attempts) attempts: \(lastFailure.message)"
        record(delivery, failure: lastFailure, alerts: alerts.count)
        return false
    }

    /// Shows a failed attempt's error in the UI at once, while retries go on; the delivery
    /// counts as failed only when its retries end.
    private func noteFailedAttempt(_ key: DeliveryKey, message: String) {
        var status = deliveries[key] ?? DeliveryStatus()
        let now = settings.wallClock.now()
        status.lastAttempt = now
        status.lastError = message
        status.lastErrorAt = now
        deliveries[key] = status
    }

    private func record(_ key: DeliveryKey, failure: NotificationFailure?, alerts: Int) {
        var status = deliveries[key] ?? DeliveryStatus()
        let now = settings.wallClock.now()
        status.lastAttempt = now
        if let failure {
            status.failed += 1
            status.lastError = failure.message
            status.lastErrorAt = now
            metrics.failed(key.integration, reason: failure.reason)
            settings.logger.error("Notify for alerts failed", metadata: ["err": "\(failure.message)", "num_alerts": "\(alerts)"])
        } else {
            status.sent += 1
            status.lastSuccess = now
            metrics.sent(key.integration)
        }
        deliveries[key] = status
    }
}
