import VigilModel

/// A drawn chart: plot markup, axes and legend, ready to be laid out.
public struct ChartRendering: Sendable {
    /// The contents of the plot's view box, 1000 units wide and `boxHeight` high.
    public var plot: HTML
    public var yAxis: ValueAxis
    /// Time ticks: where across the plot (0…1) and their labels.
    public var xTicks: [(fraction: Double, label: String)]
    public var legend: [LegendEntry]
    /// The legend's value columns.
    public var calcs: [Reducer]
    public var frame: ChartFrame
    /// Series in the result (before folding the many into a band).
    public var seriesCount: Int
    /// Whether any series has a value.
    public var hasData: Bool
    /// The plot view box's height in units.
    public var boxHeight: Int = 1000
}

/// One legend row.
public struct LegendEntry: Sendable, Hashable {
    public var name: String
    public var labels: Labels
    public var color: PanelColor
    /// Formatted values of the legend's calculations, in column order.
    public var values: [String]
    /// The row summarising folded series (no values).
    public var isSummary = false
    var sortKey: Double?
}
