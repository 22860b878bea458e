import VigilModel

/// Arithmetic and comparisons between two instant vectors with one-to-one, many-to-one or
/// one-to-many matching (Prometheus' VectorBinop), step by step. Result labels are computed
/// once per matched pair of series.
struct VectorMatcher {
    let evaluator: Evaluator
    let node: BinaryNode
    let lhs: [EvalSeries]
    let rhs: [EvalSeries]

    func run() throws(PromQLError) -> [EvalSeries] {
        let matching = node.matching
        let grid = evaluator.grid
        let state = evaluator.state
        let delayed = evaluator.options.enableDelayedNameRemoval
        let (lhsSig, rhsSig, sigCount) = evaluator.signatures(lhs, rhs, matching)
        // For one-to-many, the sides swap: the "one" side is always looked up.
        let swapped = matching.cardinality == .oneToMany
        let many = swapped ? rhs : lhs
        let one = swapped ? lhs : rhs
        let manySig = swapped ? rhsSig : lhsSig
        let oneSig = swapped ? lhsSig : rhsSig

        var manyCursor = StepCursors(many)
        var oneCursor = StepCursors(one)
        var manyNow: [(series: Int, v: Double)] = []
        var oneNow: [(series: Int, v: Double)] = []
        var oneBySig = [Int](repeating: -1, count: sigCount)
        var oneValue = [Double](repeating: 0, count: sigCount)
        var matchedOnce = [Bool](repeating: false, count: sigCount)
        var matchedResults = [Set<Int>](repeating: [], count: matching.cardinality == .oneToOne ? 0 : sigCount)

        var pairOutput: [Int: Int] = [:]
        var outputs = LabelSetIndex()
        var out: [EvalSeries] = []

        // Fill values stand in for a missing partner (fill modifiers). As Prometheus: the
        // right fill serves elements of the iterated side, the left one unmatched elements of
        // the looked-up side (the sides swap for group_right).
        let fillForMissingOne = matching.fillRight
        let fillForUnmatchedOne = matching.fillLeft
        var onePresent = [Bool](repeating: false, count: sigCount)

        /// Combines one element of the "many" side (or a fill) with one of the "one" side
        /// (or a fill); indexes `many.count` / `one.count` stand for a fill.
        func combine(_ manyIndex: Int, _ manyValue: Double, _ oneIndex: Int, _ oneValueNow: Double, _ sig: Int, _ t: Timestamp) throws(PromQLError) {
            let (l, r) = swapped ? (oneValueNow, manyValue) : (manyValue, oneValueNow)
            var (value, keep) = BinaryArithmetic.elements(node.op, l, r)
            if BinaryArithmetic.isHistogramOnly(node.op) {
                state.annotations.add(.info, BinaryArithmetic.incompatibleFloats(node.op), node.range)
                return
            }
            if node.returnBool { value = keep ? 1 : 0 }

            let pair = manyIndex &* (one.count &+ 1) &+ oneIndex
            let slot: Int
            if let known = pairOutput[pair] {
                slot = known
            } else {
                // A fill element carries the matching labels of its partner.
                let manyLabels = manyIndex < many.count ? many[manyIndex].labels : matchedLabels(one[oneIndex].labels)
                let oneLabels = oneIndex < one.count ? one[oneIndex].labels : matchedLabels(many[manyIndex].labels)
                let labels = resultLabels(manyLabels, oneLabels, dropName: !delayed && node.returnBool)
                let (index, inserted) = outputs.insert(labels)
                if inserted { out.append(EvalSeries(labels: labels, points: [], dropName: node.returnBool)) }
                slot = index
                pairOutput[pair] = slot
            }

            if matching.cardinality == .oneToOne {
                if matchedOnce[sig] {
                    throw EvaluationError.execution(
                        "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)")
                }
                matchedOnce[sig] = true
            } else if !matchedResults[sig].insert(slot).inserted {
                throw EvaluationError.execution("multiple matches for labels: grouping labels must ensure unique matches")
            }
            if !keep && !node.returnBool { return }
            if out[slot].points.last?.t == t { throw EvaluationError.duplicateLabelset }
            out[slot].points.append(Sample(t: t, v: value))
            try state.hold(1)
        }

        for step in 0..<grid.count {
            let t = grid.time(step)
            if step & 255 == 255 { try state.checkDeadline() }
            manyCursor.gather(at: t, into: &manyNow)
            oneCursor.gather(at: t, into: &oneNow)
            if manyNow.isEmpty && oneNow.isEmpty { continue }
            if (manyNow.isEmpty || oneNow.isEmpty) && fillForMissingOne == nil && fillForUnmatchedOne == nil { continue }

            for sig in oneBySig.indices { oneBySig[sig] = -1 }
            for entry in oneNow {
                let sig = oneSig[entry.series]
                if oneBySig[sig] >= 0 {
                    throw duplicateError(one[entry.series].labels, one[oneBySig[sig]].labels, oneSide: swapped ? "left" : "right")
                }
                oneBySig[sig] = entry.series
                oneValue[sig] = entry.v
            }
            if matching.cardinality == .oneToOne {
                for sig in matchedOnce.indices { matchedOnce[sig] = false }
            } else {
                for sig in matchedResults.indices where !matchedResults[sig].isEmpty { matchedResults[sig].removeAll() }
            }

            for entry in manyNow {
                let sig = manySig[entry.series]
                let partner = oneBySig[sig]
                if partner >= 0 {
                    try combine(entry.series, entry.v, partner, oneValue[sig], sig, t)
                } else if let fill = fillForMissingOne {
                    try combine(entry.series, entry.v, one.count, fill, sig, t)
                }
            }
            if let fill = fillForUnmatchedOne {
                for sig in onePresent.indices { onePresent[sig] = false }
                for entry in oneNow {
                    let sig = oneSig[entry.series]
                    let matched = matching.cardinality == .oneToOne ? matchedOnce[sig] : !matchedResults[sig].isEmpty
                    if matched || onePresent[sig] { continue }
                    onePresent[sig] = true
                    try combine(many.count, fill, entry.series, entry.v, sig, t)
                }
            }
        }
        return out.filter { !$0.points.isEmpty }
    }

