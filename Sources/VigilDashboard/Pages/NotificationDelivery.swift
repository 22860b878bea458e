import VigilModel

/// Where alerts were delivered and how that went: one built-in receiver integration
/// (`team/slack#1`) or one Alertmanager, as the Alerts page lists them.
public struct NotificationDelivery: Sendable, Hashable {
    /// `receiver / integration` or `Alertmanager`.
    public var destination: String
    /// The integration kind (`webhook`, `slack`, `msteams`) or the Alertmanager's URL.
    public var detail: String
    public var sent: Int
    public var failed: Int
    public var lastSuccess: Timestamp?
    public var lastError: String?
    public var lastErrorTime: Timestamp?

    public init(
        destination: String, detail: String, sent: Int, failed: Int, lastSuccess: Timestamp? = nil, lastError: String? = nil,
        lastErrorTime: Timestamp? = nil
    ) {
        self.destination = destination
        self.detail = detail
        self.sent = sent
        self.failed = failed
        self.lastSuccess = lastSuccess
        self.lastError = lastError
        self.lastErrorTime = lastErrorTime
    }

    /// The Alerts page's "Notifications" table.
    static func section(_ deliveries: [NotificationDelivery], context: PageContext) -> HTML {
        var rows = HTML.empty
        for delivery in deliveries {
            let success = delivery.lastSuccess.map { TimeText.dateTime($0, offsetSeconds: context.offsetSeconds) } ?? "never"
            let error = LastErrorCell.render(delivery.lastError, at: delivery.lastErrorTime, context: context)
            rows += HTML(
                """
                <tr><td>\(delivery.destination)</td><td><code>\(delivery.detail)</code></td><td class="num">\(delivery.sent)</td>\
                <td class="num">\(delivery.failed)</td><td>\(success)</td>\(error)</tr>
                """)
        }
        return HTML(
            """
            <section class="section"><header><h2>Notifications</h2><span class="sub">deliveries since Vigil started</span></header>\
            <table class="data"><thead><tr><th>Destination</th><th>Integration</th><th class="num">Sent</th><th class="num">Failed</th>\
            <th>Last success</th><th>Last error</th></tr></thead><tbody>\(rows)</tbody></table></section>
            """)
    }
}
