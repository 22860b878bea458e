import Metrics
import NIOCore
import NIOPosix
import Synchronization
import VigilModel
import VigilPromQL

/// Runs PromQL for the API, the dashboards and the rules: parses on the caller, evaluates
/// on a dedicated thread pool (evaluation and SQLite reads block, so they stay off the
/// cooperative pool), and maps errors onto the API's error types. Every evaluation is
/// timed into `vigil_query_duration_seconds`.
///
/// `InlineQueryHandler` runs instant queries on the event loop that read them instead
/// (`instantInline`): the hand-off to a worker and back costs two thread wake-ups, about as
/// long as a typical instant query takes. One at a time, never waiting for a query slot,
/// and for `inlineBudget` at most, so that a slow query holds up the loop's other
/// connections only that long before it starts again on a worker.
public final class QueryService: Sendable {
    public let engine: Engine
    public let queryable: any Queryable
    private let pool: NIOThreadPool
    private let duration = Timer(label: QueryService.durationMetric)
    /// Whether an instant query is running on its caller's event loop.
    private let inlineBusy = Atomic<Bool>(false)

    /// How long an instant query may run on an event loop before it is abandoned there and
    /// run again on a worker: about ten times a small query, so that hand-offs stay rare.
    public static let inlineBudget: Duration = .milliseconds(50)

    /// The histogram of evaluation times (seconds), as Prometheus'
    /// `prometheus_engine_query_duration_seconds`.
    public static let durationMetric = "vigil_query_duration_seconds"

    /// `threads` workers evaluate queries; the engine's own gate bounds concurrency.
    public init(engine: Engine, queryable: any Queryable, threads: Int = max(2, System.coreCount)) {
        self.engine = engine
        self.queryable = queryable
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
    }

    /// Stops the worker threads once running queries finish.
    public func shutdown() async {
        try? await pool.shutdownGracefully()
    }

    /// Parses `query`; errors are `bad_data` with the position.
    public func parse(_ query: String) throws(APIError) -> Expr {
        do {
            return try Parser.parse(query)
        } catch {
            throw APIError(.badData, "invalid parameter \"query\": \(error)")
        }
    }

    /// Evaluates an API query on a worker and makes the reply from its result there too, so
    /// that encoding a large result does not hold up the event loop the request came in
    /// on. `timeout` shortens the engine's.
    public func answer<Reply: Sendable>(
        _ expr: Expr, query: String, _ shape: Shape, timeout: Duration? = nil,
        reply: @escaping @Sendable (QueryResult) -> Reply
    ) async throws(APIError) -> Reply {
        try await evaluate(expr, query: query, shape, timeout: timeout, then: reply).apiResult()
    }

    /// An instant query evaluated right here on the caller's thread (an event loop, see
    /// `InlineQueryHandler`), or nil when it should go to a worker instead: another one is
    /// running inline, no query slot is free, or it ran past `inlineBudget`.
    public func instantInline(
        _ expr: Expr, query: String, at time: Timestamp, timeout: Duration? = nil
    ) -> Result<QueryResult, PromQLError>? {
        guard inlineBusy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return nil }
        defer { inlineBusy.store(false, ordering: .releasing) }
        let started = ContinuousClock.now
        let outcome: Result<QueryResult, PromQLError>
        do throws(PromQLError) {
            guard let result = try engine.instantWithin(Self.inlineBudget, expr, query: query, at: time, on: queryable, timeout: timeout)
            else { return nil }
            outcome = .success(result)
        } catch {
            outcome = .failure(error)
        }
        duration.recordNanoseconds((ContinuousClock.now - started).nanoseconds)
        return outcome
    }

    /// What a query asks for.
    public enum Shape: Sendable {
        case instant(Timestamp)
        case range(start: Timestamp, end: Timestamp, step: Int64)
    }

    /// Evaluates `query` keeping the engine's own error, with its kind and its position in
    /// the query, for pages that point at the problem. An `APIError` only when the
    /// workers are shutting down.
    public func evaluateKeepingPosition(_ query: String, _ shape: Shape) async throws(APIError) -> Result<QueryResult, PromQLError> {
        let expr: Expr
        do { expr = try Parser.parse(query) } catch { return .failure(error) }
        return try await evaluate(expr, query: query, shape) { $0 }
    }

    /// Runs blocking work (rendering a page, reading status) on the query workers, off
    /// the cooperative pool.
    public func offload<T: Sendable>(_ body: @escaping @Sendable () -> T) async throws(APIError) -> T {
        do {
            return try await pool.runIfActive(body)
        } catch {
            throw APIError(.unavailable, "query workers are shutting down")
        }
    }

    /// Reads through a querier on the pool (series, labels, federation).
    public func read<T: Sendable>(_ body: @escaping @Sendable (any Querier) throws(ReadError) -> T) async throws(APIError) -> T {
        do {
            return try await pool.runIfActive { [queryable] in
                let querier = try queryable.querier()
                return try body(querier)
            }
        } catch let error as ReadError {
            throw APIError(.internal, error.description)
        } catch {
            throw APIError(.unavailable, "query workers are shutting down")
        }
    }

    private func evaluate<T: Sendable>(
        _ expr: Expr, query: String, _ shape: Shape, timeout: Duration? = nil, then transform: @escaping @Sendable (QueryResult) -> T
    ) async throws(APIError) -> Result<T, PromQLError> {
        do {
            return try await pool.runIfActive { [engine, queryable, duration] in
                Self.run(expr, query: query, shape, timeout: timeout, engine: engine, queryable: queryable, duration: duration)
                    .map(transform)
            }
        } catch {
            throw APIError(.unavailable, "query workers are shutting down")
        }
    }

    private static func run(
        _ expr: Expr, query: String, _ shape: Shape, timeout: Duration?, engine: Engine, queryable: any Queryable,
        duration: Timer
    ) -> Result<QueryResult, PromQLError> {
        let started = ContinuousClock.now
        defer { duration.recordNanoseconds((ContinuousClock.now - started).nanoseconds) }
        do throws(PromQLError) {
            switch shape {
            case .instant(let time):
                return .success(try engine.instant(expr, query: query, at: time, on: queryable, timeout: timeout))
            case .range(let start, let end, let step):
                return .success(
                    try engine.range(expr, query: query, start: start, end: end, step: step, on: queryable, timeout: timeout))
            }
        } catch {
            return .failure(error)
        }
    }

    /// Prometheus' mapping of engine errors to API error types (`returnAPIError`).
    static func apiError(_ error: PromQLError) -> APIError {
        switch error.kind {
        case .syntax, .type: return APIError(.badData, error.description)
        case .execution: return APIError(.execution, error.description)
        case .timeout: return APIError(.timeout, error.description)
        case .canceled: return APIError(.canceled, error.description)
        case .storage: return APIError(.internal, error.description)
        }
    }
}

extension Result where Failure == PromQLError {
    /// The result, or the error mapped onto the API's error types.
    func apiResult() throws(APIError) -> Success {
        switch self {
        case .success(let value): return value
        case .failure(let error): throw QueryService.apiError(error)
        }
    }
}

extension Duration {
    /// The whole nanoseconds (saturating), for swift-metrics timers.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : product &+ attoseconds / 1_000_000_000
    }
}
