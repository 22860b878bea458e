import Foundation
import Testing
import VigilConfig
import VigilModel
@testable import VigilRules

/// Against the real Alertmanager (Debian's `prometheus-alertmanager`) on loopback: Vigil's
/// notifier delivers an alert that Alertmanager lists and later resolves, and Alertmanager's
/// own webhook and Slack notifications for it are compared with those of Vigil's built-in
/// dispatcher for the same alert.
@Suite(.serialized)
struct AlertmanagerInteropTests {
    static let externalURL = "http://vigil.example:3000"

    static func alertmanagerYAML(sink: String) -> String {
        """
        route:
          receiver: team
          group_by: [alertname]
          group_wait: 1s
          group_interval: 2s
          repeat_interval: 1h
        receivers:
        - name: team
          webhook_configs:
          - url: \(sink)/am/hook
            send_resolved: true
          slack_configs:
          - api_url: \(sink)/am/slack
            channel: '#alerts'
            send_resolved: true
            title: '{{ template "slack.default.title" . }}'
            text: '{{ range .Alerts }}{{ .Annotations.summary }} {{ end }}'

        """
    }

    static func vigilConfig(sink: String) -> NotificationsConfig {
        var route = Route()
        route.receiver = "team"
        route.groupBy = ["alertname"]
        route.groupWait = .seconds(1)
        route.groupInterval = .seconds(2)
        route.repeatInterval = .seconds(3600)
        var receiver = Receiver(name: "team")
        var webhook = WebhookConfig(url: sink + "/vigil/hook")
        webhook.sendResolved = true
        receiver.webhookConfigs = [webhook]
        var slack = SlackConfig()
        slack.apiURL = sink + "/vigil/slack"
        slack.channel = "#alerts"
        slack.sendResolved = true
        slack.text = "{{ range .Alerts }}{{ .Annotations.summary }} {{ end }}"
        receiver.slackConfigs = [slack]
        var config = NotificationsConfig(route: route)
        config.receivers = [receiver]
        return config
    }

    static func firstBody(_ requests: [HTTPSink.Request], path: String, status: String) -> String? {
        requests.first { $0.path == path && $0.body.contains("\"status\":\"\(status)\"") }?.body
    }

    @Test func notifierDeliversToAlertmanagerAndDispatcherMatchesItsNotifications() async throws {
        guard let executable = AlertmanagerProcess.executable() else {
            print("skipped: prometheus-alertmanager is not installed (apt-get install prometheus-alertmanager)")
            return
        }
        let sink = try await HTTPSink.start()
        let alertmanager = try AlertmanagerProcess(executable: executable, config: Self.alertmanagerYAML(sink: sink.url), externalURL: Self.externalURL)
        defer {
            alertmanager.stop()
            Task { try? await sink.stop() }
        }
        #expect(await alertmanager.waitUntilReady(), "Alertmanager started")

        var alerting = AlertingConfig()
        var target = AlertmanagerConfig()
        target.staticConfigs = [StaticConfig(targets: ["127.0.0.1:\(alertmanager.port)"])]
        alerting.alertmanagers = [target]
        let notifier = AlertmanagerNotifier(config: alerting, externalLabels: ["cluster": "eu-1"])
        let dispatcher = try NotificationDispatcher(config: Self.vigilConfig(sink: sink.url), settings: .init(externalURL: Self.externalURL))
        let runNotifier = Task { try await notifier.run() }
        let runDispatcher = Task { try await dispatcher.run() }
        defer {
            runNotifier.cancel()
            runDispatcher.cancel()
        }

        let startsAt = Timestamp.now() - 5000
        var alert = OutgoingAlert(
            labels: ["alertname": "HighErrorRate", "severity": "critical", "job": "ml-service"],
            annotations: ["summary": "5xx rate above 5 %"], startsAt: startsAt, endsAt: Timestamp.now() + 240_000,
            generatorURL: Self.externalURL + "/graph?g0.expr=x&g0.tab=1")
        await notifier.send([alert])
        var withExternal = alert
        withExternal.labels = withExternal.labels.setting("cluster", to: "eu-1")
        await dispatcher.receive([withExternal])

        // Alertmanager lists the alert, with the external label added.
        var listed = false
        for _ in 0..<100 where !listed {
            if let (_, data) = await alertmanager.get("/api/v2/alerts"), let body = String(data: data, encoding: .utf8) {
                listed = body.contains("\"alertname\":\"HighErrorRate\"") && body.contains("\"cluster\":\"eu-1\"")
            }
            if !listed { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(listed, "the alert appears in Alertmanager")

        var requests = await sink.waitForRequests(4, within: 30)
        let amHook = try #require(Self.firstBody(requests, path: "/am/hook", status: "firing"))
        let vigilHook = try #require(Self.firstBody(requests, path: "/vigil/hook", status: "firing"))
        #expect(vigilHook == amHook, "webhook payloads are byte-identical")
        let amSlack = try #require(requests.first { $0.path == "/am/slack" }?.body)
        let vigilSlack = try #require(requests.first { $0.path == "/vigil/slack" }?.body)
        #expect(Self.normalizeSlack(vigilSlack) == Self.normalizeSlack(amSlack))

        // Resolve: Alertmanager stops listing it and both notify the resolution.
        alert.endsAt = Timestamp.now()
        await notifier.send([alert])
        withExternal.endsAt = alert.endsAt
        await dispatcher.receive([withExternal])
        var gone = false
        for _ in 0..<100 where !gone {
            if let (_, data) = await alertmanager.get("/api/v2/alerts"), let body = String(data: data, encoding: .utf8) {
                gone = !body.contains("HighErrorRate")
            }
            if !gone { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(gone, "the alert resolves in Alertmanager")
        requests = await sink.waitForRequests(8, within: 30)
        let amResolved = try #require(Self.firstBody(requests, path: "/am/hook", status: "resolved"))
        let vigilResolved = try #require(Self.firstBody(requests, path: "/vigil/hook", status: "resolved"))
        #expect(vigilResolved == amResolved, "resolved webhook payloads are byte-identical")
        #expect(await notifier.status().first?.sent == 2)
    }

    /// Vigil names itself and links its own alerts page where Alertmanager does.
    static func normalizeSlack(_ body: String) -> String {
        body.replacingOccurrences(of: "\"username\":\"Alertmanager\"", with: "\"username\":\"Vigil\"")
            .replacingOccurrences(of: "/#/alerts?receiver=", with: "/alerts?receiver=")
    }
}
