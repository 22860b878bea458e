import VigilModel

/// What a dashboard URL asks for, in Grafana's parameter names: `from`, `to`,
/// `var-<name>` (repeated for several values, `$__all` for All), `refresh`.
public struct DashboardRequest: Sendable {
    /// The range; nil means the dashboard's default.
    public var range: TimeRange?
    /// Selected values by variable name.
    public var variables: [String: [String]]
    /// `refresh=30s`, `refresh=off`; nil means the dashboard's default.
    public var refresh: String?
    /// The time the page is rendered at.
    public var now: Timestamp
    /// The viewer's UTC offset in seconds (the `vigil_tz` cookie), 0 for UTC.
    public var offsetSeconds: Int

    public init(range: TimeRange? = nil, variables: [String: [String]] = [:], refresh: String? = nil, now: Timestamp, offsetSeconds: Int = 0) {
        self.range = range
        self.variables = variables
        self.refresh = refresh
        self.now = now
        self.offsetSeconds = offsetSeconds
    }

    /// Reads the request from a page URL's parameters. Unparseable times are ignored
    /// (the default range shows) rather than failing the page.
    public init(url: PageURL, now: Timestamp, offsetSeconds: Int = 0) {
        self.now = now
        self.offsetSeconds = offsetSeconds
        let from = url["from"].flatMap { TimeExpression.parse($0, offsetSeconds: offsetSeconds) }
        let to = url["to"].flatMap { TimeExpression.parse($0, offsetSeconds: offsetSeconds) }
        if let from {
            range = TimeRange(from: from, to: to ?? .now)
        } else {
            range = nil
        }
        var variables: [String: [String]] = [:]
        for (name, value) in url.query where name.hasPrefix("var-") {
            variables[String(name.dropFirst(4)), default: []].append(value)
        }
        self.variables = variables
        refresh = url["refresh"]
    }

    /// The value Grafana puts in URLs for the All option.
    public static let allValue = "$__all"
}
