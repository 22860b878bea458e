import VigilModel

extension Evaluator {
    /// `info(v [, {data label matchers}])` (experimental upstream, promql/info.go): adds to
    /// each element of `v` the data labels of the info series (`target_info` by default)
    /// that share its `instance` and `job`.
    func info(_ c: CallNode) throws(PromQLError) -> [EvalSeries] {
        let (pinned, offset) = Self.firstSelectorTime(c.args[0], path: []) ?? (nil, 0)
        let base = try vector(c.args[0])

        // Data label matchers by name; the `__name__` ones choose the info metrics.
        var dataMatchers: [String: [LabelMatcher]] = [:]
        var nameMatchers: [LabelMatcher] = []
        var dataOrder: [String] = []
        if c.args.count > 1, case .vectorSelector(let selector) = c.args[1].unwrapped {
            for matcher in selector.matchers {
                if dataMatchers[matcher.name] == nil { dataOrder.append(matcher.name) }
                dataMatchers[matcher.name, default: []].append(matcher)
                if matcher.name == LabelName.metric { nameMatchers.append(matcher) }
            }
        } else {
            nameMatchers = [.equal(LabelName.metric, "target_info")]
        }
        let effectiveNames = Self.effectiveInfoNameMatchers(nameMatchers)
        // Elements that are info series themselves pass through unchanged.
        let ignored = base.map { series in effectiveNames.allSatisfy { $0.matches(series.labels.metricName ?? "") } }
        dataMatchers[LabelName.metric] = nil
        dataOrder.removeAll { $0 == LabelName.metric }

        let infoSeries = try fetchInfoSeries(base, ignored, dataMatchers, dataOrder, nameMatchers, pinned, offset)
        return try combineInfo(base, ignored, infoSeries, dataMatchers)
    }

    /// The `@` time and offset of the first selector of `expr`; without its own `@`, the
    /// offsets of the subqueries around it are added from the innermost out until one
    /// pinned by `@` (infoSelectTimestampAndOffset).
    private static func firstSelectorTime(_ plan: Plan, path: [SubqueryNode]) -> (Timestamp?, Int64)? {
        switch plan {
        case .vectorSelector(let node), .matrixSelector(let node, _):
            if let at = node.at { return (at, node.offset) }
            var offset = node.offset
            var pinned: Timestamp?
            for subquery in path.reversed() where pinned == nil {
                offset += subquery.offset
                pinned = subquery.at
            }
            return (pinned, offset)
        case .subquery(let s):
            return firstSelectorTime(s.inner, path: path + [s])
        case .call(let c):
            for arg in c.args {
                if let found = firstSelectorTime(arg, path: path) { return found }
            }
            return nil
        case .aggregate(let a):
            if let found = firstSelectorTime(a.expr, path: path) { return found }
            return a.param.flatMap { firstSelectorTime($0, path: path) }
        case .binary(let b):
            return firstSelectorTime(b.lhs, path: path) ?? firstSelectorTime(b.rhs, path: path)
        case .negate(let inner, _), .stepInvariant(let inner):
            return firstSelectorTime(inner, path: path)
        case .number, .string:
            return nil
        }
    }

    /// Without an `=` or `=~` name matcher, info metrics are those named `*_info`
    /// (effectiveInfoNameMatchers).
    private static func effectiveInfoNameMatchers(_ matchers: [LabelMatcher]) -> [LabelMatcher] {
        if matchers.contains(where: { $0.kind == .equal || $0.kind == .regexMatch }) { return matchers }
        if !matchers.isEmpty {
            // ".+_info" always compiles.
            return [try! LabelMatcher(.regexMatch, LabelName.metric, ".+_info")] + matchers
        }
        return [.equal(LabelName.metric, "target_info")]
    }

    /// The info series sharing `instance`/`job` values with the elements, at every step;
    /// each point's value is its sample's own timestamp (evalSeries with recordOrigT).
    private func fetchInfoSeries(
        _ base: [EvalSeries], _ ignored: [Bool], _ dataMatchers: [String: [LabelMatcher]], _ dataOrder: [String],
        _ nameMatchers: [LabelMatcher], _ pinned: Timestamp?, _ offset: Int64
    ) throws(PromQLError) -> [EvalSeries] {
        var identifying: [String: Set<String>] = [:]
        for (index, series) in base.enumerated() where !ignored[index] {
            for name in ["instance", "job"] {
                if let value = series.labels[name] { identifying[name, default: []].insert(value) }
            }
        }
        if identifying.isEmpty { return [] }
        var matchers: [LabelMatcher] = []
        for name in identifying.keys.sorted() {
            let alternatives = identifying[name]!.sorted().map(Self.quoteMeta).joined(separator: "|")
            guard let matcher = try? LabelMatcher(.regexMatch, name, alternatives) else { continue }
            matchers.append(matcher)
        }
        for name in dataOrder { matchers += dataMatchers[name] ?? [] }
        matchers += Self.effectiveInfoNameMatchers(nameMatchers)

        let lookback = options.lookbackDelta
        let mint = (pinned ?? grid.start) - lookback + 1 - offset
        let maxt = (pinned ?? grid.end) - offset
        let selected: [SeriesData]
        do { selected = try state.querier.select(matchers, mint: mint, maxt: maxt) } catch { throw EvaluationError.storage(error) }
        var out: [EvalSeries] = []
        for series in selected {
            let samples = try load(series)
            var points: [Sample] = []
            samples.withUnsafeBufferPointer { buffer in
                for step in 0..<grid.count {
                    let t = grid.time(step)
                    let ref = (pinned ?? t) - offset
                    if let found = Self.latest(buffer, atOrBefore: ref, after: ref - lookback) {
                        points.append(Sample(t: t, v: Double(found.t)))
                    }
                }
            }
            if points.isEmpty { continue }
            try state.hold(points.count)
            out.append(EvalSeries(labels: series.labels, points: points))
        }
        return out
    }

