import VigilModel

/// Where a window sits: the step it is evaluated for and its bounds `(start, end]`.
struct WindowContext {
    /// The evaluation time of the step (the `@` time does not change it).
    var stepTime: Timestamp
    var start: Timestamp
    var end: Timestamp
    /// The selector's range in milliseconds.
    var window: Int64
    /// The scalar arguments at this step, in argument order (quantile, factors, duration).
    var arg0: Double = 0
    var arg1: Double = 0
    /// Whether some sample of the window is below its predecessor (a counter reset). Only
    /// maintained for the counter functions, which skip their reset scan without one.
    var hasDecrease = true
    /// Anchored or smoothed: `w` then also holds samples around `(start, end]`.
    var extended = WindowExtension.none
}

/// The functions of a range vector: each maps the float samples of one series' window (never
/// empty, time order, no staleness markers) to one value, or to nothing.
/// Matches promql/functions.go for float samples.
enum RangeFunction: String {
    case rate, increase, delta, irate, idelta, deriv
    case predictLinear = "predict_linear"
    case resets, changes
    case avgOverTime = "avg_over_time", sumOverTime = "sum_over_time", countOverTime = "count_over_time"
    case minOverTime = "min_over_time", maxOverTime = "max_over_time"
    case lastOverTime = "last_over_time", firstOverTime = "first_over_time"
    case presentOverTime = "present_over_time", absentOverTime = "absent_over_time"
    case quantileOverTime = "quantile_over_time"
    case stddevOverTime = "stddev_over_time", stdvarOverTime = "stdvar_over_time"
    case madOverTime = "mad_over_time"
    case tsOfFirstOverTime = "ts_of_first_over_time", tsOfLastOverTime = "ts_of_last_over_time"
    case tsOfMinOverTime = "ts_of_min_over_time", tsOfMaxOverTime = "ts_of_max_over_time"
    case doubleExponentialSmoothing = "double_exponential_smoothing"
    case holtWinters = "holt_winters"

    /// Whether the function reads counter resets (and wants `WindowContext.hasDecrease`).
    var readsResets: Bool { self == .rate || self == .increase || self == .resets }

    /// Whether the result keeps the metric name (they act like an offset).
    var keepsMetricName: Bool { self == .lastOverTime || self == .firstOverTime }

    /// The value for one window; `scratch` is a reusable buffer.
    func apply(
        _ w: UnsafeBufferPointer<Sample>, _ ctx: WindowContext, scratch: inout [Double]
    ) throws(PromQLError) -> Double? {
        if ctx.extended != .none {
            switch self {
            case .rate: return ExtendedWindows.rate(w, ctx, isCounter: true, isRate: true)
            case .increase: return ExtendedWindows.rate(w, ctx, isCounter: true, isRate: false)
            case .delta: return ExtendedWindows.rate(w, ctx, isCounter: false, isRate: false)
            case .resets, .changes:
                guard let first = ExtendedWindows.anchoredFirst(w, start: ctx.start) else { return nil }
                var plain = ctx
                plain.extended = .none
                plain.hasDecrease = true
                return try apply(UnsafeBufferPointer(rebasing: w[first...]), plain, scratch: &scratch)
            default: preconditionFailure("BUG: \(rawValue) with an extended window")
            }
        }
        switch self {
        case .rate: return Self.extrapolatedRate(w, ctx, isCounter: true, isRate: true)
        case .increase: return Self.extrapolatedRate(w, ctx, isCounter: true, isRate: false)
        case .delta: return Self.extrapolatedRate(w, ctx, isCounter: false, isRate: false)
        case .irate: return Self.instantValue(w, isRate: true)
        case .idelta: return Self.instantValue(w, isRate: false)
        case .deriv:
            guard w.count >= 2 else { return nil }
            // Intercept at the first sample keeps the numbers small (prometheus#2674).
            return Self.linearRegression(w, interceptTime: w[0].t).slope
        case .predictLinear:
            guard w.count >= 2 else { return nil }
            let (slope, intercept) = Self.linearRegression(w, interceptTime: ctx.stepTime)
            return slope * ctx.arg0 + intercept
        case .resets:
            if !ctx.hasDecrease { return 0 }
            var count = 0
            for i in 1..<max(w.count, 1) where w[i].v < w[i - 1].v { count += 1 }
            return Double(count)
        case .changes:
            var count = 0
            for i in 1..<max(w.count, 1) {
                let (current, previous) = (w[i].v, w[i - 1].v)
                if current != previous && !(current.isNaN && previous.isNaN) { count += 1 }
            }
            return Double(count)
        case .avgOverTime: return Self.average(w)
        case .sumOverTime:
            var sum = 0.0
            var c = 0.0
            for sample in w { (sum, c) = KahanSum.add(sample.v, to: sum, compensation: c) }
            return sum.isInfinite ? sum : sum + c
        case .countOverTime: return Double(w.count)
        case .minOverTime: return Self.extreme(w) { $0 < $1 }.v
        case .maxOverTime: return Self.extreme(w) { $0 > $1 }.v
        case .tsOfMinOverTime: return Double(Self.extreme(w) { $0 <= $1 }.t) / 1000
        case .tsOfMaxOverTime: return Double(Self.extreme(w) { $0 >= $1 }.t) / 1000
        case .lastOverTime: return w[w.count - 1].v
        case .firstOverTime: return w[0].v
        case .tsOfFirstOverTime: return Double(w[0].t) / 1000
        case .tsOfLastOverTime: return Double(w[w.count - 1].t) / 1000
        case .presentOverTime, .absentOverTime: return 1
        case .quantileOverTime:
            scratch.removeAll(keepingCapacity: true)
            for sample in w { scratch.append(sample.v) }
            return Quantile.of(ctx.arg0, &scratch)
        case .stddevOverTime: return Self.variance(w).squareRoot()
        case .stdvarOverTime: return Self.variance(w)
        case .madOverTime:
            scratch.removeAll(keepingCapacity: true)
            for sample in w {
                // A NaN makes the median, and so the deviation, undefined.
                if sample.v.isNaN { return .nan }
                scratch.append(sample.v)
            }
            let median = Quantile.of(0.5, &scratch)
            for i in scratch.indices { scratch[i] = abs(scratch[i] - median) }
            return Quantile.of(0.5, &scratch)
        case .doubleExponentialSmoothing, .holtWinters:
            return try Self.doubleExponentialSmoothing(w, smoothing: ctx.arg0, trend: ctx.arg1)
        }
    }

