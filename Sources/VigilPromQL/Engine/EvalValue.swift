import VigilModel

/// The evaluation timestamps of one evaluator: `start, start + interval, …` up to `end`.
/// An instant query is a grid of one step (interval 1 ms, as Prometheus runs it).
struct StepGrid: Equatable {
    let start: Timestamp
    let end: Timestamp
    let interval: Int64
    /// The number of steps.
    let count: Int

    init(start: Timestamp, end: Timestamp, interval: Int64) {
        self.start = start
        self.end = end
        self.interval = max(interval, 1)
        count = end < start ? 0 : Int((end - start) / self.interval) + 1
    }

    /// A one-step grid at `t`.
    static func instant(_ t: Timestamp) -> StepGrid { StepGrid(start: t, end: t, interval: 1) }

    /// One evaluation time: Prometheus' instant queries and single-point evaluations
    /// (`start == end`) keep the order of vectors instead of sorting by labels.
    var isInstant: Bool { start == end }

    /// The time of step `index`.
    @inline(__always) func time(_ index: Int) -> Timestamp { start + Int64(index) * interval }

    /// The step index of a time on the grid.
    @inline(__always) func index(_ t: Timestamp) -> Int { Int((t - start) / interval) }

    /// The last step's time (`end` rounded down to the grid).
    var lastTime: Timestamp { time(max(count - 1, 0)) }
}

/// One series of an intermediate result: its labels and points in time order. For instant
/// vectors the points sit on the evaluator's step grid; for range vectors they are the raw
/// samples of a window.
struct EvalSeries {
    var labels: Labels
    var points: [Sample]
    /// Delayed `__name__` removal: the metric name is to be dropped at the end of the query.
    var dropName: Bool

    init(labels: Labels, points: [Sample] = [], dropName: Bool = false) {
        self.labels = labels
        self.points = points
        self.dropName = dropName
    }
}

/// The value of a node over all steps of its evaluator.
enum EvalValue {
    /// A scalar: exactly one value per step.
    case scalar([Double])
    /// An instant vector over the steps: each series has at most one point per step.
    case vector([EvalSeries])
    /// A range vector (only at the top of an instant query).
    case matrix([EvalSeries])
    case string(String)

    /// The number of points held, for the sample limit.
    var sampleCount: Int {
        switch self {
        case .scalar(let values): return values.count
        case .vector(let series), .matrix(let series): return series.reduce(0) { $0 + $1.points.count }
        case .string: return 0
        }
    }
}

extension Labels {
    /// Whether `name` is `__name__`, `__type__` or `__unit__`: the labels Prometheus drops
    /// together with the metric name (`schema.IsMetadataLabel`).
    @inline(__always) static func isMetadata(_ name: String) -> Bool {
        name.utf8.first == UInt8(ascii: "_") && (name == LabelName.metric || name == "__type__" || name == "__unit__")
    }

    /// A copy without `__name__`, `__type__` and `__unit__`.
    var droppingMetadata: Labels {
        guard contains(where: { Labels.isMetadata($0.name) }) else { return self }
        return Labels(sortedUnique: pairs.filter { !Labels.isMetadata($0.name) })
    }
}

/// Whether dropping `__name__`, `__type__` and `__unit__` from a set of distinct label sets
/// can make two of them equal: only when those labels differ between the sets. Lets the
/// engine skip hashing every result for the duplicate check in the common case.
struct MetadataUniformity {
    /// The values of `__name__`, `__type__` and `__unit__` in one label set.
    private struct Metadata: Equatable {
        var name: String?
        var type: String?
        var unit: String?
    }

    private var first: Metadata?
    private(set) var isUniform = true

    mutating func observe(_ labels: Labels) {
        guard isUniform else { return }
        var values = Metadata()
        for label in labels where Labels.isMetadata(label.name) {
            switch label.name {
            case LabelName.metric: values.name = label.value
            case "__type__": values.type = label.value
            default: values.unit = label.value
            }
        }
        if let first {
            if first != values { isUniform = false }
        } else {
            first = values
        }
    }

    static func of(_ series: [EvalSeries]) -> MetadataUniformity {
        var tracker = MetadataUniformity()
        for s in series { tracker.observe(s.labels) }
        return tracker
    }
}