    /// Joins the elements with the info series step by step (combineWithInfoSeries).
    private func combineInfo(
        _ base: [EvalSeries], _ ignored: [Bool], _ info: [EvalSeries], _ dataMatchers: [String: [LabelMatcher]]
    ) throws(PromQLError) -> [EvalSeries] {
        let infoNames = Array(Set(info.map { $0.labels.metricName ?? "" })).sorted()
        func signature(_ name: String, _ labels: Labels) -> Labels {
            var pairs = [Label(LabelName.metric, name)]
            for id in ["instance", "job"] { if let v = labels[id] { pairs.append(Label(id, v)) } }
            return Labels(pairs)
        }
        let baseSignatures = base.map { series in infoNames.map { signature($0, series.labels) } }
        let infoSignatures = info.map { signature($0.labels.metricName ?? "", $0.labels) }
        let allMatchEmpty = dataMatchers.values.allSatisfy { $0.allSatisfy(\.matchesEmpty) }

        var baseCursors = StepCursors(base)
        var infoCursors = StepCursors(info)
        var baseNow: [(series: Int, v: Double)] = []
        var infoNow: [(series: Int, v: Double)] = []
        var outputIndex: [Labels: Int] = [:]
        var out: [EvalSeries] = []
        for step in 0..<grid.count {
            let t = grid.time(step)
            baseCursors.gather(at: t, into: &baseNow)
            infoCursors.gather(at: t, into: &infoNow)
            if baseNow.isEmpty { continue }
            // Per signature the info sample with the latest original timestamp.
            var bySignature: [Labels: (series: Int, originalTime: Double)] = [:]
            for entry in infoNow {
                let sig = infoSignatures[entry.series]
                if let existing = bySignature[sig] {
                    if existing.originalTime > entry.v { continue }
                    if existing.originalTime == entry.v {
                        throw EvaluationError.execution(
                            "found duplicate series for info metric: existing \(info[existing.series].labels) @ \(Int64(existing.originalTime)), "
                                + "new \(info[entry.series].labels) @ \(Int64(entry.v))")
                    }
                }
                bySignature[sig] = (entry.series, entry.v)
            }
            for entry in baseNow {
                let element = base[entry.series]
                var labels = element.labels
                if !ignored[entry.series] {
                    var added: [String: String] = [:]
                    var matchedAny = false
                    for sig in baseSignatures[entry.series] {
                        guard let match = bySignature[sig] else { continue }
                        matchedAny = true
                        for label in info[match.series].labels where label.name != LabelName.metric {
                            if !dataMatchers.isEmpty && dataMatchers[label.name] == nil { continue }
                            if let existing = added[label.name], existing != label.value {
                                throw EvaluationError.execution("conflicting label: \(label.name)")
                            }
                            if element.labels[label.name] != nil { continue }
                            added[label.name] = label.value
                        }
                    }
                    if !matchedAny && !allMatchEmpty { continue }
                    if !added.isEmpty {
                        var builder = LabelsBuilder(element.labels)
                        for (name, value) in added { builder.set(name, value) }
                        labels = builder.labels
                    }
                }
                let slot: Int
                if let known = outputIndex[labels] {
                    slot = known
                } else {
                    slot = out.count
                    outputIndex[labels] = slot
                    out.append(EvalSeries(labels: labels, points: [], dropName: element.dropName))
                }
                if out[slot].points.last?.t == t { throw EvaluationError.duplicateLabelset }
                out[slot].points.append(Sample(t: t, v: entry.v))
                try state.hold(1)
            }
        }
        return out
    }

    /// Go's `regexp.QuoteMeta`.
    private static func quoteMeta(_ text: String) -> String {
        var out = ""
        for ch in text {
            if "\\.+*?()|[]{}^$".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