    // MARK: - Kernels

    /// rate/increase/delta: the change over the window extrapolated towards its edges, with
    /// counter resets corrected for counters (`extrapolatedRate`).
    static func extrapolatedRate(_ w: UnsafeBufferPointer<Sample>, _ ctx: WindowContext, isCounter: Bool, isRate: Bool) -> Double? {
        guard w.count >= 2 else { return nil }
        let first = w[0]
        let last = w[w.count - 1]
        var result = last.v - first.v
        if isCounter && ctx.hasDecrease {
            for i in 1..<w.count where w[i].v < w[i - 1].v { result += w[i - 1].v }
        }
        var durationToStart = Double(first.t - ctx.start) / 1000
        var durationToEnd = Double(ctx.end - last.t) / 1000
        let sampledInterval = Double(last.t - first.t) / 1000
        let averageDurationBetweenSamples = sampledInterval / Double(w.count - 1)
        // Samples close enough to an edge (up to 10% more than the average gap) stand for a
        // series covering the whole window; otherwise extrapolate half a gap only.
        let threshold = averageDurationBetweenSamples * 1.1
        if durationToStart >= threshold { durationToStart = averageDurationBetweenSamples / 2 }
        if isCounter {
            // A counter cannot go below zero: do not extrapolate past its zero point.
            var durationToZero = durationToStart
            if result > 0 && first.v >= 0 { durationToZero = sampledInterval * (first.v / result) }
            if durationToZero < durationToStart { durationToStart = durationToZero }
        }
        if durationToEnd >= threshold { durationToEnd = averageDurationBetweenSamples / 2 }
        var factor = 1.0
        if sampledInterval != 0 { factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval }
        if isRate { factor /= Double(ctx.window) / 1000 }
        return result * factor
    }

    /// irate/idelta: the last two samples.
    static func instantValue(_ w: UnsafeBufferPointer<Sample>, isRate: Bool) -> Double? {
        guard w.count >= 2 else { return nil }
        let previous = w[w.count - 2]
        let last = w[w.count - 1]
        let interval = last.t - previous.t
        guard interval != 0 else { return nil }
        // After a counter reset, irate takes the new value as the increase.
        var result = last.v
        if !isRate || !(last.v < previous.v) { result = last.v - previous.v }
        if isRate { result /= Double(interval) / 1000 }
        return result
    }

