import Foundation
import Testing

/// The `/alerts?receiver=NAME` links that notifications carry select the alerts the
/// routing tree sends to that receiver.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct AlertReceiverTests {
    static let config = """
        global: {evaluation_interval: 1s}
        scrape_configs: []
        rule_groups:
          - name: receivers
            rules:
              - alert: PagerAlert
                expr: vector(1)
                labels: {severity: page}
              - alert: TicketAlert
                expr: vector(2)
                labels: {severity: ticket}
        notifications:
          route:
            receiver: tickets
            routes:
              - matchers: ['severity="page"']
                receiver: pager
          receivers:
            - name: tickets
            - name: pager
            - name: nobody
        """

    @Test(arguments: [
        ("pager", ["PagerAlert"], ["TicketAlert"]),
        ("tickets", ["TicketAlert"], ["PagerAlert"]),
        ("nobody", ["No alerts for nobody"], ["PagerAlert", "TicketAlert"]),
        ("", ["PagerAlert", "TicketAlert"], []),
    ])
    func alertsOfAReceiver(_ receiver: String, _ shown: [String], _ hidden: [String]) async throws {
        let vigil = try await VigilProcess.start(config: Self.config)
        defer { Task { await vigil.stop() } }
        _ = try await Eventually { try await JSONReply.get(vigil.baseURL + "/api/v1/alerts") }
            .until { ($0.data["alerts"] as? [[String: Any]])?.count == 2 }
        let page = try await HTTP.get(vigil.baseURL + "/alerts?receiver=" + receiver)
        #expect(page.status == 200)
        for text in shown { #expect(page.body.contains(text), "\(receiver): \(text) missing") }
        for text in hidden { #expect(!page.body.contains(text), "\(receiver): \(text) shown") }
    }

    /// Failed deliveries show on the Alerts page with their error (a receiver and an
    /// Alertmanager that both refuse connections).
    @Test func deliveryErrorsAreShown() async throws {
        let config = """
            global: {evaluation_interval: 1s}
            scrape_configs: []
            alerting:
              alertmanagers:
                - static_configs: [{targets: ["127.0.0.1:1"]}]
            rule_groups:
              - name: deliveries
                rules:
                  - alert: Always
                    expr: vector(1)
            notifications:
              route: {receiver: hook, group_wait: 1s}
              receivers:
                - name: hook
                  webhook_configs: [{url: "http://127.0.0.1:1/hook"}]
            """
        let vigil = try await VigilProcess.start(config: config)
        defer { Task { await vigil.stop() } }
        let page = try await Eventually(timeout: .seconds(60)) { try await HTTP.get(vigil.baseURL + "/alerts") }
            .until { $0.body.contains("<h2>Notifications</h2>") && $0.body.components(separatedBy: "class=\"err-text\"").count >= 3 }
        #expect(page.body.contains("<h2>Notifications</h2>"), "\(vigil.log)")
        #expect(page.body.contains("<td>hook</td><td><code>webhook</code></td>"))
        #expect(page.body.contains("<td>Alertmanager</td>"))
        #expect(page.body.components(separatedBy: "class=\"err-text\"").count >= 3, "both destinations show their last error")
    }
}
