import NIOCore
import NIOPosix
import VigilModel
import VigilPromQL

/// Runs PromQL for the API, the dashboards and the rules: parses on the caller, evaluates
/// on a dedicated thread pool (evaluation and SQLite reads block, so they stay off the
/// cooperative pool), and maps errors onto the API's error types.
public final class QueryService: Sendable {
    public let engine: Engine
    public let queryable: any Queryable
    private let pool: NIOThreadPool

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

    /// An instant query at `time`.
    public func instant(_ query: String, at time: Timestamp) async throws(APIError) -> QueryResult {
        let expr = try parse(query)
        return try await evaluate { [engine, queryable] () throws(PromQLError) -> QueryResult in
            try engine.instant(expr, query: query, at: time, on: queryable)
        }
    }

    /// A range query over `[start, end]` every `step` milliseconds.
    public func range(_ query: String, start: Timestamp, end: Timestamp, step: Int64) async throws(APIError) -> QueryResult {
        let expr = try parse(query)
        return try await evaluate { [engine, queryable] () throws(PromQLError) -> QueryResult in
            try engine.range(expr, query: query, start: start, end: end, step: step, on: queryable)
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

    private func evaluate(_ body: @escaping @Sendable () throws(PromQLError) -> QueryResult) async throws(APIError) -> QueryResult {
        let outcome: Result<QueryResult, PromQLError>
        do {
            outcome = try await pool.runIfActive { () -> Result<QueryResult, PromQLError> in
                do throws(PromQLError) { return .success(try body()) } catch { return .failure(error) }
            }
        } catch {
            throw APIError(.unavailable, "query workers are shutting down")
        }
        switch outcome {
        case .success(let result): return result
        case .failure(let error): throw Self.apiError(error)
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
