import VigilModel

extension Evaluator {
    /// A function call (promql/functions.go, the float cases).
    func call(_ c: CallNode) throws(PromQLError) -> EvalValue {
        if c.signature.argTypes.contains(.matrix) { return .vector(try rangeFunction(c)) }
        switch c.name {
        case "time":
            return .scalar((0..<grid.count).map { Double(grid.time($0)) / 1000 })
        case "pi":
            return .scalar(Array(repeating: Double.pi, count: grid.count))
        case "min_of", "max_of":
            let a = try scalar(c.args[0])
            let b = try scalar(c.args[1])
            return .scalar(zip(a, b).map { c.name == "min_of" ? goMin($0, $1) : goMax($0, $1) })
        case "scalar":
            return .scalar(try scalarOf(try vector(c.args[0])))
        case "vector":
            let values = try scalar(c.args[0])
            let points = values.enumerated().map { Sample(t: grid.time($0.offset), v: $0.element) }
            return .vector([EvalSeries(labels: .empty, points: points)])
        case "timestamp":
            return .vector(try timestamp(c))
        case "absent":
            return .vector(try absent(c))
        case "sort", "sort_desc", "sort_by_label", "sort_by_label_desc":
            return .vector(try sort(c))
        case "label_replace":
            return .vector(try labelReplace(c))
        case "label_join":
            return .vector(try labelJoin(c))
        case "histogram_quantile":
            return .vector(try histogramQuantile(c))
        case "histogram_fraction":
            return .vector(try histogramFraction(c))
        case "round":
            let input = try vector(c.args[0])
            let toNearest = c.args.count > 1 ? try scalar(c.args[1]) : Array(repeating: 1, count: grid.count)
            return .vector(try mapValues(input) { value, step in
                // Inverting first is more accurate; ties round up.
                let inverse = 1 / toNearest[step]
                return (value * inverse + 0.5).rounded(.down) / inverse
            })
        case "clamp", "clamp_min", "clamp_max":
            return .vector(try clamp(c))
        case "minute", "hour", "day_of_week", "day_of_month", "day_of_year", "days_in_month", "month", "year":
            return .vector(try dateFunction(c))
        case "histogram_count", "histogram_sum", "histogram_avg", "histogram_stddev", "histogram_stdvar",
            "histogram_quantiles", "start_timestamp":
            // These read native histograms or start timestamps, which the store does not keep:
            // float samples are ignored, as Prometheus ignores them.
            for arg in c.args where arg.type != .string { _ = try eval(arg) }
            return .vector([])
        case "info":
            return .vector(try info(c))
        default:
            guard let function = MathFunction(rawValue: c.name) else {
                preconditionFailure("BUG: no implementation for function \(c.name)")
            }
            return .vector(try mapValues(try vector(c.args[0])) { value, _ in function.apply(value) })
        }
    }

    /// Applies `transform(value, step)` to every point; the result loses its metric name.
    func mapValues(_ input: [EvalSeries], _ transform: (Double, Int) -> Double) throws(PromQLError) -> [EvalSeries] {
        var out = input
        let eager = !options.enableDelayedNameRemoval
        let uniform = MetadataUniformity.of(input).isUniform
        for index in out.indices {
            out[index].dropName = true
            if eager { out[index].labels = out[index].labels.droppingMetadata }
            for p in out[index].points.indices {
                let point = out[index].points[p]
                out[index].points[p].v = transform(point.v, grid.index(point.t))
            }
        }
        return eager && !uniform ? try mergeSameLabels(out) : out
    }

    /// Go's `math.Min`: -Inf wins over NaN, NaN over numbers, and -0 is below +0.
    func goMin(_ a: Double, _ b: Double) -> Double {
        if a == -.infinity || b == -.infinity { return -.infinity }
        if a.isNaN || b.isNaN { return .nan }
        if a == 0 && b == 0 { return a.sign == .minus ? a : b }
        return Swift.min(a, b)
    }

    /// Go's `math.Max`: +Inf wins over NaN, NaN over numbers, and +0 is above -0.
    func goMax(_ a: Double, _ b: Double) -> Double {
        if a == .infinity || b == .infinity { return .infinity }
        if a.isNaN || b.isNaN { return .nan }
        if a == 0 && b == 0 { return a.sign == .minus ? b : a }
        return Swift.max(a, b)
    }

    /// `scalar(v)`: the value of the only element at each step, NaN otherwise.
    private func scalarOf(_ input: [EvalSeries]) throws(PromQLError) -> [Double] {
        var values = [Double](repeating: .nan, count: grid.count)
        var counts = [UInt8](repeating: 0, count: grid.count)
        for series in input {
            for point in series.points {
                let step = grid.index(point.t)
                counts[step] = counts[step] &+ (counts[step] < 2 ? 1 : 0)
                values[step] = counts[step] == 1 ? point.v : .nan
            }
        }
        return values
    }

