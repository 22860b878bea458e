import VigilModel

extension Evaluator {
    /// The bucket series of an input vector grouped into classic histograms: each series'
    /// `le` parsed once, each group being the labels without `le`.
    private struct BucketGroups {
        var groupLabels: [Labels] = []
        /// Per input series: its group, or nil when `le` is missing or malformed.
        var groupOf: [Int?] = []
        var upperBound: [Double] = []
    }

    private func bucketGroups(_ input: [EvalSeries]) -> BucketGroups {
        var groups = BucketGroups()
        var grouping = LabelGrouping(.allBut([LabelName.bucket], dropName: false))
        for series in input {
            guard let bound = GoParse.float(series.labels[LabelName.bucket] ?? "") else {
                groups.groupOf.append(nil)
                groups.upperBound.append(.nan)
                continue
            }
            groups.groupOf.append(grouping.group(of: series.labels))
            groups.upperBound.append(bound)
        }
        groups.groupLabels = grouping.keys
        return groups
    }

    /// Evaluates `compute(step, group, buckets)` for every group with buckets at every step.
    private func perHistogram(
        _ input: [EvalSeries], _ vectorRange: SourceRange,
        _ compute: (Int, Int, inout [ClassicHistogram.Bucket]) -> Double
    ) throws(PromQLError) -> [EvalSeries] {
        let groups = bucketGroups(input)
        let delayed = options.enableDelayedNameRemoval
        var buckets = [[ClassicHistogram.Bucket]](repeating: [], count: groups.groupLabels.count)
        var points = [[Sample]](repeating: [], count: groups.groupLabels.count)
        var cursors = StepCursors(input)
        for step in 0..<grid.count {
            let t = grid.time(step)
            for g in buckets.indices { buckets[g].removeAll(keepingCapacity: true) }
            for i in 0..<cursors.count {
                guard let value = cursors.value(i, at: t) else { continue }
                guard let group = groups.groupOf[i] else {
                    let name = delayed ? (input[i].labels.metricName ?? "") : ""
                    let le = input[i].labels[LabelName.bucket] ?? ""
                    var message = "bucket label \"le\" is missing or has a malformed value of \(GoQuote.string(le))"
                    if !name.isEmpty { message += " for metric name \(GoQuote.string(name))" }
                    state.annotations.add(.warning, message, vectorRange)
                    continue
                }
                buckets[group].append(ClassicHistogram.Bucket(upperBound: groups.upperBound[i], count: value))
            }
            for g in buckets.indices where !buckets[g].isEmpty {
                points[g].append(Sample(t: t, v: compute(step, g, &buckets[g])))
            }
        }
        var out: [EvalSeries] = []
        for (g, labels) in groups.groupLabels.enumerated() where !points[g].isEmpty {
            try state.hold(points[g].count)
            out.append(EvalSeries(labels: delayed ? labels : labels.droppingMetadata, points: points[g], dropName: true))
        }
        return delayed ? out : try mergeSameLabels(out)
    }

    /// `histogram_quantile(φ, buckets)` over classic histograms.
    func histogramQuantile(_ c: CallNode) throws(PromQLError) -> [EvalSeries] {
        let quantiles = try scalar(c.args[0])
        let input = try vector(c.args[1])
        let delayed = options.enableDelayedNameRemoval
        for q in Set(quantiles.map(\.bitPattern)).map(Double.init(bitPattern:)) where q.isNaN || q < 0 || q > 1 {
            state.annotations.add(.warning, "quantile value should be between 0 and 1, got \(GoFloat.g(q))", c.argRanges[0])
        }
        let groupNames = bucketGroups(input).groupLabels.map { $0.metricName ?? "" }
        return try perHistogram(input, c.argRanges[1]) { step, group, buckets in
            let (value, quality) = ClassicHistogram.quantile(quantiles[step], &buckets)
            if quality.forcedMonotonicity {
                var message = "input to histogram_quantile needed to be fixed for monotonicity "
                    + "(see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)"
                if delayed && !groupNames[group].isEmpty { message += " for metric name \(GoQuote.string(groupNames[group]))" }
                let t = grid.time(step)
                state.annotations.addMonotonicityFix(
                    message, c.argRanges[1],
                    .init(minTime: t, maxTime: t, minBucket: quality.minBucket, maxBucket: quality.maxBucket, maxDiff: quality.maxDiff))
            }
            return value
        }
    }

    /// `histogram_fraction(lower, upper, buckets)` over classic histograms.
    func histogramFraction(_ c: CallNode) throws(PromQLError) -> [EvalSeries] {
        let lower = try scalar(c.args[0])
        let upper = try scalar(c.args[1])
        let input = try vector(c.args[2])
        return try perHistogram(input, c.argRanges[2]) { step, _, buckets in
            ClassicHistogram.fraction(lower[step], upper[step], &buckets)
        }
    }
}

/// Go's `strconv.ParseFloat(s, 64)` for the values it accepts in labels.
enum GoParse {
    static func float(_ text: String) -> Double? {
        if text.isEmpty { return nil }
        // Plain decimals (every `le` a client writes) mean the same to Swift and to Go.
        if text.utf8.allSatisfy(isDecimalByte) { return Double(text) }
        var body = Substring(text)
        var negative = false
        if body.first == "+" || body.first == "-" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        switch body.lowercased() {
        case "inf", "infinity": return negative ? -.infinity : .infinity
        case "nan": return .nan
        default: break
        }
        // Digits, an optional point and an exponent; hexadecimal needs a `p` exponent.
        let lower = body.lowercased()
        if lower.hasPrefix("0x") && !lower.contains("p") { return nil }
        guard body.first != "_", !lower.contains("nan"), !lower.contains("inf"),
              let value = Double(body)
        else { return nil }
        return negative ? -value : value
    }

    /// Digits, sign, point and exponent letters: text with no `inf`, `nan`, hex or `_`.
    private static func isDecimalByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"),
            UInt8(ascii: "+"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }
}
