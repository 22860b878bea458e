import VigilModel

extension Evaluator {
    /// Where the windows of a range-function argument come from.
    private struct WindowSource {
        let window: Int64
        let offset: Int64
        let at: Timestamp?
        var extended = WindowExtension.none
    }

    /// A function of a range vector (`rate(x[5m])`, `max_over_time(y[1h:1m])`), evaluated
    /// series by series: each series' samples are read once and every step's window
    /// `(t - offset - range, t - offset]` is found by moving two indexes forward.
    func rangeFunction(_ call: CallNode) throws(PromQLError) -> [EvalSeries] {
        guard let function = RangeFunction(rawValue: call.name),
              let matrixIndex = call.signature.argTypes.firstIndex(of: .matrix)
        else { preconditionFailure("BUG: \(call.name) is not a range function") }

        var scalars: [[Double]] = []
        for (index, arg) in call.args.enumerated() where index != matrixIndex {
            scalars.append(try scalar(arg))
        }
        let delayedNames = options.enableDelayedNameRemoval
        var out: [EvalSeries] = []
        var absentSteps = function == .absentOverTime ? [Bool](repeating: true, count: grid.count) : []
        var scratch: [Double] = []
        var warnedQuantiles = Set<UInt64>()
        var uniformity = MetadataUniformity()

        let evaluate = { (labels: Labels, samples: [Sample], source: WindowSource, inputDropName: Bool) throws(PromQLError) in
            let points = try windows(
                samples, source, function, scalars, call, &scratch, &warnedQuantiles, &absentSteps)
            if function == .absentOverTime || points.isEmpty { return }
            let dropName = !function.keepsMetricName || inputDropName
            var series = EvalSeries(labels: labels, points: points, dropName: dropName)
            if dropName && !delayedNames {
                uniformity.observe(labels)
                series.labels = labels.droppingMetadata
            }
            try state.hold(points.count)
            out.append(series)
            if function == .rate || function == .increase { noteNonCounter(labels, call.argRanges[0]) }
        }

        switch call.args[matrixIndex].unwrapped {
        case .matrixSelector(let node, let window):
            if let error = ExtendedWindows.unsupported(node.extended, call.name) { throw error }
            let source = WindowSource(window: window, offset: node.offset, at: node.at, extended: node.extended)
            for (number, series) in try select(node).enumerated() {
                if number & 63 == 63 { try state.checkDeadline() }
                var samples = try load(series)
                if samples.contains(where: { StaleMarker.isStale($0.v) }) {
                    samples.removeAll { StaleMarker.isStale($0.v) }
                }
                try evaluate(series.labels, samples, source, false)
            }
        case .subquery(let node):
            let source = WindowSource(window: node.window, offset: node.offset, at: node.at)
            for series in try subquerySeries(node) {
                try state.checkDeadline()
                try evaluate(series.labels, series.points, source, series.dropName)
            }
        default:
            preconditionFailure("BUG: range function argument is neither a range selector nor a subquery")
        }

        if function == .absentOverTime {
            let points = absentSteps.indices.compactMap { absentSteps[$0] ? Sample(t: grid.time($0), v: 1) : nil }
            if points.isEmpty { return [] }
            try state.hold(points.count)
            return [EvalSeries(labels: absentLabels(call.args[matrixIndex]), points: points, dropName: true)]
        }
        if !delayedNames && !uniformity.isUniform { try rejectSameLabels(out) }
        return out
    }

    /// The function's value at every step for one series.
    private func windows(
        _ samples: [Sample], _ source: WindowSource, _ function: RangeFunction, _ scalars: [[Double]],
        _ call: CallNode, _ scratch: inout [Double], _ warnedQuantiles: inout Set<UInt64>, _ absentSteps: inout [Bool]
    ) throws(PromQLError) -> [Sample] {
        var points: [Sample] = []
        if samples.isEmpty { return points }
        let window = source.window
        let lookback = options.lookbackDelta
        // The samples looked at reach further than the window for extended selectors.
        let before: Int64 = source.extended == .none ? 0 : lookback
        let after: Int64 = source.extended == .smoothed ? lookback : 0
        // Counter resets so far, per sample: a window has one when the count changes inside it.
        var decreases: [Int32] = []
        if function.readsResets {
            decreases.reserveCapacity(samples.count)
            var count: Int32 = 0
            decreases.append(0)
            for i in samples.indices.dropFirst() {
                if samples[i].v < samples[i - 1].v { count += 1 }
                decreases.append(count)
            }
        }
        let sorted = function == .quantileOverTime
        var sortedWindow = SortedWindow()
        try samples.withUnsafeBufferPointer { (buffer) throws(PromQLError) in
            var low = 0  // first sample inside the window
            var high = 0  // first sample after the window
            var context = WindowContext(stepTime: 0, start: 0, end: 0, window: window)
            for step in 0..<grid.count {
                let t = grid.time(step)
                let end = (source.at ?? t) - source.offset
                let start = end - window
                if source.at == nil || step == 0 {
                    while high < buffer.count && buffer[high].t <= end + after {
                        if sorted { sortedWindow.insert(buffer[high].v) }
                        high += 1
                    }
                    while low < high && buffer[low].t <= start - before {
                        if sorted { sortedWindow.remove(buffer[low].v) }
                        low += 1
                    }
                }
                let count = high - low
                if count == 0 { continue }
                if function == .absentOverTime {
                    absentSteps[step] = false
                    continue
                }
                try state.checkPeak(count)
                context.stepTime = t
                context.start = start
                context.end = end
                context.extended = source.extended
                if !scalars.isEmpty { context.arg0 = scalars[0][step] }
                if scalars.count > 1 { context.arg1 = scalars[1][step] }
                if !decreases.isEmpty { context.hasDecrease = decreases[high - 1] != decreases[low] }
                if function == .quantileOverTime {
                    let q = context.arg0
                    if (q.isNaN || q < 0 || q > 1) && warnedQuantiles.insert(q.bitPattern).inserted {
                        state.annotations.add(.warning, "quantile value should be between 0 and 1, got \(GoFloat.g(q))", call.argRanges[0])
                    }
                    points.append(Sample(t: t, v: sortedWindow.quantile(q)))
                    continue
                }
                let slice = UnsafeBufferPointer(rebasing: buffer[low..<high])
                if let value = try function.apply(slice, context, scratch: &scratch) {
                    points.append(Sample(t: t, v: value))
                }
            }
        }
        return points
    }

    /// `rate`/`increase` of a metric whose name does not look like a counter's gets an info.
    private func noteNonCounter(_ labels: Labels, _ range: SourceRange) {
        guard let name = labels.metricName, !name.isEmpty else { return }
        for suffix in ["_total", "_sum", "_count", "_bucket"] where name.hasSuffix(suffix) { return }
        state.annotations.add(
            .info, "metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \(GoQuote.string(name))", range)
    }

    /// The labels `absent` and `absent_over_time` give their result: those matched exactly
    /// once with `=` (createLabelsForAbsentFunction).
    func absentLabels(_ arg: Plan) -> Labels {
        let matchers: [LabelMatcher]
        switch arg {
        case .vectorSelector(let node), .matrixSelector(let node, _): matchers = node.matchers
        default: return .empty
        }
        var builder = LabelsBuilder()
        var seen = Set<String>()
        for matcher in matchers where matcher.name != LabelName.metric {
            if matcher.kind == .equal && !seen.contains(matcher.name) {
                builder.set(matcher.name, matcher.value)
                seen.insert(matcher.name)
            } else {
                builder.delete(matcher.name)
            }
        }
        return builder.labels
    }
}