    private func timestamp(_ c: CallNode) throws(PromQLError) -> [EvalSeries] {
        let eager = !options.enableDelayedNameRemoval
        var series: [EvalSeries]
        if case .vectorSelector(let node) = c.args[0] {
            // The sample's own timestamp, not the step's (rangeEvalTimestampFunctionOverVectorSelector).
            series = try vectorSelector(node, timestamps: true)
        } else {
            series = try vector(c.args[0])
            for index in series.indices {
                for p in series[index].points.indices {
                    series[index].points[p].v = Double(series[index].points[p].t) / 1000
                }
            }
        }
        for index in series.indices {
            series[index].dropName = true
            if eager { series[index].labels = series[index].labels.droppingMetadata }
        }
        return eager ? try mergeSameLabels(series) : series
    }

    private func absent(_ c: CallNode) throws(PromQLError) -> [EvalSeries] {
        let input = try vector(c.args[0])
        var present = [Bool](repeating: false, count: grid.count)
        for series in input {
            for point in series.points { present[grid.index(point.t)] = true }
        }
        let points = present.indices.compactMap { present[$0] ? nil : Sample(t: grid.time($0), v: 1) }
        if points.isEmpty { return [] }
        try state.hold(points.count)
        return [EvalSeries(labels: absentLabels(c.args[0].unwrapped), points: points)]
    }

    private func clamp(_ c: CallNode) throws(PromQLError) -> [EvalSeries] {
        let input = try vector(c.args[0])
        var lower = [Double](repeating: -.infinity, count: grid.count)
        var upper = [Double](repeating: .infinity, count: grid.count)
        switch c.name {
        case "clamp":
            lower = try scalar(c.args[1])
            upper = try scalar(c.args[2])
        case "clamp_min":
            lower = try scalar(c.args[1])
        default:
            upper = try scalar(c.args[1])
        }
        var mapped = try mapValues(input) { value, step in goMax(lower[step], goMin(upper[step], value)) }
        // An empty interval yields nothing at that step.
        if zip(lower, upper).contains(where: { $0.1 < $0.0 }) {
            for index in mapped.indices {
                mapped[index].points.removeAll { upper[grid.index($0.t)] < lower[grid.index($0.t)] }
            }
            mapped.removeAll { $0.points.isEmpty }
        }
        return mapped
    }

    private func dateFunction(_ c: CallNode) throws(PromQLError) -> [EvalSeries] {
        let field: (CivilTime) -> Int64
        switch c.name {
        case "minute": field = { $0.minute }
        case "hour": field = { $0.hour }
        case "day_of_week": field = { $0.weekday }
        case "day_of_month": field = { $0.day }
        case "day_of_year": field = { $0.dayOfYear }
        case "days_in_month": field = { $0.daysInMonth }
        case "month": field = { $0.month }
        default: field = { $0.year }
        }
        guard let arg = c.args.first else {
            // Without an argument: the evaluation time.
            let points = (0..<grid.count).map { step in
                Sample(t: grid.time(step), v: Double(field(CivilTime(seconds: grid.time(step) / 1000))))
            }
            return [EvalSeries(labels: .empty, points: points)]
        }
        return try mapValues(try vector(arg)) { value, _ in
            Double(field(CivilTime(seconds: Self.goInt64(value))))
        }
    }

    /// Go's float64 → int64 conversion on amd64: out of range and NaN give the minimum.
    static func goInt64(_ value: Double) -> Int64 {
        guard value.isFinite, value >= -9.223372036854775808e18, value < 9.223372036854775808e18 else { return .min }
        return Int64(value)
    }
}

/// The element-wise math functions of instant vectors.
enum MathFunction: String {
    case abs, ceil, floor, exp, sqrt, ln, log2, log10, sgn, deg, rad
    case sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, asinh, acosh, atanh

    func apply(_ v: Double) -> Double {
        switch self {
        case .abs: return Swift.abs(v)
        case .ceil: return v.rounded(.up)
        case .floor: return v.rounded(.down)
        case .exp: return Math.exp(v)
        case .sqrt: return v.squareRoot()
        case .ln: return Math.ln(v)
        case .log2: return Math.log2(v)
        case .log10: return Math.log10(v)
        case .sgn: return v < 0 ? -1 : (v > 0 ? 1 : v)
        case .deg: return v * 180 / Double.pi
        case .rad: return v * Double.pi / 180
        case .sin: return Math.sin(v)
        case .cos: return Math.cos(v)
        case .tan: return Math.tan(v)
        case .asin: return Math.asin(v)
        case .acos: return Math.acos(v)
        case .atan: return Math.atan(v)
        case .sinh: return Math.sinh(v)
        case .cosh: return Math.cosh(v)
        case .tanh: return Math.tanh(v)
        case .asinh: return Math.asinh(v)
        case .acosh: return Math.acosh(v)
        case .atanh: return Math.atanh(v)
        }
    }
}
