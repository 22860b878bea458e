import VigilModel

extension Evaluator {
    /// An aggregation (`sum by (job) (x)`, `topk(3, x)`, …), step by step over the input.
    func aggregate(_ node: AggregateNode) throws(PromQLError) -> [EvalSeries] {
        if node.op == .countValues { return try countValues(node) }
        let parameters = try node.param.map { (p) throws(PromQLError) in try scalar(p) }
        let input = try vector(node.expr)
        switch node.op {
        case .topk, .bottomk, .limitk, .limitRatio:
            return try aggregateK(node, input, parameters ?? [])
        default:
            return try aggregateValues(node, input, parameters)
        }
    }

    /// The labels of the group a series falls into.
    func groupLabels(_ labels: Labels, _ node: AggregateNode) -> Labels {
        if node.without {
            return Labels(sortedUnique: labels.pairs.filter {
                $0.name != LabelName.metric && !node.grouping.contains($0.name)
            })
        }
        if node.grouping.isEmpty { return .empty }
        return labels.keeping(node.grouping)
    }

    /// How an aggregation groups its input.
    func grouping(_ node: AggregateNode) -> LabelGrouping {
        LabelGrouping(node.without ? .allBut(node.grouping, dropName: true) : .only(node.grouping))
    }

    /// Assigns each input series to a group, in order of first appearance.
    private func groups(_ input: [EvalSeries], _ node: AggregateNode) -> (labels: [Labels], of: [Int]) {
        var grouping = grouping(node)
        let of = input.map { grouping.group(of: $0.labels) }
        return (grouping.keys, of)
    }

    /// The running state of one group at one step.
    private struct Accumulator {
        var seen = false
        var value = 0.0
        var mean = 0.0
        var compensation = 0.0
        var count = 0.0
        var incrementalMean = false
        var dropName = false
        var values: [Double] = []
    }

    /// sum, avg, count, min, max, group, stddev, stdvar, quantile.
    private func aggregateValues(_ node: AggregateNode, _ input: [EvalSeries], _ parameters: [Double]?) throws(PromQLError) -> [EvalSeries] {
        if node.op == .quantile, let parameters {
            // As Prometheus: one warning for the worst parameter over all steps.
            if parameters.contains(where: \.isNaN) {
                state.annotations.add(.warning, "quantile value should be between 0 and 1, got NaN", node.paramRange)
            }
            if let top = parameters.max(), top > 1 {
                state.annotations.add(.warning, "quantile value should be between 0 and 1, got \(GoFloat.g(top))", node.paramRange)
            }
            if let bottom = parameters.min(), bottom < 0 {
                state.annotations.add(.warning, "quantile value should be between 0 and 1, got \(GoFloat.g(bottom))", node.paramRange)
            }
        }
        let (groupLabels, groupOf) = groups(input, node)
        var accumulators = [Accumulator](repeating: Accumulator(), count: groupLabels.count)
        var points = [[Sample]](repeating: [], count: groupLabels.count)
        var dropName = [Bool](repeating: false, count: groupLabels.count)
        let inputDropName = input.map(\.dropName)
        var cursors = StepCursors(input)
        let op = node.op
        for step in 0..<grid.count {
            let t = grid.time(step)
            if step & 255 == 255 { try state.checkDeadline() }
            for g in accumulators.indices { accumulators[g].seen = false }
            for i in 0..<cursors.count {
                guard let value = cursors.value(i, at: t) else { continue }
                Self.accumulate(op, value, inputDropName[i], into: &accumulators[groupOf[i]])
            }
            for g in accumulators.indices where accumulators[g].seen {
                let value = Self.result(op, &accumulators[g], parameter: parameters?[step] ?? 0)
                points[g].append(Sample(t: t, v: value))
                dropName[g] = accumulators[g].dropName
            }
        }
        var out: [EvalSeries] = []
        for g in groupLabels.indices where !points[g].isEmpty {
            try state.hold(points[g].count)
            out.append(EvalSeries(labels: groupLabels[g], points: points[g], dropName: dropName[g]))
        }
        return out
    }

