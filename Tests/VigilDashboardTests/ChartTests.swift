import Testing
import VigilModel

@testable import VigilDashboard

/// The SVG chart: paths, gaps, stacking, folding many series, thresholds, hover text.
@Suite struct ChartTests {
    static let end: Timestamp = 1_750_000_000_000
    static let frame = ChartFrame(start: end - 3_600_000, end: end, step: 60_000)

    static func series(_ name: String, _ value: (Int) -> Double?) -> ChartSeries {
        ChartSeries(name: name, samples: (0..<frame.count).compactMap { k in value(k).map { Sample(t: frame.time(k), v: $0) } })
    }

    static func paths(_ markup: String, class name: String) -> [String] {
        markup.components(separatedByMarker: "<path class=\"\(name)\"").dropFirst().map { part in
            let d = part.components(separatedByMarker: " d=\"")[1]
            return String(d.prefix { $0 != "\"" })
        }
    }

    /// The numbers of a path made of one `M x y` and relative `l` pairs.
    static func numbers(in path: String) -> [Int] {
        var numbers: [Int] = []
        var current = ""
        for char in path {
            if char.isNumber {
                current.append(char)
            } else {
                if let n = Int(current) { numbers.append(n) }
                current = char == "-" ? "-" : ""
            }
        }
        if let n = Int(current) { numbers.append(n) }
        return numbers
    }

    @Test func pathWriterIsCompact() {
        var path = PathWriter()
        path.move(10, 500)
        path.line(12, 497)
        path.line(14, 497)
        path.line(14, 497)
        path.line(16, 503)
        #expect(path.string == "M10 500l2-3 2 0 2 6")
        path.move(20, 20)
        path.line(20, 20)
        path.finishSubpath()
        #expect(path.string.hasSuffix("M20 20h0"))
        path.move(100, 100)
        path.finishSubpath()
        #expect(path.string.hasSuffix("M100 100h0"))
        var rect = PathWriter()
        rect.rect(x: 1, y: 2, width: 3, height: 4)
        #expect(rect.string == "M1 2h3v4h-3z")
    }

    @Test func gapsBreakTheLine() {
        // Missing samples (no value in the result) and NaN both break the line; a lone
        // sample between gaps becomes a dot.
        let one = Self.series("s") { k in k == 30 ? .nan : (k >= 10 && k < 20) ? nil : k == 40 ? 5 : (k > 38 && k < 43 ? nil : Double(k % 7)) }
        let chart = TimeSeriesChart(series: [one], frame: Self.frame, plotWidth: 600, plotHeight: 200).render()
        let line = Self.paths(chart.plot.rendered, class: "ln").first ?? ""
        #expect(line.filter { $0 == "M" }.count == 5, "\(line)")
        #expect(line.contains("h0"), "the lone sample at k=40 is a dot")
    }

    @Test func staleMarkersAreGaps() {
        let stale = Self.series("s") { k in k == 20 ? StaleMarker.value : 1 }
        let chart = TimeSeriesChart(series: [stale], frame: Self.frame).render()
        let line = Self.paths(chart.plot.rendered, class: "ln").first ?? ""
        #expect(line.filter { $0 == "M" }.count == 2)
    }

    @Test func decimationKeepsExtremes() {
        // 6h at 5s is 4321 points in 1000 columns: every spike must survive.
        let frame = ChartFrame(start: Self.end - 21_600_000, end: Self.end, step: 5000)
        let spiky = ChartSeries(name: "spiky", samples: (0..<frame.count).map { k in Sample(t: frame.time(k), v: k % 997 == 0 ? 100 : 1) })
        let chart = TimeSeriesChart(series: [spiky], frame: frame, plotWidth: 600, plotHeight: 200).render()
        let line = Self.paths(chart.plot.rendered, class: "ln")[0]
        #expect(line.utf8.count < 4321 * 4, "decimated")
        #expect(chart.yAxis.high >= 100)
        // The path reaches the top (y near 0) five times: k = 0, 997, 1994, 2991, 3988.
        let numbers = Self.numbers(in: line)
        var y = numbers[1]
        var peaks = y < 50 ? 1 : 0
        for index in stride(from: 3, to: numbers.count, by: 2) {
            let before = y
            y += numbers[index]
            if y < 50 && before >= 50 { peaks += 1 }
        }
        #expect(peaks == 5, "\(peaks) peaks")
    }

    @Test func stackingAddsUp() {
        let a = Self.series("a") { _ in 1 }, b = Self.series("b") { _ in 2 }
        let chart = TimeSeriesChart(series: [a, b], frame: Self.frame, options: TimeSeriesOptions(style: .stacked)).render()
        #expect(chart.yAxis.high >= 3 && chart.yAxis.high < 4)
        #expect(chart.yAxis.low == 0)
        #expect(Self.paths(chart.plot.rendered, class: "fill").count == 2)
    }

    @Test func manySeriesFoldIntoABand() {
        let many = (0..<300).map { index in Self.series("s\(index)") { k in Double(index) + Double(k % 3) } }
        let chart = TimeSeriesChart(series: many, frame: Self.frame, options: TimeSeriesOptions(maxSeries: 10)).render()
        #expect(Self.paths(chart.plot.rendered, class: "ln").count == 10)
        #expect(chart.plot.rendered.contains("<path class=\"band\""))
        #expect(chart.legend.count == 11)
        #expect(chart.legend.last?.name == "290 more series (min–max band)")
        // The top ten by maximum are kept.
        #expect(chart.legend.first?.name == "s290")
        #expect(chart.seriesCount == 300)
    }

