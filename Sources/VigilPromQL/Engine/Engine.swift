import VigilModel

/// Evaluates PromQL expressions over a `Queryable` with the semantics of Prometheus 3.x:
/// 5-minute lookback and staleness markers, left-open windows `(t - range, t]`, step-aligned
/// range queries and subqueries, `@` and `offset`, every float function, and Prometheus'
/// limits and error messages. Native histograms are not supported.
///
/// Threading: `instant` and `range` are synchronous and CPU-bound and block while reading the
/// store; call them from a worker thread, not from the cooperative pool. An `Engine` holds no
/// per-query state and may be shared by any number of threads; at most
/// `Options.maxConcurrentQueries` queries run at once, the others wait for a slot until their
/// timeout.
public struct Engine: Sendable {
    /// Limits and feature switches, with Prometheus' defaults.
    public struct Options: Sendable {
        /// How far back an instant vector selector looks for a sample, in milliseconds.
        public var lookbackDelta: Int64 = 5 * 60_000
        /// Samples a query may hold in memory at once (`--query.max-samples`).
        public var maxSamples: Int = 50_000_000
        /// Wall time a query may take, waiting for a slot included (`--query.timeout`).
        public var timeout: Duration = .seconds(120)
        /// Queries evaluated at once (`--query.max-concurrency`).
        public var maxConcurrentQueries: Int = 20
        /// Resolution of subqueries without a step (`[30m:]`), in milliseconds.
        public var defaultSubqueryStep: Int64 = 60_000
        /// Drop `__name__` at the end of evaluation instead of eagerly
        /// (`--enable-feature=promql-delayed-name-removal`).
        public var enableDelayedNameRemoval = false
        /// Experimental functions and aggregators (`--enable-feature=promql-experimental-functions`).
        public var enableExperimentalFunctions = false

        public init() {}
    }

    public let options: Options
    private let gate: QueryGate

    public init(options: Options = Options()) {
        self.options = options
        gate = QueryGate(slots: max(options.maxConcurrentQueries, 1))
    }

    /// Evaluates `expr` (parsed from `query`) at time `at`.
    ///
    /// The value is a vector, a scalar, a string, or — for a range-vector expression — a
    /// matrix sorted by labels. Annotation positions refer to `query`. A `timeout` shortens
    /// the engine's own for this query (the API's `timeout` parameter); it never lengthens it.
    public func instant(
        _ expr: Expr, query: String, at time: Timestamp, on queryable: any Queryable,
        timeout: Duration? = nil, cancellation: QueryCancellation? = nil
    ) throws(PromQLError) -> QueryResult {
        try waiting(run(
            expr, query: query, grid: .instant(time), step: 0, queryable: queryable, timeout: timeout,
            admission: .wait, cancellation: cancellation))
    }

    /// `instant`, but only if a query slot is free right now and the query is done within
    /// `budget`; nil otherwise, and nothing of it is kept. For a caller on a thread that
    /// must not wait (an event loop), which then has a worker run the query in full.
    public func instantWithin(
        _ budget: Duration, _ expr: Expr, query: String, at time: Timestamp, on queryable: any Queryable,
        timeout: Duration? = nil
    ) throws(PromQLError) -> QueryResult? {
        try run(
            expr, query: query, grid: .instant(time), step: 0, queryable: queryable, timeout: timeout,
            admission: .within(budget), cancellation: nil)
    }

    /// Evaluates `expr` at `start`, `start + step`, … up to `end`; the value is always a
    /// matrix sorted by labels. `step` is in milliseconds and must be positive.
    public func range(
        _ expr: Expr, query: String, start: Timestamp, end: Timestamp, step: Int64, on queryable: any Queryable,
        timeout: Duration? = nil, cancellation: QueryCancellation? = nil
    ) throws(PromQLError) -> QueryResult {
        guard step > 0 else {
            throw EvaluationError.badQuery("zero or negative query resolution step widths are not accepted. Try a positive integer")
        }
        guard end >= start else { throw EvaluationError.badQuery("end timestamp must not be before start time") }
        return try waiting(run(
            expr, query: query, grid: StepGrid(start: start, end: end, interval: step), step: step,
            queryable: queryable, timeout: timeout, admission: .wait, cancellation: cancellation))
    }

    /// The result of a query run with `.wait`, which never ends without a result or an error.
    private func waiting(_ result: QueryResult?) throws(PromQLError) -> QueryResult {
        guard let result else { throw EvaluationError.queueTimeout }
        return result
    }

    /// How a query gets its slot and how long it may take.
    private enum Admission {
        /// Waits for a slot; the query's timeout bounds it.
        case wait
        /// Only with a slot free at once, and within the budget: otherwise no result.
        case within(Duration)
    }

    /// The query's result; nil only under `.within`, when it could not start at once or
    /// ran past the budget.
    private func run(
        _ expr: Expr, query: String, grid: StepGrid, step: Int64, queryable: any Queryable,
        timeout: Duration?, admission: Admission, cancellation: QueryCancellation?
    ) throws(PromQLError) -> QueryResult? {
        let limit = min(options.timeout, timeout ?? options.timeout)
        var deadline = ContinuousClock.now.advanced(by: limit)
        guard grid.start.magnitude <= UInt64(Planner.timeLimit), grid.end.magnitude <= UInt64(Planner.timeLimit) else {
            throw EvaluationError.badQuery("query time out of range")
        }
        let planner = Planner(start: grid.start, end: grid.end, step: step, options: options, query: query)
        let plan = try planner.plan(expr)
        if step != 0, plan.type != .scalar, plan.type != .vector {
            throw EvaluationError.badQuery(
                "invalid expression type \"\(plan.type == .matrix ? "range vector" : "string")\" for range query, must be Scalar or instant Vector")
        }
        // Set when the budget, not the query's own timeout, ends the query.
        var budgeted = false
        switch admission {
        case .wait:
            try gate.enter(until: deadline)
        case .within(let budget):
            guard gate.tryEnter() else { return nil }
            if budget < limit {
                deadline = ContinuousClock.now.advanced(by: budget)
                budgeted = true
            }
        }
        defer { gate.leave() }

        let querier: any Querier
        do { querier = try queryable.querier() } catch { throw EvaluationError.storage(error) }
        let state = QueryState(querier: querier, options: options, deadline: deadline, cancellation: cancellation)
        let evaluator = Evaluator(grid: grid, state: state)
        do {
            var value = try evaluator.eval(plan)
            if options.enableDelayedNameRemoval { value = try evaluator.removeDelayedNames(value) }
            let result = try evaluator.finish(value, rangeQuery: step != 0)
            return QueryResult(value: result, annotations: state.annotations.annotations, query: query)
        } catch {
            if budgeted && error.kind == .timeout { return nil }
            throw error
        }
    }
}
