import Foundation
import Testing
import VigilConfig
import VigilModel
@testable import VigilRules

/// The built-in dispatcher against a loopback HTTP sink: what arrives, grouped how, when.
/// Timing is checked only as lower bounds (a notification never comes before its
/// group_wait or group_interval), which holds on any machine.
@Suite(.serialized)
struct NotificationDispatcherTests {
    static func config(url: String, groupWait: Duration = .milliseconds(300), groupInterval: Duration = .milliseconds(900),
                       repeatInterval: Duration = .seconds(60), sendResolved: Bool = true) -> NotificationsConfig {
        var route = Route()
        route.receiver = "team"
        route.groupBy = ["alertname"]
        route.groupWait = groupWait
        route.groupInterval = groupInterval
        route.repeatInterval = repeatInterval
        var receiver = Receiver(name: "team")
        var webhook = WebhookConfig(url: url + "/hook")
        webhook.sendResolved = sendResolved
        receiver.webhookConfigs = [webhook]
        var config = NotificationsConfig(route: route)
        config.receivers = [receiver]
        return config
    }

    static func alert(_ instance: String, starts: Timestamp, ends: Timestamp?) -> OutgoingAlert {
        OutgoingAlert(
            labels: ["alertname": "HighErrorRate", "instance": instance, "severity": "critical"],
            annotations: ["summary": "5xx over 5 %"], startsAt: starts, endsAt: ends, generatorURL: "http://vigil/graph")
    }

    /// Decodes the webhook bodies: per notification, status and `instance:status` of each alert.
    static func summary(_ requests: [HTTPSink.Request]) throws -> [String] {
        try requests.map { request in
            let json = try #require(try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])
            let alerts = (json["alerts"] as? [[String: Any]] ?? []).map { alert in
                "\((alert["labels"] as? [String: String])?["instance"] ?? "?"):\(alert["status"] as? String ?? "?")"
            }
            return "\(json["status"] as? String ?? "?") \(alerts.joined(separator: ","))"
        }
    }

    @Test func groupsAlertsWaitsAndNotifiesResolution() async throws {
        let sink = try await HTTPSink.start()
        defer { Task { try? await sink.stop() } }
        let dispatcher = try NotificationDispatcher(
            config: Self.config(url: sink.url), settings: .init(externalURL: "http://vigil:3000"))
        let running = Task { try await dispatcher.run() }
        defer { running.cancel() }
        let start = Date()
        let now = Timestamp.now()
        await dispatcher.receive([Self.alert("a", starts: now, ends: now + 60_000), Self.alert("b", starts: now, ends: now + 60_000)])
        let first = await sink.waitForRequests(1)
        let firstDelay = Date().timeIntervalSince(start)
        #expect(try Self.summary(first) == ["firing a:firing,b:firing"], "one notification for the group")
        #expect(firstDelay >= 0.3, "not before group_wait")
        #expect(first.first?.path == "/hook")

        let resolvedAt = Timestamp.now()
        await dispatcher.receive([Self.alert("b", starts: now, ends: resolvedAt)])
        let second = await sink.waitForRequests(2)
        #expect(try Self.summary(second).dropFirst() == ["firing a:firing,b:resolved"])
        // The group's timer restarts when a flush starts: group_wait, then group_interval.
        #expect(Date().timeIntervalSince(start) >= 1.2, "not before group_wait + group_interval")

        // Nothing changed: no notification until the repeat interval.
        try await Task.sleep(for: .milliseconds(2000))
        #expect(sink.requests.count == 2)
        let status = await dispatcher.status()
        #expect(status.deliveries[DeliveryKey(receiver: "team", integration: "webhook", index: 0)]?.sent == 2)
        #expect(status.groups.first?.alerts.count == 1, "the resolved alert was dropped after notifying")
    }

