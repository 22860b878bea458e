import Foundation
import Synchronization
import Testing
import VigilConfig
import VigilModel
import VigilPromQL
@testable import VigilRules

/// The walkthrough's rules end to end in real time: a simulated service answers 10 % of its
/// requests with 500 for a few seconds, then none. `HighErrorRate` (the seed's expression,
/// unchanged; only `for` shortened to 2 s) goes pending, fires, is delivered once — grouped
/// — to a webhook sink by the built-in dispatcher and once to the real Alertmanager, and
/// resolves once the error ratio over the window falls below 5 %.
@Suite(.serialized)
struct SeedEndToEndTests {
    static let seedRules = """
        groups:
        - name: mlops-recording
          rules:
          - record: job:http_request_duration_seconds:p90
            expr: histogram_quantile(0.90, sum(rate(http_request_latency_seconds_bucket[5m])) by (le))
        - name: mlops-alerts
          rules:
          - alert: HighErrorRate
            expr: |
              (sum(rate(http_requests_total{status=~"5.."}[5m])) /
              sum(rate(http_requests_total[5m]))) > 0.05
            for: 5m
            labels:
              severity: critical
            annotations:
              summary: 5xx‑Fehlerrate über 5 %
              description: Die 5xx/s‑Rate der letzten 5 Minuten hat den Grenzwert überschritten.

        """

    /// The service as scraped: every 250 ms, 20 more requests; 10 % of them 500 while
    /// `failing` is set; latencies in the histogram's buckets.
    final class Service: Sendable {
        let failing = Atomic<Bool>(true)
        let store: MemorySeriesStore
        init(store: MemorySeriesStore) { self.store = store }

        func run() async {
            var ok = 0.0, errors = 0.0, buckets = [0.0, 0.0, 0.0]
            while !Task.isCancelled {
                let failing = failing.load(ordering: .relaxed)
                ok += failing ? 18 : 20
                errors += failing ? 2 : 0
                buckets[0] += 10; buckets[1] += 18; buckets[2] += 20
                let t = Timestamp.now()
                let base: Labels = ["job": "ml-service", "instance": "localhost:8000", "path": "/predict", "method": "GET"]
                var batch = AppendBatch()
                batch.append(base.setting("__name__", to: "http_requests_total").setting("status", to: "200"), t: t, v: ok)
                batch.append(base.setting("__name__", to: "http_requests_total").setting("status", to: "500"), t: t, v: errors)
                for (le, count) in zip(["0.1", "0.5", "+Inf"], buckets) {
                    batch.append(base.removing(["status"]).setting("__name__", to: "http_request_latency_seconds_bucket").setting("le", to: le), t: t, v: count)
                }
                store.appendNow(batch)
                try? await Task.sleep(for: .milliseconds(250))
            }
        }
    }

    @Test func highErrorRateFiresNotifiesAndResolves() async throws {
        let store = MemorySeriesStore()
        let sink = try await HTTPSink.start()
        var alertmanager: AlertmanagerProcess?
        if let executable = AlertmanagerProcess.executable() {
            alertmanager = try AlertmanagerProcess(
                executable: executable,
                config: "route:\n  receiver: devnull\nreceivers:\n- name: devnull\n", externalURL: "http://vigil:3000")
        } else {
            print("note: prometheus-alertmanager is not installed; the Alertmanager half of this test is skipped")
        }
        defer {
            alertmanager?.stop()
            Task { try? await sink.stop() }
        }
        if let alertmanager { #expect(await alertmanager.waitUntilReady()) }

        // Notifications: the built-in dispatcher to the sink, the notifier to Alertmanager.
        var route = Route()
        route.receiver = "slack-like"
        route.groupBy = ["alertname"]
        route.groupWait = .seconds(1)
        route.groupInterval = .seconds(1)
        var receiver = Receiver(name: "slack-like")
        receiver.webhookConfigs = [WebhookConfig(url: sink.url + "/seed")]
        var notifications = NotificationsConfig(route: route)
        notifications.receivers = [receiver]
        let dispatcher = try NotificationDispatcher(config: notifications, settings: .init(externalURL: "http://vigil:3000"))
        var alerting = AlertingConfig()
        if let alertmanager {
            var target = AlertmanagerConfig()
            target.staticConfigs = [StaticConfig(targets: ["127.0.0.1:\(alertmanager.port)"])]
            alerting.alertmanagers = [target]
        }
        let notifier = AlertmanagerNotifier(config: alerting)

        var environment = RuleEnvironment(engine: PromQLRuleEngine(queryable: store), appender: store, queryable: store) { alerts in
            await notifier.send(alerts)
            await dispatcher.receive(alerts)
        }
        environment.externalURL = "http://vigil:3000"
        let manager = RuleManager(environment: environment)
        let rules = try RuleFileLoader.parse(yaml: Self.seedRules.replacingOccurrences(of: "for: 5m", with: "for: 2s"), file: "seed.yml").file
        await manager.apply([rules], defaultInterval: .milliseconds(500))

        let service = Service(store: store)
        let tasks: [Task<Void, Never>] = [
            Task { await service.run() },
            Task { try? await manager.run() },
            Task { try? await dispatcher.run() },
            Task { try? await notifier.run() },
        ]
        defer { for task in tasks { task.cancel() } }

        func alertState() async -> AlertState? {
            await manager.status().flatMap(\.rules).first { $0.name == "HighErrorRate" }?.alerts.first?.state
        }
        func eventually(_ seconds: Double, _ condition: () async -> Bool) async -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if await condition() { return true }
                try? await Task.sleep(for: .milliseconds(100))
            }
            return false
        }

        #expect(await eventually(20) { await alertState() == .pending }, "pending first")
        #expect(await eventually(20) { await alertState() == .firing }, "firing after for")
        let firing = await sink.waitForRequests(1)
        #expect(firing.count == 1 && firing[0].body.contains("\"status\":\"firing\""))
        #expect(firing.first?.body.contains("\"summary\":\"5xx‑Fehlerrate über 5 %\"") == true)
        if let alertmanager {
            #expect(await eventually(20) {
                guard let (_, data) = await alertmanager.get("/api/v2/alerts") else { return false }
                let body = String(decoding: data, as: UTF8.self)
                return body.components(separatedBy: "\"alertname\":\"HighErrorRate\"").count == 2
            }, "exactly one alert in Alertmanager")
        }
        #expect(try store.querier().select([.equal("__name__", "job:http_request_duration_seconds:p90")], mint: 0, maxt: .max).count == 1,
                "the recording rule writes")

        // The errors stop; the ratio over the window falls below 5 % and the alert resolves.
        service.failing.store(false, ordering: .relaxed)
        #expect(await eventually(60) { await alertState() == .inactive }, "resolved when the errors stop")
        let all = await sink.waitForRequests(2, within: 20)
        #expect(all.count == 2, "one firing and one resolved notification")
        #expect(all.last?.body.contains("\"status\":\"resolved\"") == true)
        if let alertmanager {
            #expect(await eventually(20) {
                guard let (_, data) = await alertmanager.get("/api/v2/alerts") else { return false }
                return !String(decoding: data, as: UTF8.self).contains("HighErrorRate")
            }, "resolved in Alertmanager")
        }
    }
}
