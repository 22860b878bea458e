import VigilModel

/// Evaluates plan nodes over one grid of steps (the query's, or a subquery's). Each node is
/// evaluated once for all steps: selectors read each series once and walk it with moving
/// indexes; operators combine their operands step by step.
struct Evaluator {
    let grid: StepGrid
    let state: QueryState

    var options: Engine.Options { state.options }

    /// Evaluates `plan` over the grid. The samples it holds afterwards are its result's only.
    func eval(_ plan: Plan) throws(PromQLError) -> EvalValue {
        try state.checkDeadline()
        // A scalar holds a sample at every step, as in Prometheus; and no grid may be so long
        // that per-step bookkeeping alone would exhaust memory.
        if grid.count > 1 << 31 || (plan.type == .scalar && grid.count > options.maxSamples) {
            throw EvaluationError.tooManySamples
        }
        let base = state.currentSamples
        let value = try evalNode(plan)
        state.currentSamples = base + value.sampleCount
        return value
    }

    private func evalNode(_ plan: Plan) throws(PromQLError) -> EvalValue {
        if grid.count == 0 {
            switch plan.type {
            case .scalar: return .scalar([])
            case .string: if case .string(let s, _) = plan { return .string(s) }
            default: return .vector([])
            }
        }
        switch plan {
        case .number(let value):
            try state.hold(grid.count)
            return .scalar(Array(repeating: value, count: grid.count))
        case .string(let text, _):
            return .string(text)
        case .vectorSelector(let node):
            return .vector(try vectorSelector(node, timestamps: false))
        case .matrixSelector(let node, let window):
            return .matrix(try matrixSelector(node, window: window))
        case .subquery(let node):
            return .matrix(try subqueryMatrix(node))
        case .call(let call):
            return try self.call(call)
        case .aggregate(let node):
            return .vector(try aggregate(node))
        case .binary(let node):
            return try binary(node)
        case .negate(let inner, _):
            return try negate(inner)
        case .stepInvariant(let inner):
            return try stepInvariant(inner)
        }
    }

    // MARK: - Operand helpers

    /// The values of a scalar operand, one per step.
    func scalar(_ plan: Plan) throws(PromQLError) -> [Double] {
        guard case .scalar(let values) = try eval(plan) else {
            preconditionFailure("BUG: planner admitted a non-scalar operand")
        }
        return values
    }

    /// The series of an instant-vector operand.
    func vector(_ plan: Plan) throws(PromQLError) -> [EvalSeries] {
        guard case .vector(let series) = try eval(plan) else {
            preconditionFailure("BUG: planner admitted a non-vector operand")
        }
        return series
    }

    /// A string operand, which is always a literal after planning.
    func string(_ plan: Plan) -> String {
        if case .string(let text, _) = plan.unwrapped { return text }
        preconditionFailure("BUG: planner admitted a non-string operand")
    }

    /// A string operand used as a label name: nil when it is not a valid one (empty or not
    /// UTF-8, as Prometheus 3 checks `model.UTF8Validation.IsValidLabelName`).
    func labelName(_ plan: Plan) -> String? {
        guard case .string(let text, let bytes) = plan.unwrapped, bytes == nil, !text.isEmpty else { return nil }
        return text
    }

    /// A string literal as Prometheus prints it in messages (`"a\xc5z"`).
    func quotedLiteral(_ plan: Plan) -> String {
        guard case .string(let text, let bytes) = plan.unwrapped else { return "\"\"" }
        return bytes.map(GoQuote.bytes) ?? GoQuote.string(text)
    }

    // MARK: - Unary minus and step invariance

    private func negate(_ inner: Plan) throws(PromQLError) -> EvalValue {
        switch try eval(inner) {
        case .scalar(let values):
            return .scalar(values.map { -$0 })
        case .vector(var series):
            for index in series.indices {
                series[index].dropName = true
                if !options.enableDelayedNameRemoval { series[index].labels = series[index].labels.droppingMetadata }
                for p in series[index].points.indices { series[index].points[p].v = -series[index].points[p].v }
            }
            return .vector(try mergeSameLabels(series))
        case let other:
            return other
        }
    }