    @Test func webhookPayloadIsAlertmanagersVersion4() async throws {
        let sink = try await HTTPSink.start()
        defer { Task { try? await sink.stop() } }
        let dispatcher = try NotificationDispatcher(
            config: Self.config(url: sink.url, groupWait: .zero), settings: .init(externalURL: "http://vigil:3000"))
        let running = Task { try await dispatcher.run() }
        defer { running.cancel() }
        await dispatcher.receive([Self.alert("a", starts: 1_700_000_000_123, ends: nil)])
        let request = try #require(await sink.waitForRequests(1).first)
        #expect(request.body == #"""
            {"receiver":"team","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"HighErrorRate","instance":"a","severity":"critical"},"annotations":{"summary":"5xx over 5 %"},"startsAt":"2023-11-14T22:13:20.123Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://vigil/graph","fingerprint":"\#(AlertFingerprint(Self.alert("a", starts: 0, ends: nil).labels).hex)"}],"groupLabels":{"alertname":"HighErrorRate"},"commonLabels":{"alertname":"HighErrorRate","instance":"a","severity":"critical"},"commonAnnotations":{"summary":"5xx over 5 %"},"externalURL":"http://vigil:3000","version":"4","groupKey":"{}:{alertname=\"HighErrorRate\"}","truncatedAlerts":0}

            """#)
    }

    @Test func retriesServerErrorsButNotClientErrors() async throws {
        let retried = try await HTTPSink.start(statuses: [503])
        let rejected = try await HTTPSink.start(statuses: [400, 400, 400], body: "bad payload")
        defer { Task { try? await retried.stop(); try? await rejected.stop() } }
        for (sink, expectedRequests, sent) in [(retried, 2, 1), (rejected, 1, 0)] {
            let dispatcher = try NotificationDispatcher(config: Self.config(url: sink.url, groupWait: .zero, groupInterval: .seconds(20)))
            let running = Task { try await dispatcher.run() }
            await dispatcher.receive([Self.alert("a", starts: Timestamp.now(), ends: nil)])
            _ = await sink.waitForRequests(expectedRequests)
            try await Task.sleep(for: .milliseconds(1500))
            #expect(sink.requests.count == expectedRequests)
            let delivery = await dispatcher.status().deliveries[DeliveryKey(receiver: "team", integration: "webhook", index: 0)]
            #expect(delivery?.sent == sent)
            if sent == 0 {
                #expect(delivery?.lastError?.contains("unexpected status code 400: bad payload") == true)
            }
            running.cancel()
        }
    }

    @Test func receiversSendTheirCredentials() async throws {
        let sink = try await HTTPSink.start()
        defer { Task { try? await sink.stop() } }
        var config = Self.config(url: sink.url, groupWait: .zero)
        config.receivers[0].webhookConfigs[0].http.basicAuth = BasicAuth(username: "vigil", password: "s3cret")
        let dispatcher = try NotificationDispatcher(config: config)
        let running = Task { try await dispatcher.run() }
        defer { running.cancel() }
        await dispatcher.receive([Self.alert("a", starts: Timestamp.now(), ends: nil)])
        let request = try #require(await sink.waitForRequests(1).first)
        #expect(request.authorization == "Basic " + Data("vigil:s3cret".utf8).base64EncodedString())
    }

    @Test func silencedAlertsAreNotNotified() async throws {
        let sink = try await HTTPSink.start()
        defer { Task { try? await sink.stop() } }
        let dispatcher = try NotificationDispatcher(config: Self.config(url: sink.url, groupWait: .zero))
        let now = Timestamp.now()
        await dispatcher.addSilence(
            matchers: [.equal("instance", "a")], startsAt: now - 1000, endsAt: now + 3_600_000, createdBy: "ops", comment: "maintenance")
        let running = Task { try await dispatcher.run() }
        defer { running.cancel() }
        await dispatcher.receive([Self.alert("a", starts: now, ends: nil), Self.alert("b", starts: now, ends: nil)])
        let requests = await sink.waitForRequests(1)
        #expect(try Self.summary(requests) == ["firing b:firing"])
    }
}
