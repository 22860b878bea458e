import VigilModel

extension Evaluator {
    /// A binary operation between scalars and/or instant vectors.
    func binary(_ node: BinaryNode) throws(PromQLError) -> EvalValue {
        switch (node.lhs.type, node.rhs.type) {
        case (.scalar, .scalar):
            let lhs = try scalar(node.lhs)
            let rhs = try scalar(node.rhs)
            return .scalar(zip(lhs, rhs).map { BinaryArithmetic.scalar(node.op, $0, $1) })
        case (.vector, .scalar):
            let lhs = try vector(node.lhs)
            let rhs = try scalar(node.rhs)
            return .vector(try vectorScalar(node, lhs, rhs, scalarOnLeft: false))
        case (.scalar, .vector):
            let lhs = try scalar(node.lhs)
            let rhs = try vector(node.rhs)
            return .vector(try vectorScalar(node, rhs, lhs, scalarOnLeft: true))
        default:
            let lhs = try vector(node.lhs)
            let rhs = try vector(node.rhs)
            if node.op.isSetOperator { return .vector(try setOperation(node, lhs, rhs)) }
            return .vector(try VectorMatcher(evaluator: self, node: node, lhs: lhs, rhs: rhs).run())
        }
    }

    /// A vector with a scalar (VectorscalarBinop). Comparisons keep the vector's value.
    private func vectorScalar(_ node: BinaryNode, _ vector: [EvalSeries], _ scalar: [Double], scalarOnLeft: Bool) throws(PromQLError) -> [EvalSeries] {
        let op = node.op
        let dropsName = BinaryArithmetic.changesMetricSchema(op) || node.returnBool
        let eager = !options.enableDelayedNameRemoval
        var out: [EvalSeries] = []
        out.reserveCapacity(vector.count)
        if BinaryArithmetic.isHistogramOnly(op) {
            if vector.contains(where: { !$0.points.isEmpty }) {
                state.annotations.add(.info, BinaryArithmetic.incompatibleFloats(op), node.range)
            }
            return []
        }
        let uniform = MetadataUniformity.of(vector).isUniform
        for var series in vector {
            var kept: [Sample] = []
            kept.reserveCapacity(series.points.count)
            for point in series.points {
                let s = scalar[grid.index(point.t)]
                var (value, keep) = scalarOnLeft
                    ? BinaryArithmetic.elements(op, s, point.v) : BinaryArithmetic.elements(op, point.v, s)
                if op.isComparison && scalarOnLeft { value = point.v }
                if node.returnBool {
                    value = keep ? 1 : 0
                    keep = true
                }
                if keep { kept.append(Sample(t: point.t, v: value)) }
            }
            guard !kept.isEmpty else { continue }
            series.points = kept
            if dropsName {
                series.dropName = true
                if eager { series.labels = series.labels.droppingMetadata }
            }
            out.append(series)
        }
        return dropsName && eager && !uniform ? try mergeSameLabels(out) : out
    }

    /// Signature ordinals of both sides' series, shared so equal keys get equal ordinals.
    func signatures(_ lhs: [EvalSeries], _ rhs: [EvalSeries], _ matching: VectorMatching) -> (lhs: [Int], rhs: [Int], count: Int) {
        var grouping = LabelGrouping(
            matching.on ? .only(matching.matchingLabels) : .allBut(matching.matchingLabels, dropName: true))
        let left = lhs.map { grouping.group(of: $0.labels) }
        let right = rhs.map { grouping.group(of: $0.labels) }
        return (left, right, grouping.count)
    }

