import VigilModel

/// What every page knows about its request: the URL (for links that keep the current
/// parameters), the theme, the time and the viewer's UTC offset.
public struct PageContext: Sendable {
    /// The request path and parameters, without `theme`.
    public var url: PageURL
    public var theme: Theme
    public var now: Timestamp
    /// The viewer's UTC offset in seconds (from the `vigil_tz` cookie the script sets), 0 for UTC.
    public var offsetSeconds: Int
    /// Vigil's version, shown in the page footer.
    public var version: String

    /// - Parameters:
    ///   - theme: the `theme` query parameter if present, else the `vigil_theme` cookie
    ///     (the server sets the cookie when it sees the parameter).
    public init(url: PageURL, theme: Theme = .auto, now: Timestamp, offsetSeconds: Int = 0, version: String = "") {
        self.url = url.removing("theme")
        self.theme = theme
        self.now = now
        self.offsetSeconds = max(-14 * 3600, min(14 * 3600, offsetSeconds))
        self.version = version
    }

    /// Reads the offset the `vigil_tz` cookie holds (seconds east of UTC); 0 if absent or bad.
    public static func offset(fromCookie value: String?) -> Int {
        guard let value, let seconds = Int(value), abs(seconds) <= 14 * 3600 else { return 0 }
        return seconds
    }

    /// The cookie names the server reads and sets.
    public static let themeCookie = "vigil_theme"
    public static let offsetCookie = "vigil_tz"
}

/// The paths pages link to. The server routes these; VigilDashboard only builds links.
public enum Routes {
    public static let home = "/"
    public static let dashboards = "/dashboards"
    public static let explore = "/explore"
    public static let alerts = "/alerts"
    public static let targets = "/targets"
    public static let rules = "/rules"
    public static let status = "/status"

    /// `/d/<uid>`: a dashboard.
    public static func dashboard(_ uid: String) -> String { "/d/" + uid }
    /// `/d/<uid>/panel/<id>`: one panel full size, with the dashboard's controls.
    public static func panel(_ uid: String, _ id: Int) -> String { "/d/\(uid)/panel/\(id)" }
    /// `/d/<uid>/panel/<id>.svg`: one panel as a standalone SVG (`width`, `height`, `theme` parameters).
    public static func panelSVG(_ uid: String, _ id: Int) -> String { "/d/\(uid)/panel/\(id).svg" }

    /// Explore with a query and range.
    public static func explore(query: String, range: TimeRange? = nil) -> PageURL {
        var url = PageURL(path: explore, query: [("query", query)])
        if let range { url = url.setting([("from", range.from.text), ("to", range.to.text)]) }
        return url
    }
}

/// The sections of the top navigation.
public enum NavSection: String, Sendable, CaseIterable {
    case home, dashboards, explore, alerts, targets, rules, status

    var title: String {
        switch self {
        case .home: return "Home"
        case .dashboards: return "Dashboards"
        case .explore: return "Explore"
        case .alerts: return "Alerts"
        case .targets: return "Targets"
        case .rules: return "Rules"
        case .status: return "Status"
        }
    }

    var path: String {
        switch self {
        case .home: return Routes.home
        case .dashboards: return Routes.dashboards
        case .explore: return Routes.explore
        case .alerts: return Routes.alerts
        case .targets: return Routes.targets
        case .rules: return Routes.rules
        case .status: return Routes.status
        }
    }
}
