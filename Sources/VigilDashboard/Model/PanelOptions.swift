/// Time series options (Grafana's time series panel).
public struct TimeSeriesOptions: Sendable, Hashable {
    /// How series are drawn.
    public enum Style: String, Sendable, Hashable, CaseIterable {
        /// Lines, no fill.
        case lines
        /// Lines with a translucent fill down to zero.
        case area
        /// Areas stacked on each other (series add up).
        case stacked
        /// One dot per sample.
        case points
    }

    /// When sample dots are drawn on lines.
    public enum Points: String, Sendable, Hashable, CaseIterable {
        /// When samples are few enough to see apart (more than 12 px apart), as Grafana's auto.
        case auto
        case always
        case never
    }

    /// How thresholds show on the chart.
    public enum ThresholdsStyle: String, Sendable, Hashable, CaseIterable {
        case off
        /// Dashed lines at each step.
        case line
        /// Translucent bands between steps.
        case area
        case lineAndArea = "line+area"
    }

    public var style: Style
    /// Stroke width in pixels.
    public var lineWidth: Double
    /// Fill opacity in percent (area and stacked styles).
    public var fillOpacity: Int
    public var points: Points
    public var thresholdsStyle: ThresholdsStyle
    public var legend: LegendOptions
    /// The most series drawn one by one; the rest show as a min–max band (lines) or an
    /// "other" series (stacked). 0 draws all.
    public var maxSeries: Int

    public init(
        style: Style = .lines, lineWidth: Double = 1.5, fillOpacity: Int? = nil, points: Points = .auto,
        thresholdsStyle: ThresholdsStyle = .off, legend: LegendOptions = LegendOptions(), maxSeries: Int = 20
    ) {
        self.style = style
        self.lineWidth = lineWidth
        self.fillOpacity = fillOpacity ?? (style == .lines || style == .points ? 0 : style == .stacked ? 60 : 20)
        self.points = points
        self.thresholdsStyle = thresholdsStyle
        self.legend = legend
        self.maxSeries = maxSeries
    }
}

/// A time series legend.
public struct LegendOptions: Sendable, Hashable {
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// Names with calculations in columns.
        case table
        /// Names only, wrapping.
        case list
        case hidden
    }

    public enum Placement: String, Sendable, Hashable, CaseIterable {
        case bottom
        case right
    }

    public var mode: Mode
    public var placement: Placement
    /// Columns of the table legend.
    public var calcs: [Reducer]
    /// Sorts rows by this calculation (descending), or keeps series order when nil.
    public var sortBy: Reducer?

    public init(mode: Mode = .table, placement: Placement = .bottom, calcs: [Reducer] = [.last, .min, .max, .mean], sortBy: Reducer? = nil) {
        self.mode = mode
        self.placement = placement
        self.calcs = calcs
        self.sortBy = sortBy
    }
}

/// How stat, gauge and bar gauge panels colour their value.
public enum ColorMode: String, Sendable, Hashable, CaseIterable {
    /// The value text in the threshold colour.
    case value
    /// The panel background in the threshold colour.
    case background
    /// No colour.
    case none
}

/// A big number (Grafana's stat panel).
public struct StatOptions: Sendable, Hashable {
    public var reduce: Reducer
    /// A small area chart of the series behind the number.
    public var sparkline: Bool
    public var colorMode: ColorMode

    public init(reduce: Reducer = .last, sparkline: Bool = true, colorMode: ColorMode = .value) {
        self.reduce = reduce
        self.sparkline = sparkline
        self.colorMode = colorMode
    }
}

/// A radial gauge.
public struct GaugeOptions: Sendable, Hashable {
    public var reduce: Reducer
    /// A thin ring of threshold colours outside the gauge.
    public var showThresholdMarkers: Bool

    public init(reduce: Reducer = .last, showThresholdMarkers: Bool = true) {
        self.reduce = reduce
        self.showThresholdMarkers = showThresholdMarkers
    }
}

/// Bars per series, filled to their value.
public struct BarGaugeOptions: Sendable, Hashable {
    public enum Orientation: String, Sendable, Hashable, CaseIterable {
        case horizontal
        case vertical
    }

    public var reduce: Reducer
    public var orientation: Orientation

    public init(reduce: Reducer = .last, orientation: Orientation = .horizontal) {
        self.reduce = reduce
        self.orientation = orientation
    }
}

/// An instant query's result as a table: one column per label, one per query's value.
public struct TableOptions: Sendable, Hashable {
    /// Label columns in this order first; others follow alphabetically.
    public var columns: [String]
    /// Label columns left out.
    public var hiddenColumns: [String]
    /// The column sorted by (a label name or `Value`); nil keeps series order.
    public var sortBy: String?
    public var sortDescending: Bool
    /// Colours value cells by the thresholds.
    public var colorValues: Bool

    public init(columns: [String] = [], hiddenColumns: [String] = [], sortBy: String? = nil, sortDescending: Bool = true, colorValues: Bool = false) {
        self.columns = columns
        self.hiddenColumns = hiddenColumns
        self.sortBy = sortBy
        self.sortDescending = sortDescending
        self.colorValues = colorValues
    }
}

/// A heatmap of a histogram: one column per step, one row per `le` bucket.
public struct HeatmapOptions: Sendable, Hashable {
    public enum Scheme: String, Sendable, Hashable, CaseIterable {
        case oranges, blues, greens, reds, purples, spectral, viridis
    }

    public var scheme: Scheme
    /// Rows for buckets that stayed empty over the whole range are left out when true.
    public var hideEmptyBuckets: Bool

    public init(scheme: Scheme = .oranges, hideEmptyBuckets: Bool = false) {
        self.scheme = scheme
        self.hideEmptyBuckets = hideEmptyBuckets
    }
}

/// Text written in the dashboard.
public struct TextOptions: Sendable, Hashable {
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// A safe Markdown subset (headings, emphasis, code, lists, links, tables).
        case markdown
        /// Preformatted text.
        case plain
    }

    public var content: String
    public var mode: Mode

    public init(content: String, mode: Mode = .markdown) {
        self.content = content
        self.mode = mode
    }
}