    /// Least-squares fit of value over time (seconds from `interceptTime`), with Kahan sums.
    static func linearRegression(_ w: UnsafeBufferPointer<Sample>, interceptTime: Timestamp) -> (slope: Double, intercept: Double) {
        var n = 0.0
        var (sumX, cX, sumY, cY, sumXY, cXY, sumX2, cX2) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        let initY = w[0].v
        var constY = true
        for (i, sample) in w.enumerated() {
            if constY && i > 0 && sample.v != initY { constY = false }
            n += 1
            let x = Double(sample.t - interceptTime) / 1e3
            (sumX, cX) = KahanSum.add(x, to: sumX, compensation: cX)
            (sumY, cY) = KahanSum.add(sample.v, to: sumY, compensation: cY)
            (sumXY, cXY) = KahanSum.add(x * sample.v, to: sumXY, compensation: cXY)
            (sumX2, cX2) = KahanSum.add(x * x, to: sumX2, compensation: cX2)
        }
        if constY {
            if initY.isInfinite { return (.nan, .nan) }
            return (0, initY)
        }
        sumX += cX
        sumY += cY
        sumXY += cXY
        sumX2 += cX2
        let covXY = sumXY - sumX * sumY / n
        let varX = sumX2 - sumX * sumX / n
        let slope = covXY / varX
        return (slope, sumY / n - slope * sumX / n)
    }

    /// The mean with Kahan summation, switching to an incremental mean once the sum would
    /// overflow (avg_over_time).
    static func average(_ w: UnsafeBufferPointer<Sample>) -> Double {
        var sum = w[0].v
        var count = 1.0
        var mean = 0.0
        var c = 0.0
        var incremental = false
        for i in 1..<w.count {
            let f = w[i].v
            count = Double(i + 1)
            if !incremental {
                let (newSum, newC) = KahanSum.add(f, to: sum, compensation: c)
                if !newSum.isInfinite {
                    (sum, c) = (newSum, newC)
                    continue
                }
                incremental = true
                mean = sum / (count - 1)
                c /= count - 1
            }
            let q = (count - 1) / count
            (mean, c) = KahanSum.add(f / count, to: q * mean, compensation: q * c)
        }
        if incremental { return mean + c }
        return sum / count + c / count
    }

    /// The population variance with Welford's method and Kahan sums (varianceOverTime).
    static func variance(_ w: UnsafeBufferPointer<Sample>) -> Double {
        var count = 0.0
        var mean = 0.0
        var cMean = 0.0
        var aux = 0.0
        var cAux = 0.0
        for sample in w {
            count += 1
            let delta = sample.v - (mean + cMean)
            (mean, cMean) = KahanSum.add(delta / count, to: mean, compensation: cMean)
            (aux, cAux) = KahanSum.add(delta * (sample.v - (mean + cMean)), to: aux, compensation: cAux)
        }
        return (aux + cAux) / count
    }

    /// The sample kept by `better(candidate, current)` scanning in order; a NaN current
    /// value is always replaced (compareOverTime).
    @inline(__always)
    static func extreme(_ w: UnsafeBufferPointer<Sample>, _ better: (Double, Double) -> Bool) -> Sample {
        var best = w[0]
        for sample in w where better(sample.v, best.v) || best.v.isNaN { best = sample }
        return best
    }

    /// Holt's linear smoothing (double_exponential_smoothing, formerly holt_winters).
    static func doubleExponentialSmoothing(
        _ w: UnsafeBufferPointer<Sample>, smoothing sf: Double, trend tf: Double
    ) throws(PromQLError) -> Double? {
        guard sf > 0 && sf < 1 else {
            throw EvaluationError.execution("invalid smoothing factor. Expected: 0 < sf < 1, got: \(GoFloat.fixed(sf))")
        }
        guard tf > 0 && tf < 1 else {
            throw EvaluationError.execution("invalid trend factor. Expected: 0 < tf < 1, got: \(GoFloat.fixed(tf))")
        }
        guard w.count >= 2 else { return nil }
        var s0 = 0.0
        var s1 = w[0].v
        var b = w[1].v - w[0].v
        for i in 1..<w.count {
            let x = sf * w[i].v
            // The trend at the previous point.
            if i > 1 { b = tf * (s1 - s0) + (1 - tf) * b }
            let y = (1 - sf) * (s1 + b)
            (s0, s1) = (s1, x + y)
        }
        return s1
    }
}
