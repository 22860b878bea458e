import VigilModel

extension Evaluator {
    /// One candidate element of topk/bottomk/limitk/limit_ratio.
    private struct Candidate {
        var series: Int
        var value: Double
    }

    /// topk, bottomk, limitk and limit_ratio: elements of the input, per group (aggregationK).
    /// An instant query returns them in order: topk descending, bottomk ascending.
    func aggregateK(_ node: AggregateNode, _ input: [EvalSeries], _ parameters: [Double]) throws(PromQLError) -> [EvalSeries] {
        let op = node.op
        let top = parameters.max() ?? 0
        let bottom = parameters.min() ?? 0
        if op == .limitRatio {
            if top == 0 && bottom == 0 { return [] }
            if parameters.contains(where: \.isNaN) { throw EvaluationError.execution("Ratio value is NaN") }
            if top > 1 {
                state.annotations.add(.warning, "ratio value should be between -1 and 1, got \(GoFloat.g(top)), capping to 1", node.paramRange)
            }
            if bottom < -1 {
                state.annotations.add(.warning, "ratio value should be between -1 and 1, got \(GoFloat.g(bottom)), capping to -1", node.paramRange)
            }
        } else {
            if top < 1 { return [] }
            if parameters.contains(where: \.isNaN) { throw EvaluationError.execution("Parameter value is NaN") }
            if bottom <= -9.223372036854775808e18 {
                throw EvaluationError.execution("Scalar value \(GoFloat.g(bottom)) underflows int64")
            }
            if top >= 9.223372036854775807e18 {
                throw EvaluationError.execution("Scalar value \(GoFloat.g(top)) overflows int64")
            }
        }

        var grouping = grouping(node)
        let groupOf = input.map { grouping.group(of: $0.labels) }
        let groupCount = grouping.count
        let ratioOffsets: [Double] = op == .limitRatio ? input.map { RatioSampler.offset($0.labels) } : []

        let isNaN = { (x: Double) in x.isNaN }
        let ascending: (Candidate, Candidate) -> Bool = { isNaN($0.value) || $0.value < $1.value }
        let descending: (Candidate, Candidate) -> Bool = { isNaN($0.value) || $0.value > $1.value }
        let heapOrder = op == .bottomk ? descending : ascending

        var outPoints = [[Sample]](repeating: [], count: input.count)
        var instantOrder: [Int] = []
        var cursors = StepCursors(input)
        var heaps = [GoHeap<Candidate>](repeating: GoHeap(capacity: 0, less: heapOrder), count: groupCount)
        var seen = [Bool](repeating: false, count: groupCount)

        for step in 0..<grid.count {
            let t = grid.time(step)
            let parameter = parameters.isEmpty ? 0 : parameters[step]
            let k = Int(Swift.min(Self.goInt64(parameter), Int64(input.count)))
            var ratio = parameter
            if op == .limitRatio { ratio = Swift.max(-1, Swift.min(1, parameter)) }
            let skipStep = op == .limitRatio ? parameter == 0 : k < 1
            for g in seen.indices { seen[g] = false }
            for i in 0..<cursors.count {
                guard let value = cursors.value(i, at: t) else { continue }
                let candidate = Candidate(series: i, value: value)
                if skipStep { continue }
                let g = groupOf[i]
                if !seen[g] {
                    seen[g] = true
                    heaps[g] = GoHeap(capacity: Swift.max(k, 1), less: heapOrder)
                    if op != .limitRatio || RatioSampler.keeps(ratio, offset: ratioOffsets[i]) {
                        heaps[g].push(candidate)
                    }
                    continue
                }
                switch op {
                case .topk:
                    if heaps[g].count < k {
                        heaps[g].push(candidate)
                    } else if let root = heaps[g].items.first,
                              root.value < candidate.value || (root.value.isNaN && !candidate.value.isNaN) {
                        heaps[g].replaceRoot(candidate)
                    }
                case .bottomk:
                    if heaps[g].count < k {
                        heaps[g].push(candidate)
                    } else if let root = heaps[g].items.first,
                              root.value > candidate.value || (root.value.isNaN && !candidate.value.isNaN) {
                        heaps[g].replaceRoot(candidate)
                    }
                case .limitk:
                    if heaps[g].count < k { heaps[g].push(candidate) }
                default:
                    if RatioSampler.keeps(ratio, offset: ratioOffsets[i]) { heaps[g].push(candidate) }
                }
            }
            if skipStep { continue }
            var emitted = 0
            for g in heaps.indices where seen[g] {
                var chosen = heaps[g].items
                switch op {
                // sort.Sort(sort.Reverse(heap)): the heap's order, reversed.
                case .topk: GoSort.sort(&chosen) { ascending($1, $0) }
                case .bottomk: GoSort.sort(&chosen) { descending($1, $0) }
                default: break
                }
                for candidate in chosen {
                    outPoints[candidate.series].append(Sample(t: t, v: candidate.value))
                    if grid.isInstant { instantOrder.append(candidate.series) }
                }
                emitted += chosen.count
            }
            try state.hold(emitted)
        }

        let order = grid.isInstant ? instantOrder : Array(input.indices)
        return order.compactMap { i in
            outPoints[i].isEmpty ? nil : EvalSeries(labels: input[i].labels, points: outPoints[i], dropName: input[i].dropName)
        }
    }
}

/// limit_ratio's deterministic sampling: a series is kept when the hash of its labels,
/// scaled to [0, 1], falls under the ratio (HashRatioSampler).
enum RatioSampler {
    static func offset(_ labels: Labels) -> Double {
        Double(labels.prometheusHash) / Double(UInt64.max)
    }

    static func keeps(_ ratio: Double, offset: Double) -> Bool {
        (ratio >= 0 && offset < ratio) || (ratio < 0 && offset >= 1 + ratio)
    }
}
