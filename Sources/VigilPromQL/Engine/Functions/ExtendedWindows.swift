import VigilModel

/// The `anchored` and `smoothed` range selectors (promql-extended-range-selectors): windows
/// that also see samples just outside `(start, end]` and use them to pin or interpolate the
/// window's edges (functions.go extendedRate, engine.go extendFloats and smoothSeries).
enum ExtendedWindows {
    /// Functions that accept each extension, named as Prometheus' errors list them.
    static let anchoredFunctions = ["changes", "delta", "increase", "rate", "resets"]
    static let smoothedFunctions = ["delta", "increase", "rate"]

    /// The error for a function that does not accept the extension.
    static func unsupported(_ extended: WindowExtension, _ function: String) -> PromQLError? {
        switch extended {
        case .none: return nil
        case .anchored:
            if anchoredFunctions.contains(function) { return nil }
            return EvaluationError.execution(
                "anchored modifier can only be used with: \(anchoredFunctions.joined(separator: ", ")) - not with \(function)")
        case .smoothed:
            if smoothedFunctions.contains(function) { return nil }
            return EvaluationError.execution(
                "smoothed modifier can only be used with: \(smoothedFunctions.joined(separator: ", ")) - not with \(function)")
        }
    }

    /// The value between two samples at `t`; for a counter that reset, from zero.
    static func interpolate(_ a: Sample, _ b: Sample, _ t: Timestamp, isCounter: Bool) -> Double {
        var y1 = a.v
        let y2 = b.v
        if isCounter && y2 < y1 { y1 = 0 }
        return y1 + (y2 - y1) * Double(t - a.t) / Double(b.t - a.t)
    }

    /// First index in `0..<limit` whose sample satisfies `predicate` (sort.Search).
    private static func search(_ limit: Int, _ predicate: (Int) -> Bool) -> Int {
        var low = 0
        var high = limit
        while low < high {
            let mid = (low + high) / 2
            if !predicate(mid) { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The edge samples of an extended window: the first and last index to use and the
    /// values at `start` and `end`; nil when nothing lies inside the window.
    private static func edges(
        _ w: UnsafeBufferPointer<Sample>, start: Timestamp, end: Timestamp, smoothed: Bool, isCounter: Bool
    ) -> (first: Int, last: Int, left: Double, right: Double)? {
        var last = w.count - 1
        let first = max(0, search(last) { w[$0].t > start } - 1)
        if smoothed { last = search(last) { w[$0].t >= end } }
        if w[last].t <= start { return nil }
        if smoothed && w[first].t > end { return nil }
        let left = smoothed && w[first].t < start ? interpolate(w[first], w[first + 1], start, isCounter: isCounter) : w[first].v
        let right = smoothed && last > 0 && w[last].t > end ? interpolate(w[last - 1], w[last], end, isCounter: isCounter) : w[last].v
        return (first, last, left, right)
    }

    /// rate/increase/delta over an extended window: the difference between the edge values,
    /// corrected for counter resets in between; no extrapolation.
    static func rate(_ w: UnsafeBufferPointer<Sample>, _ ctx: WindowContext, isCounter: Bool, isRate: Bool) -> Double? {
        guard let edge = edges(w, start: ctx.start, end: ctx.end, smoothed: ctx.extended == .smoothed, isCounter: isCounter)
        else { return nil }
        var (first, last) = (edge.first, edge.last)
        let (left, right) = (edge.left, edge.right)
        var result = right - left
        if isCounter {
            if w[first].t <= ctx.start { first += 1 }
            if w[last].t >= ctx.end { last -= 1 }
            var correction = 0.0
            var previous = left
            if first <= last {
                for i in first...last {
                    if w[i].v < previous { correction += previous }
                    previous = w[i].v
                }
            }
            if right < previous { correction += previous }
            result += correction
        }
        if isRate { result /= Double(ctx.window) / 1000 }
        return result
    }

    /// For resets/changes over an anchored window: the index of the last sample at or before
    /// the window's start (or 0), nil when no sample lies after the start.
    static func anchoredFirst(_ w: UnsafeBufferPointer<Sample>, start: Timestamp) -> Int? {
        let lastAtOrBefore = search(w.count) { w[$0].t > start } - 1
        if lastAtOrBefore + 1 >= w.count { return nil }
        return max(lastAtOrBefore, 0)
    }

    /// A range vector selected with an extension, at the top of an instant query: the inner
    /// samples with synthetic samples at both window edges (extendFloats).
    static func extend(_ samples: [Sample], start: Timestamp, end: Timestamp, smoothed: Bool) -> [Sample] {
        guard !samples.isEmpty else { return [] }
        return samples.withUnsafeBufferPointer { w -> [Sample] in
            guard let edge = edges(w, start: start, end: end, smoothed: smoothed, isCounter: false) else { return [] }
            var (first, last) = (edge.first, edge.last)
            let (left, right) = (edge.left, edge.right)
            if w[first].t <= start { first += 1 }
            if w[last].t >= end { last -= 1 }
            var out = [Sample(t: start, v: left)]
            if first <= last { out.append(contentsOf: w[first...last]) }
            out.append(Sample(t: end, v: right))
            return out
        }
    }

    /// A smoothed instant vector selector at `ref`: the sample at `ref`, else the
    /// interpolation between its neighbours, else the last sample before it (smoothSeries).
    /// `w` holds the samples in `(ref - lookback, ref + lookback]`.
    static func smoothedValue(_ w: UnsafeBufferPointer<Sample>, at ref: Timestamp) -> Double? {
        guard !w.isEmpty else { return nil }
        let i = search(w.count) { w[$0].t >= ref }
        if i < w.count && w[i].t == ref { return w[i].v }
        if i > 0 && i < w.count { return interpolate(w[i - 1], w[i], ref, isCounter: false) }
        if i > 0 { return w[i - 1].v }
        return nil
    }
}