    /// The labels of a result element (resultMetric): the "many" side's labels, without the
    /// metric name for arithmetic, reduced to the matching labels for one-to-one `on`, and
    /// with the `group_x` labels copied from the "one" side.
    private func resultLabels(_ many: Labels, _ one: Labels, dropName: Bool) -> Labels {
        let matching = node.matching
        var pairs = many.pairs
        if dropName || BinaryArithmetic.changesMetricSchema(node.op) {
            pairs.removeAll { Labels.isMetadata($0.name) }
        }
        if matching.cardinality == .oneToOne {
            if matching.on {
                pairs.removeAll { !matching.matchingLabels.contains($0.name) }
            } else {
                pairs.removeAll { matching.matchingLabels.contains($0.name) }
            }
        }
        guard !matching.include.isEmpty else { return Labels(sortedUnique: pairs) }
        var builder = LabelsBuilder(Labels(sortedUnique: pairs))
        for name in matching.include {
            if let value = one[name] { builder.set(name, value) } else { builder.delete(name) }
        }
        return builder.labels
    }

    /// The error for two elements of the "one" side with the same matching key.
    private func duplicateError(_ a: Labels, _ b: Labels, oneSide: String) -> PromQLError {
        let group = matchedLabels(a)
        var (first, second) = (a.description, b.description)
        if first > second { swap(&first, &second) }
        return EvaluationError.execution(
            "found duplicate series for the match group \(group.description) on the \(oneSide) hand-side of the operation: "
                + "[\(first), \(second)];many-to-many matching not allowed: matching labels must be unique on one side")
    }

    /// Labels.MatchLabels: the `on` labels, or all but the `ignoring` ones and the name.
    private func matchedLabels(_ labels: Labels) -> Labels {
        let matching = node.matching
        return Labels(sortedUnique: labels.pairs.filter { label in
            let listed = matching.matchingLabels.contains(label.name)
            return matching.on == listed && (matching.on || label.name != LabelName.metric)
        })
    }
}
