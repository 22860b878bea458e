import VigilModel

/// Walks many instant-vector series step by step: at each step, the value of every series
/// that has a point there. The points are copied once into flat arrays so the per-step loop
/// touches no reference counts.
struct StepCursors {
    private var times: [Timestamp] = []
    private var values: [Double] = []
    /// Per series: the next point, and one past its last point, in the flat arrays.
    private var next: [Int] = []
    private var end: [Int] = []

    init(_ series: [EvalSeries]) {
        let total = series.reduce(0) { $0 + $1.points.count }
        times.reserveCapacity(total)
        values.reserveCapacity(total)
        next.reserveCapacity(series.count)
        end.reserveCapacity(series.count)
        for s in series {
            next.append(times.count)
            for point in s.points {
                times.append(point.t)
                values.append(point.v)
            }
            end.append(times.count)
        }
    }

    var count: Int { next.count }

    /// The value of series `index` at step time `t`, moving past it; nil without a point.
    @inline(__always)
    mutating func value(_ index: Int, at t: Timestamp) -> Double? {
        let position = next[index]
        guard position < end[index], times[position] == t else { return nil }
        next[index] = position + 1
        return values[position]
    }

    /// The elements at `t` as (series, value), in series order, moving past them.
    mutating func gather(at t: Timestamp, into out: inout [(series: Int, v: Double)]) {
        out.removeAll(keepingCapacity: true)
        for index in 0..<next.count {
            if let v = value(index, at: t) { out.append((index, v)) }
        }
    }
}
