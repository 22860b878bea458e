import VigilModel

extension Evaluator {
    /// The series a selector reads, selected once per query.
    func select(_ node: SelectorNode) throws(PromQLError) -> [SeriesData] {
        if let cached = node.selected { return cached }
        let selected: [SeriesData]
        do {
            selected = try state.querier.select(node.matchers, mint: node.mint, maxt: node.maxt)
        } catch {
            throw EvaluationError.storage(error)
        }
        node.selected = selected
        return selected
    }

    /// The samples of one selected series (read lazily, one series at a time).
    func load(_ series: SeriesData) throws(PromQLError) -> [Sample] {
        do {
            return try series.samples()
        } catch {
            throw EvaluationError.storage(error)
        }
    }

    /// An instant vector selector at every step: the latest sample in the lookback window
    /// `(t - offset - lookback, t - offset]`, unless it is a staleness marker. With
    /// `timestamps`, each point carries the sample's timestamp in seconds (`timestamp(x)`).
    func vectorSelector(_ node: SelectorNode, timestamps: Bool) throws(PromQLError) -> [EvalSeries] {
        let selected = try select(node)
        var out: [EvalSeries] = []
        out.reserveCapacity(selected.count)
        for (number, series) in selected.enumerated() {
            if number & 63 == 63 { try state.checkDeadline() }
            var samples = try load(series)
            let points: [Sample]
            if node.extended == .smoothed {
                samples.removeAll { StaleMarker.isStale($0.v) }
                points = smoothed(samples, node)
            } else {
                points = latest(samples, node, timestamps: timestamps)
            }
            guard !points.isEmpty else { continue }
            try state.hold(points.count)
            out.append(EvalSeries(labels: series.labels, points: points))
        }
        return out
    }

    /// The latest sample at every step, walking the samples once.
    private func latest(_ samples: [Sample], _ node: SelectorNode, timestamps: Bool) -> [Sample] {
        let lookback = options.lookbackDelta
        var points: [Sample] = []
        samples.withUnsafeBufferPointer { buffer in
            if let at = node.at {
                // Pinned by `@`: one lookup, repeated at every step.
                let ref = at - node.offset
                guard let found = Self.latest(buffer, atOrBefore: ref, after: ref - lookback) else { return }
                let value = timestamps ? Double(found.t) / 1000 : found.v
                points = (0..<grid.count).map { Sample(t: grid.time($0), v: value) }
                return
            }
            points.reserveCapacity(grid.count)
            var next = 0  // first sample after the current reference time
            for step in 0..<grid.count {
                let t = grid.time(step)
                let ref = t - node.offset
                while next < buffer.count && buffer[next].t <= ref { next += 1 }
                guard next > 0 else { continue }
                let sample = buffer[next - 1]
                if sample.t <= ref - lookback || StaleMarker.isStale(sample.v) { continue }
                points.append(Sample(t: t, v: timestamps ? Double(sample.t) / 1000 : sample.v))
            }
        }
        return points
    }

    /// A smoothed selector at every step: the value at the reference time, interpolated
    /// between the samples around it within one lookback delta either side.
    private func smoothed(_ samples: [Sample], _ node: SelectorNode) -> [Sample] {
        let lookback = options.lookbackDelta
        var points: [Sample] = []
        samples.withUnsafeBufferPointer { buffer in
            var low = 0
            var high = 0
            for step in 0..<grid.count {
                let t = grid.time(step)
                let ref = node.referenceTime(t)
                while high < buffer.count && buffer[high].t <= ref + lookback { high += 1 }
                while low < high && buffer[low].t <= ref - lookback { low += 1 }
                if let value = ExtendedWindows.smoothedValue(UnsafeBufferPointer(rebasing: buffer[low..<high]), at: ref) {
                    points.append(Sample(t: t, v: value))
                }
            }
        }
        return points
    }

    /// The last sample at or before `ref` and after `floor`, unless it is a staleness marker.
    static func latest(_ buffer: UnsafeBufferPointer<Sample>, atOrBefore ref: Timestamp, after floor: Timestamp) -> Sample? {
        var low = 0
        var high = buffer.count
        while low < high {
            let mid = (low + high) / 2
            if buffer[mid].t <= ref { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return nil }
        let sample = buffer[low - 1]
        if sample.t <= floor || StaleMarker.isStale(sample.v) { return nil }
        return sample
    }

    /// A range vector selector evaluated at the (single) step: the samples in
    /// `(t - offset - window, t - offset]`, staleness markers left out.
    func matrixSelector(_ node: SelectorNode, window: Int64) throws(PromQLError) -> [EvalSeries] {
        let selected = try select(node)
        let ref = node.referenceTime(grid.start)
        let lookback = options.lookbackDelta
        let before: Int64 = node.extended == .none ? 0 : lookback
        let after: Int64 = node.extended == .smoothed ? lookback : 0
        var out: [EvalSeries] = []
        for series in selected {
            var points = try load(series).filter {
                $0.t > ref - window - before && $0.t <= ref + after && !StaleMarker.isStale($0.v)
            }
            if node.extended != .none {
                points = ExtendedWindows.extend(points, start: ref - window, end: ref, smoothed: node.extended == .smoothed)
            }
            guard !points.isEmpty else { continue }
            try state.hold(points.count)
            out.append(EvalSeries(labels: series.labels, points: points))
        }
        return out
    }
}
