import VigilConfig
import VigilModel

/// One panel of a dashboard: what to query and how to show it.
public struct Panel: Sendable, Hashable {
    /// Unique within its dashboard; `/d/<uid>/panel/<id>` addresses it.
    public var id: Int
    /// The title; may reference variables (`Requests on $job`).
    public var title: String
    public var description: String?
    public var kind: PanelKind
    /// Columns of the 24-column grid the panel spans.
    public var width: Int
    /// Height in grid rows (one row is 30 px, as in Grafana).
    public var height: Int
    public var queries: [PanelQuery]
    public var field: FieldOptions
    /// The smallest step (`min_interval`); nil means the scrape interval.
    public var minInterval: Int64?
    /// The most points per series (`max_data_points`); nil means the panel's width in pixels.
    public var maxDataPoints: Int?
    public var location: ConfigLocation?

    public init(
        id: Int, title: String, description: String? = nil, kind: PanelKind, width: Int = 12, height: Int = 8,
        queries: [PanelQuery] = [], field: FieldOptions = FieldOptions(), minInterval: Int64? = nil,
        maxDataPoints: Int? = nil, location: ConfigLocation? = nil
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.kind = kind
        self.width = width
        self.height = height
        self.queries = queries
        self.field = field
        self.minInterval = minInterval
        self.maxDataPoints = maxDataPoints
        self.location = location
    }
}

/// A panel's visualization and the options that belong to it.
public enum PanelKind: Sendable, Hashable {
    case timeSeries(TimeSeriesOptions)
    case stat(StatOptions)
    case gauge(GaugeOptions)
    case barGauge(BarGaugeOptions)
    case table(TableOptions)
    case heatmap(HeatmapOptions)
    case text(TextOptions)

    /// The YAML `type` name.
    public var typeName: String {
        switch self {
        case .timeSeries: return "timeseries"
        case .stat: return "stat"
        case .gauge: return "gauge"
        case .barGauge: return "bargauge"
        case .table: return "table"
        case .heatmap: return "heatmap"
        case .text: return "text"
        }
    }

    /// Whether the panel's queries are instant queries unless a query says otherwise.
    var prefersInstantQueries: Bool {
        if case .table = self { return true }
        return false
    }
}

/// One PromQL query of a panel.
public struct PanelQuery: Sendable, Hashable {
    /// The expression; may reference variables and `$__rate_interval` & co.
    public var expr: String
    /// Grafana's legend format (`{{status}}`); nil shows `metric{labels}`.
    public var legend: String?
    /// Instant (true) or range (false) query; nil means the panel type's default.
    public var instant: Bool?
    /// `A`, `B`, … in order, as Grafana names queries; table columns use it.
    public var refID: String
    /// Queried but not drawn (a query only referenced elsewhere) when true.
    public var hidden: Bool
    public var location: ConfigLocation?

    public init(expr: String, legend: String? = nil, instant: Bool? = nil, refID: String = "A", hidden: Bool = false, location: ConfigLocation? = nil) {
        self.expr = expr
        self.legend = legend
        self.instant = instant
        self.refID = refID
        self.hidden = hidden
        self.location = location
    }
}

/// How values are read and coloured (Grafana's field config): unit, precision, range,
/// thresholds and per-series overrides.
public struct FieldOptions: Sendable, Hashable {
    public var unit: ValueUnit
    public var decimals: Int?
    /// Fixed axis/gauge bounds.
    public var min: Double?
    public var max: Double?
    /// Bounds the axis always includes, but may exceed (Grafana's soft min/max).
    public var softMin: Double?
    public var softMax: Double?
    public var thresholds: Thresholds
    public var overrides: [SeriesOverride]
    /// Shown when a panel has no data (`No data` by default).
    public var noValue: String?

    public init(
        unit: ValueUnit = .none, decimals: Int? = nil, min: Double? = nil, max: Double? = nil, softMin: Double? = nil,
        softMax: Double? = nil, thresholds: Thresholds = .none, overrides: [SeriesOverride] = [], noValue: String? = nil
    ) {
        self.unit = unit
        self.decimals = decimals
        self.min = min
        self.max = max
        self.softMin = softMin
        self.softMax = softMax
        self.thresholds = thresholds
        self.overrides = overrides
        self.noValue = noValue
    }

    /// The formatter for this unit and precision.
    public var formatter: ValueFormatter { ValueFormatter(unit: unit, decimals: decimals) }

    /// The colour an override gives the series named `name`, if any (the last match wins).
    public func overrideColor(for name: String) -> PanelColor? {
        overrides.last { $0.color != nil && $0.matches(name) }?.color
    }

    /// Whether an override hides the series named `name`.
    public func isHidden(_ name: String) -> Bool {
        overrides.contains { $0.hide && $0.matches(name) }
    }
}

/// Options for series whose legend name matches a regex (fully anchored, RE2 syntax).
public struct SeriesOverride: Sendable, Hashable {
    public var match: LabelRegex
    public var color: PanelColor?
    /// Leaves the series out of the chart and legend.
    public var hide: Bool

    public init(match: LabelRegex, color: PanelColor? = nil, hide: Bool = false) {
        self.match = match
        self.color = color
        self.hide = hide
    }

    public func matches(_ name: String) -> Bool { match.matches(name) }
}
