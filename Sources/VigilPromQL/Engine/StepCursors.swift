import VigilModel

/// Walks many instant-vector series step by step: at each step, the value of every series
/// that has a point there. Reads the series' own point arrays in place: copying them into
/// flat arrays first cost a range query over thousands of series tens of megabytes, freshly
/// mapped and faulted in each time, and no locality (each step reads one point per series).
struct StepCursors {
    private let series: [EvalSeries]
    /// Per series: the next point.
    private var next: [Int]

    init(_ series: [EvalSeries]) {
        self.series = series
        next = [Int](repeating: 0, count: series.count)
    }

    var count: Int { next.count }

    /// The value of series `index` at step time `t`, moving past it; nil without a point.
    @inline(__always)
    mutating func value(_ index: Int, at t: Timestamp) -> Double? {
        let position = next[index]
        guard position < series[index].points.count else { return nil }
        let point = series[index].points[position]
        guard point.t == t else { return nil }
        next[index] = position + 1
        return point.v
    }

    /// The elements at `t` as (series, value), in series order, moving past them.
    mutating func gather(at t: Timestamp, into out: inout [(series: Int, v: Double)]) {
        out.removeAll(keepingCapacity: true)
        for index in 0..<next.count {
            if let v = value(index, at: t) { out.append((index, v)) }
        }
    }
}