    /// Evaluates `inner` once at the first step and repeats the result at every step.
    private func stepInvariant(_ inner: Plan) throws(PromQLError) -> EvalValue {
        if grid.start == grid.end { return try eval(inner) }
        let once = Evaluator(grid: StepGrid(start: grid.start, end: grid.start, interval: grid.interval), state: state)
        switch try once.eval(inner) {
        case .scalar(let values):
            try state.hold(grid.count)
            return .scalar(Array(repeating: values.first ?? .nan, count: grid.count))
        case .vector(var series):
            for index in series.indices {
                guard let value = series[index].points.first?.v else { continue }
                try state.hold(grid.count - 1)
                series[index].points = (0..<grid.count).map { Sample(t: grid.time($0), v: value) }
            }
            return .vector(series.filter { !$0.points.isEmpty })
        case let other:
            return other
        }
    }

    // MARK: - Label sets

    /// Merges series that ended up with the same labels (`mergeSeriesWithSameLabelset`).
    /// Two points of one label set at the same time are an error.
    func mergeSameLabels(_ series: [EvalSeries]) throws(PromQLError) -> [EvalSeries] {
        if series.count < 2 { return series }
        var index = LabelSetIndex(capacity: series.count)
        guard series.contains(where: { !index.insert($0.labels).inserted }) else { return series }
        var merged: [EvalSeries] = []
        var slots = LabelSetIndex()
        for s in series {
            let (at, inserted) = slots.insert(s.labels)
            if inserted {
                merged.append(s)
                continue
            }
            var points = merged[at].points + s.points
            points.sort { $0.t < $1.t }
            for i in points.indices.dropFirst() where points[i].t == points[i - 1].t {
                throw EvaluationError.duplicateLabelset
            }
            merged[at].points = points
        }
        return merged
    }

    /// Fails when two series share a label set (`ContainsSameLabelset`), as Prometheus checks
    /// results whose labels it changed without delayed name removal.
    func rejectSameLabels(_ series: [EvalSeries]) throws(PromQLError) {
        if series.count < 2 { return }
        var seen = LabelSetIndex(capacity: series.count)
        for s in series where !seen.insert(s.labels).inserted {
            throw EvaluationError.duplicateLabelset
        }
    }

    // MARK: - Results

    /// Drops the names marked for delayed removal (`cleanupMetricLabels`).
    func removeDelayedNames(_ value: EvalValue) throws(PromQLError) -> EvalValue {
        switch value {
        case .vector(var series), .matrix(var series):
            for index in series.indices where series[index].dropName {
                series[index].labels = series[index].labels.droppingMetadata
            }
            if case .vector = value, grid.isInstant {
                try rejectSameLabels(series.filter { !$0.points.isEmpty })
                return .vector(series)
            }
            let merged = try mergeSameLabels(series)
            if case .matrix = value { return .matrix(merged) }
            return .vector(merged)
        default:
            return value
        }
    }

    /// The value of the query as the API returns it.
    func finish(_ value: EvalValue, rangeQuery: Bool) throws(PromQLError) -> QueryValue {
        switch value {
        case .scalar(let values):
            if rangeQuery {
                let points = values.enumerated().map { Sample(t: grid.time($0.offset), v: $0.element) }
                return .matrix(points.isEmpty ? [] : [RangeSeries(labels: .empty, samples: points)])
            }
            return .scalar(grid.start, values.first ?? .nan)
        case .string(let text):
            return .string(grid.start, text)
        case .vector(let series):
            if rangeQuery {
                return .matrix(sortedMatrix(series))
            }
            return .vector(series.compactMap { s in
                s.points.first.map { VectorSample(labels: s.labels, t: grid.start, v: $0.v) }
            })
        case .matrix(let series):
            return .matrix(sortedMatrix(series))
        }
    }

    private func sortedMatrix(_ series: [EvalSeries]) -> [RangeSeries] {
        series.filter { !$0.points.isEmpty }
            .sorted { $0.labels < $1.labels }
            .map { RangeSeries(labels: $0.labels, samples: $0.points) }
    }
}