    @inline(__always)
    private static func accumulate(_ op: AggregateOp, _ f: Double, _ dropName: Bool, into a: inout Accumulator) {
        if !a.seen {
            a.seen = true
            a.value = f
            a.mean = f
            a.compensation = 0
            a.count = 1
            a.incrementalMean = false
            a.dropName = dropName
            switch op {
            case .stddev, .stdvar: a.value = f.isNaN || f.isInfinite ? .nan : 0
            case .quantile:
                a.values.removeAll(keepingCapacity: true)
                a.values.append(f)
            case .group: a.value = 1
            default: break
            }
            return
        }
        if dropName { a.dropName = true }
        switch op {
        case .sum:
            (a.value, a.compensation) = KahanSum.add(f, to: a.value, compensation: a.compensation)
        case .avg:
            // A direct mean with Kahan summation is the more accurate; switch to an
            // incremental mean only once the sum would overflow (prometheus#16714).
            a.count += 1
            if !a.incrementalMean {
                let (sum, c) = KahanSum.add(f, to: a.value, compensation: a.compensation)
                if !sum.isInfinite {
                    (a.value, a.compensation) = (sum, c)
                    return
                }
                a.incrementalMean = true
                a.mean = a.value / (a.count - 1)
                a.compensation /= a.count - 1
            }
            let q = (a.count - 1) / a.count
            (a.mean, a.compensation) = KahanSum.add(f / a.count, to: q * a.mean, compensation: q * a.compensation)
        case .max:
            if a.value < f || a.value.isNaN { a.value = f }
        case .min:
            if a.value > f || a.value.isNaN { a.value = f }
        case .count:
            a.count += 1
        case .stddev, .stdvar:
            a.count += 1
            let delta = f - a.mean
            a.mean += delta / a.count
            a.value += delta * (f - a.mean)
        case .quantile:
            a.values.append(f)
        default:
            break
        }
    }

    private static func result(_ op: AggregateOp, _ a: inout Accumulator, parameter: Double) -> Double {
        switch op {
        case .sum: return a.value + a.compensation
        case .avg:
            if a.incrementalMean { return a.mean + a.compensation }
            return a.value / a.count + a.compensation / a.count
        case .count: return a.count
        case .stdvar: return a.value / a.count
        case .stddev: return (a.value / a.count).squareRoot()
        case .quantile: return Quantile.of(parameter, &a.values)
        default: return a.value
        }
    }

    /// `count_values("label", x)`: how many elements have each value, per group.
    private func countValues(_ node: AggregateNode) throws(PromQLError) -> [EvalSeries] {
        guard let param = node.param else { preconditionFailure("BUG: count_values without label") }
        guard let valueLabel = labelName(param) else {
            throw EvaluationError.execution("invalid label name \(quotedLiteral(param))")
        }
        var grouping = node.grouping
        if !node.without { grouping.append(valueLabel) }
        let groupNode = AggregateNode(
            op: node.op, expr: node.expr, param: node.param, grouping: grouping, without: node.without,
            range: node.range, exprRange: node.exprRange, paramRange: node.paramRange)
        let input = try vector(node.expr)
        var outIndex: [Labels: Int] = [:]
        var out: [EvalSeries] = []
        var cursors = StepCursors(input)
        for step in 0..<grid.count {
            let t = grid.time(step)
            var counts: [Int: Double] = [:]
            var order: [Int] = []
            for i in 0..<cursors.count {
                guard let value = cursors.value(i, at: t) else { continue }
                let labels = groupLabels(input[i].labels.setting(valueLabel, to: GoFloat.f(value)), groupNode)
                let slot: Int
                if let known = outIndex[labels] {
                    slot = known
                } else {
                    slot = out.count
                    outIndex[labels] = slot
                    out.append(EvalSeries(labels: labels))
                }
                if counts[slot] == nil { order.append(slot) }
                counts[slot, default: 0] += 1
            }
            for slot in order {
                out[slot].points.append(Sample(t: t, v: counts[slot]!))
            }
            try state.hold(order.count)
        }
        return out
    }
}
