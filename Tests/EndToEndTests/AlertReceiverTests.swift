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
}