    /// `and`, `or`, `unless`: elements of the sides selected by matching keys.
    private func setOperation(_ node: BinaryNode, _ lhs: [EvalSeries], _ rhs: [EvalSeries]) throws(PromQLError) -> [EvalSeries] {
        let (lhsSig, rhsSig, sigCount) = signatures(lhs, rhs, node.matching)
        var out = lhs.map { EvalSeries(labels: $0.labels, points: [], dropName: $0.dropName) }
        if node.op == .or { out += rhs.map { EvalSeries(labels: $0.labels, points: [], dropName: $0.dropName) } }
        var lhsCursor = StepCursors(lhs)
        var rhsCursor = StepCursors(rhs)
        var present = [Bool](repeating: false, count: sigCount)
        var lhsNow: [(series: Int, v: Double)] = []
        var rhsNow: [(series: Int, v: Double)] = []
        for step in 0..<grid.count {
            let t = grid.time(step)
            lhsCursor.gather(at: t, into: &lhsNow)
            rhsCursor.gather(at: t, into: &rhsNow)
            for i in present.indices { present[i] = false }
            switch node.op {
            case .and:
                if lhsNow.isEmpty || rhsNow.isEmpty { continue }
                for r in rhsNow { present[rhsSig[r.series]] = true }
                for l in lhsNow where present[lhsSig[l.series]] { out[l.series].points.append(Sample(t: t, v: l.v)) }
            case .unless:
                for r in rhsNow { present[rhsSig[r.series]] = true }
                for l in lhsNow where !present[lhsSig[l.series]] { out[l.series].points.append(Sample(t: t, v: l.v)) }
            default:
                for l in lhsNow {
                    present[lhsSig[l.series]] = true
                    out[l.series].points.append(Sample(t: t, v: l.v))
                }
                for r in rhsNow where !present[rhsSig[r.series]] {
                    out[lhs.count + r.series].points.append(Sample(t: t, v: r.v))
                }
            }
        }
        let kept = out.filter { !$0.points.isEmpty }
        try state.hold(kept.reduce(0) { $0 + $1.points.count })
        return try mergeSameLabels(kept)
    }
}

/// The arithmetic of binary operators on floats (scalarBinop, vectorElemBinop).
enum BinaryArithmetic {
    /// Between two scalars: comparisons give 1 or 0.
    static func scalar(_ op: BinaryOp, _ l: Double, _ r: Double) -> Double {
        let (value, keep) = elements(op, l, r)
        return op.isComparison ? (keep ? 1 : 0) : value
    }

    /// Between two elements: the value and, for comparisons, whether the element is kept
    /// (the value is then the left side's).
    @inline(__always)
    static func elements(_ op: BinaryOp, _ l: Double, _ r: Double) -> (Double, Bool) {
        switch op {
        case .add: return (l + r, true)
        case .sub: return (l - r, true)
        case .mul: return (l * r, true)
        case .div: return (l / r, true)
        case .pow: return (Math.pow(l, r), true)
        case .mod: return (Math.mod(l, r), true)
        case .atan2: return (Math.atan2(l, r), true)
        case .eql: return (l, l == r)
        case .neq: return (l, l != r)
        case .gtr: return (l, l > r)
        case .lss: return (l, l < r)
        case .gte: return (l, l >= r)
        case .lte: return (l, l <= r)
        case .trimUpper, .trimLower: return (.nan, false)  // defined for native histograms only
        case .and, .or, .unless: preconditionFailure("BUG: set operator \(op) on elements")
        }
    }

    /// Whether the operator only applies to native histograms: floats are dropped with an info.
    static func isHistogramOnly(_ op: BinaryOp) -> Bool { op == .trimUpper || op == .trimLower }

    /// The info for floats met by a histogram-only operator (NewIncompatibleTypesInBinOpInfo).
    static func incompatibleFloats(_ op: BinaryOp) -> String {
        "incompatible sample types encountered for binary operator \"\(op.rawValue)\": float \(op.rawValue) float"
    }

    /// Whether the result no longer measures what the metric name says.
    static func changesMetricSchema(_ op: BinaryOp) -> Bool {
        switch op {
        case .add, .sub, .mul, .div, .pow, .mod, .atan2: return true
        default: return false
        }
    }
}
