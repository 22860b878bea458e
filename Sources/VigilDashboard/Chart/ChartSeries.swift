import VigilModel

/// One series to draw: its legend name, labels and samples.
public struct ChartSeries: Sendable, Hashable {
    /// The legend name (the legend format applied).
    public var name: String
    public var labels: Labels
    /// Samples in time order; NaN and stale markers are gaps.
    public var samples: [Sample]
    /// The query it came from (`A`, `B`, …).
    public var refID: String

    public init(name: String, labels: Labels = .empty, samples: [Sample], refID: String = "A") {
        self.name = name
        self.labels = labels
        self.samples = samples
        self.refID = refID
    }
}

/// The time frame of a chart: the points `start + k × step` for k in `0..<count`.
public struct ChartFrame: Sendable, Hashable {
    public let start: Timestamp
    public let end: Timestamp
    /// Milliseconds between points (the query step).
    public let step: Int64
    /// Points in the frame, at most `QueryInterval.safeResolution` + 1.
    public let count: Int

    public init(start: Timestamp, end: Timestamp, step: Int64) {
        self.start = start
        self.end = max(start, end)
        self.step = max(1, step)
        count = Int(min((self.end - start) / self.step + 1, QueryInterval.safeResolution + 1))
    }

    /// The frame of a panel's range query.
    public init(_ interval: QueryInterval) {
        self.init(start: interval.start, end: interval.end, step: interval.step)
    }

    /// The time of point `k`.
    public func time(_ k: Int) -> Timestamp { start + Int64(k) * step }

    /// The point index nearest `t`, or nil outside the frame.
    public func index(of t: Timestamp) -> Int? {
        let offset = t - start
        guard offset >= -step / 2 else { return nil }
        let k = Int((offset + step / 2) / step)
        return k < count ? k : nil
    }

    /// Calls `body(k, value)` for each sample inside the frame, in order. Samples of a
    /// range query sit exactly on the frame's points, so the index is found by stepping
    /// along instead of dividing for each sample.
    @inline(__always)
    func forEachPoint(of samples: [Sample], _ body: (Int, Double) -> Void) {
        var k = 0
        var expected = start
        for sample in samples {
            if sample.t != expected {
                guard let index = index(of: sample.t) else {
                    if sample.t > end { return }
                    continue
                }
                k = index
            }
            guard k < count else { return }
            body(k, sample.v)
            k += 1
            expected = start + Int64(k) * step
        }
    }

    /// Where `t` sits across the frame, 0 at start and 1 at end.
    public func fraction(_ t: Timestamp) -> Double {
        end == start ? 0.5 : Double(t - start) / Double(end - start)
    }
}

/// A series laid on the frame's points: one value per point, NaN where it has none.
struct DenseSeries {
    /// The position among the query's series (stable colours).
    var index: Int
    var name: String
    var labels: Labels
    var color: PanelColor
    var values: [Double]
    var stats: SeriesStats

    init(index: Int, series: ChartSeries, frame: ChartFrame, color: PanelColor) {
        self.index = index
        name = series.name
        labels = series.labels
        self.color = color
        var values = [Double](repeating: .nan, count: frame.count)
        var stats = SeriesStats()
        values.withUnsafeMutableBufferPointer { values in
            // Stale markers, NaN and infinities are gaps in the line (as Grafana draws null).
            frame.forEachPoint(of: series.samples) { k, v in values[k] = v.isFinite ? v : .nan }
            for value in values { stats.add(value) }
        }
        self.values = values
        self.stats = stats
    }

    init(index: Int, name: String, labels: Labels = .empty, color: PanelColor, values: [Double]) {
        self.index = index
        self.name = name
        self.labels = labels
        self.color = color
        self.values = values
        var stats = SeriesStats()
        for value in values { stats.add(value) }
        self.stats = stats
    }
}
