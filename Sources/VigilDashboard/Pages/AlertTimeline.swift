import VigilModel
import VigilPromQL

/// When each alert was pending and firing over a range, read back from the `ALERTS`
/// series the rule engine stores (`ALERTS{alertname, alertstate, …} 1` while active).
public struct AlertTimeline: Sendable {
    /// One alert (label set without `alertstate`) and its active stretches.
    public struct Lane: Sendable {
        public var labels: Labels
        public var segments: [Segment]
    }

    /// A stretch in one state, start and end in milliseconds.
    public struct Segment: Sendable, Hashable {
        public var state: AlertState
        public var start: Timestamp
        public var end: Timestamp
    }

    public var frame: ChartFrame
    public var lanes: [Lane]
    /// Why the history could not be read, if it could not.
    public var error: String?

    /// The most lanes drawn; busier histories are cut (the newest-active first).
    public static let maxLanes = 60

    public init(frame: ChartFrame, lanes: [Lane], error: String? = nil) {
        self.frame = frame
        self.lanes = lanes
        self.error = error
    }

    /// Queries `ALERTS` over the range and folds it into lanes.
    /// - Parameter evaluationInterval: the rule evaluation interval, the finest useful step.
    public static func load(querier: any PanelQuerier, range: ResolvedTimeRange, evaluationInterval: Int64 = 15_000, timeout: Duration = .seconds(30)) async -> AlertTimeline {
        let interval = QueryInterval.calculate(range: range, maxDataPoints: 1000, minInterval: evaluationInterval, scrapeInterval: evaluationInterval)
        let frame = ChartFrame(interval)
        do {
            let value = try await withDeadline(ContinuousClock.now.advanced(by: timeout), "ALERTS query") {
                try await querier.range("ALERTS", start: interval.start, end: interval.end, step: interval.step)
            }
            guard case .matrix(let series) = value else { return AlertTimeline(frame: frame, lanes: []) }
            return AlertTimeline(frame: frame, lanes: lanes(from: series, step: interval.step))
        } catch {
            return AlertTimeline(frame: frame, lanes: [], error: PanelQueryError.message(of: error))
        }
    }

    /// Lanes from `ALERTS` series: samples closer than 1.5 steps join into one segment.
    public static func lanes(from series: [RangeSeries], step: Int64) -> [Lane] {
        var byAlert: [Labels: [Segment]] = [:]
        for one in series {
            let state = AlertState(rawValue: one.labels["alertstate"] ?? "") ?? .firing
            let key = one.labels.removing(["alertstate", LabelName.metric])
            var segments: [Segment] = []
            for sample in one.samples where !sample.v.isNaN {
                if var last = segments.last, sample.t - last.end <= step * 3 / 2 {
                    last.end = sample.t
                    segments[segments.count - 1] = last
                } else {
                    segments.append(Segment(state: state, start: sample.t, end: sample.t))
                }
            }
            // A segment covers its last step too.
            byAlert[key, default: []] += segments.map { Segment(state: $0.state, start: $0.start, end: $0.end + step) }
        }
        return byAlert.map { Lane(labels: $0.key, segments: $0.value.sorted { $0.start < $1.start }) }
            .sorted { ($0.segments.last?.end ?? 0) > ($1.segments.last?.end ?? 0) || (($0.segments.last?.end ?? 0) == ($1.segments.last?.end ?? 0) && $0.labels < $1.labels) }
    }

    /// The timeline: a row per alert, firing in red over pending in orange.
    public func render(offsetSeconds: Int) -> HTML {
        if let error { return HTML("<div class=\"err-text\">\(error)</div>") }
        guard !lanes.isEmpty else { return HTML("<div class=\"muted\">No alert was pending or firing in this range.</div>") }
        var rows = HTML.empty
        for lane in lanes.prefix(Self.maxLanes) {
            var bars = HTML.empty
            // Pending first, so firing draws over it.
            for segment in lane.segments.sorted(by: { $0.state == .pending && $1.state != .pending }) {
                let x0 = Int((max(0, frame.fraction(segment.start)) * 1000).rounded())
                let x1 = max(x0 + 2, Int((min(1, frame.fraction(segment.end)) * 1000).rounded()))
                let title = "\(segment.state.rawValue) \(TimeText.dateTime(segment.start, offsetSeconds: offsetSeconds)) – "
                    + "\(TimeText.dateTime(segment.end, offsetSeconds: offsetSeconds)) (\(TimeText.age(segment.end - segment.start)))"
                bars += HTML("<rect class=\"\(segment.state.rawValue)\" x=\"\(x0)\" width=\"\(x1 - x0)\" height=\"10\"><title>\(title)</title></rect>")
            }
            let name = lane.labels[LabelName.alertName] ?? "alert"
            let rest = lane.labels.removing([LabelName.alertName])
            rows += HTML(
                """
                <tr><td class="lane-name" title="\(lane.labels.description)"><b>\(name)</b> <span class="muted">\(HTML.truncate(rest.description, to: 120))</span></td>\
                <td><svg class="bars" viewBox="0 0 1000 10" preserveAspectRatio="none"><rect class="lane" width="1000" height="10"/>\(bars)</svg></td></tr>
                """)
        }
        let ticks = TimeAxis.ticks(start: frame.start, end: frame.end, widthPixels: 900, offsetSeconds: offsetSeconds)
        let axis = ChartMarkup.xLabels(ticks.map { (frame.fraction($0.t), $0.label) })
        let more = lanes.count > Self.maxLanes ? HTML("<div class=\"muted\">\(lanes.count - Self.maxLanes) more alerts not shown</div>") : .empty
        return HTML(
            """
            <table class="tl"><tbody>\(rows)<tr><td></td><td><svg class="xa" aria-hidden="true">\(axis)</svg></td></tr></tbody></table>\(more)
            """)
    }
}