    @Test func manyStackedSeriesFoldIntoOther() {
        let many = (0..<50).map { index in Self.series("s\(index)") { _ in 1 } }
        let chart = TimeSeriesChart(series: many, frame: Self.frame, options: TimeSeriesOptions(style: .stacked, maxSeries: 5)).render()
        #expect(chart.legend.count == 5)
        #expect(chart.legend.last?.name == "Other (46 series)")
        #expect(chart.yAxis.high >= 50)
    }

    @Test func thresholdsDrawLinesAndBands() {
        var field = FieldOptions(unit: .percentUnit)
        field.thresholds = Thresholds(base: .green, steps: [.init(value: 0.05, color: .red)])
        field.softMax = 0.1
        let chart = TimeSeriesChart(series: [Self.series("r") { _ in 0.01 }], frame: Self.frame, options: TimeSeriesOptions(thresholdsStyle: .lineAndArea), field: field).render()
        let plot = chart.plot.rendered
        #expect(plot.contains("<path class=\"thl\" stroke=\"#f2495c\" d=\"M0 200H1000\"><title>Threshold 5%</title></path>"))
        #expect(plot.components(separatedByMarker: "<rect class=\"tha\"").count == 3)
        #expect(chart.yAxis.high == 0.1)
    }

    @Test func hoverTitlesListValuesAtThatTime() {
        let chart = TimeSeriesChart(
            series: [Self.series("low") { _ in 1 }, Self.series("high") { _ in 2 }], frame: Self.frame, field: FieldOptions(unit: .seconds), plotWidth: 100
        ).render()
        let plot = chart.plot.rendered
        #expect(plot.contains("<g class=\"hv\"><rect x=\"0\" width=\"62\" height=\"400\"><title>14:08:40\n"), "16 columns: one per 6 px of a 100 px plot")
        #expect(plot.contains("\nhigh: 2 s\nlow: 1 s</title>"))
    }

    @Test func legendCalculations() {
        let chart = TimeSeriesChart(series: [Self.series("x") { k in Double(k) }], frame: Self.frame, field: FieldOptions(unit: .none)).render()
        #expect(chart.legend.first?.values == ["60", "0", "60", "30"])
    }

    @Test func fixedBoundsAreKept() {
        let field = FieldOptions(min: 0.8, max: 1)
        let chart = TimeSeriesChart(series: [Self.series("x") { _ in 0.9 }], frame: Self.frame, field: field).render()
        #expect(chart.yAxis.low == 0.8 && chart.yAxis.high == 1)
        #expect(chart.yAxis.ticks.allSatisfy { $0 >= 0.8 && $0 <= 1 })
    }

    @Test func noDataChart() {
        let chart = TimeSeriesChart(series: [], frame: Self.frame).render()
        #expect(!chart.hasData)
        #expect(chart.legend.isEmpty)
    }

    @Test func heatmapBucketsFromCumulativeCounts() throws {
        let frame = ChartFrame(start: 0, end: 120_000, step: 60_000)
        func bucket(_ le: String, _ values: [Double]) -> ChartSeries {
            ChartSeries(name: le, labels: ["le": le], samples: values.enumerated().map { Sample(t: Int64($0.offset) * 60_000, v: $0.element) })
        }
        let series = [bucket("+Inf", [10, 12, 7]), bucket("0.1", [2, 4, 7]), bucket("1", [9, 8, 7]), bucket("0.5", [5, 9, 7])]
        let buckets = try #require(HeatmapPanel.buckets(series, frame: frame, hideEmpty: false))
        #expect(buckets.bounds == [0.1, 0.5, 1, .infinity])
        #expect(buckets.counts[0] == [2, 4, 7])
        #expect(buckets.counts[1] == [3, 5, 0])
        // A cumulative count dipping below the bucket under it (a reset) reads as zero.
        #expect(buckets.counts[2] == [4, 0, 0])
        #expect(buckets.counts[3] == [1, 4, 0])
        #expect(buckets.maxCount == 7)
        let hidden = try #require(HeatmapPanel.buckets(series, frame: frame, hideEmpty: true))
        #expect(hidden.bounds.count == 4)
        #expect(HeatmapPanel.buckets([ChartSeries(name: "x", samples: [])], frame: frame, hideEmpty: false) == nil)
    }

    @Test func gaugeBounds() {
        #expect(GaugePanel.bounds(values: [0.5], field: FieldOptions(unit: .percentUnit)) == (0, 1))
        #expect(GaugePanel.bounds(values: [42], field: FieldOptions(unit: .percent)) == (0, 100))
        #expect(GaugePanel.bounds(values: [0.93], field: FieldOptions(min: 0.8, max: 1)) == (0.8, 1))
        #expect(GaugePanel.bounds(values: [730], field: FieldOptions()) == (0, 1000))
        var field = FieldOptions()
        field.thresholds = Thresholds(steps: [.init(value: 80, color: .red)])
        #expect(GaugePanel.bounds(values: [10], field: field) == (0, 100))
    }
}
