import VigilConfig
import VigilModel

/// A dashboard as written in YAML: variables, then rows of panels on a 24-column grid.
public struct Dashboard: Sendable, Hashable {
    /// The URL name (`/d/<uid>`): letters, digits, `-` and `_`.
    public var uid: String
    public var title: String
    public var description: String?
    public var tags: [String]
    /// The range shown when the URL names none.
    public var time: TimeRange
    /// Auto-refresh interval in milliseconds when the URL names none; nil is off.
    public var refresh: Int64?
    public var variables: [TemplateVariable]
    /// Panels in rows; panels written outside any row form a first, untitled row.
    public var rows: [DashboardRow]
    /// Where it was written (its file, or the `dashboards:` entry of the config).
    public var location: ConfigLocation?

    public init(
        uid: String, title: String, description: String? = nil, tags: [String] = [], time: TimeRange = .last(21_600_000),
        refresh: Int64? = nil, variables: [TemplateVariable] = [], rows: [DashboardRow] = [], location: ConfigLocation? = nil
    ) {
        self.uid = uid
        self.title = title
        self.description = description
        self.tags = tags
        self.time = time
        self.refresh = refresh
        self.variables = variables
        self.rows = rows
        self.location = location
    }

    /// Every panel, in page order.
    public var panels: [Panel] { rows.flatMap(\.panels) }

    /// The panel with `id`.
    public func panel(id: Int) -> Panel? {
        panels.first { $0.id == id }
    }

    /// A uid made from a title: lower case, runs of other characters as `-`.
    public static func uid(fromTitle title: String) -> String {
        var out = ""
        var dash = false
        for scalar in title.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if dash && !out.isEmpty { out += "-" }
                out.unicodeScalars.append(scalar)
                dash = false
            } else {
                dash = true
            }
        }
        return out.isEmpty ? "dashboard" : out
    }
}

/// A titled group of panels; collapsed rows start closed on the page.
public struct DashboardRow: Sendable, Hashable {
    /// The heading; nil for the implicit first row.
    public var title: String?
    public var collapsed: Bool
    public var panels: [Panel]

    public init(title: String? = nil, collapsed: Bool = false, panels: [Panel] = []) {
        self.title = title
        self.collapsed = collapsed
        self.panels = panels
    }
}

/// A template variable: a named value picked on the page and used as `$name`.
public struct TemplateVariable: Sendable, Hashable {
    /// Where its options come from.
    public enum Source: Sendable, Hashable {
        /// `label_values(label)` or `label_values(selector, label)`: the values of a
        /// label on every series, or on the series the selector matches, in the range.
        case labelValues(label: String, selector: String?)
        /// `query_result(expr)`: the lines of an instant query's result
        /// (`metric{labels} value timestamp`), usually narrowed by `regex`.
        case queryResult(String)
        /// A fixed list.
        case custom([String])
        /// Durations for `$name` in ranges; `auto` picks one from the range.
        case interval([String])
        /// One fixed value, not shown.
        case constant(String)
        /// Free text typed on the page.
        case textbox(String)
    }

    /// The `$name`.
    public var name: String
    /// The label of its select on the page (the name when nil).
    public var label: String?
    public var source: Source
    public var multi: Bool
    public var includeAll: Bool
    /// What "All" means in queries; nil joins every option as a regex alternation.
    public var allValue: String?
    /// Selected when the URL names nothing; nil means the first option (or All).
    public var defaults: [String]
    /// Keeps options matching this regex; its first capture group (if any) is the value.
    public var regex: LabelRegex?
    public var sort: Sort
    /// Not shown on the page (constants are always hidden).
    public var hidden: Bool
    public var location: ConfigLocation?

    /// How options are ordered.
    public enum Sort: String, Sendable, Hashable, CaseIterable {
        /// As the source gives them (labels come sorted already).
        case none
        case alphabetical
        case numerical
        case alphabeticalDescending = "alphabetical_desc"
        case numericalDescending = "numerical_desc"
    }

    public init(
        name: String, label: String? = nil, source: Source, multi: Bool = false, includeAll: Bool = false,
        allValue: String? = nil, defaults: [String] = [], regex: LabelRegex? = nil, sort: Sort = .none,
        hidden: Bool = false, location: ConfigLocation? = nil
    ) {
        self.name = name
        self.label = label
        self.source = source
        self.multi = multi
        self.includeAll = includeAll
        self.allValue = allValue
        self.defaults = defaults
        self.regex = regex
        self.sort = sort
        self.hidden = hidden
        self.location = location
    }
}
