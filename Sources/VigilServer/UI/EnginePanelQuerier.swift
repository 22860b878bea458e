import VigilDashboard
import VigilModel
import VigilPromQL

/// The dashboards' `PanelQuerier` over the server's `QueryService`: queries evaluate on
/// its worker threads, and PromQL errors keep their kind and position so that Explore can
/// point at the offending part of the query.
struct EnginePanelQuerier: PanelQuerier {
    let queries: QueryService

    func range(_ query: String, start: Timestamp, end: Timestamp, step: Int64) async throws -> QueryValue {
        try Task.checkCancellation()
        // As /api/v1/query_range: Prometheus refuses more than 11,000 points per series.
        guard step > 0 else { throw PanelQueryError(.execution, "zero or negative query resolution step widths are not accepted") }
        guard (end - start) / step <= 11_000 else {
            throw PanelQueryError(.execution, "exceeded maximum resolution of 11,000 points per timeseries; try decreasing the query resolution (?step=XX)")
        }
        return try await run(query, .range(start: start, end: end, step: step))
    }

    func instant(_ query: String, at time: Timestamp) async throws -> QueryValue {
        try Task.checkCancellation()
        return try await run(query, .instant(time))
    }

    func labelValues(_ label: String, matching selector: String?, start: Timestamp, end: Timestamp) async throws -> [String] {
        var matchers: [LabelMatcher] = []
        if let selector, !selector.isEmpty {
            do {
                matchers = try Parser.parseSelector(selector)
            } catch {
                throw PanelQueryError(.syntax, error.message, range: error.range)
            }
        }
        do {
            return try await queries.read { [matchers] querier throws(ReadError) in
                try querier.labelValues(label, matchers, mint: start, maxt: end)
            }
        } catch {
            throw PanelQueryError(.unavailable, error.message)
        }
    }

    private func run(_ query: String, _ shape: QueryService.Shape) async throws -> QueryValue {
        let outcome: Result<QueryResult, PromQLError>
        do {
            outcome = try await queries.evaluateKeepingPosition(query, shape)
        } catch {
            throw PanelQueryError(.unavailable, error.message)
        }
        switch outcome {
        case .success(let result): return result.value
        case .failure(let error): throw Self.panelError(error)
        }
    }

    /// The engine's error as pages show it: the message without position (pages print
    /// the position themselves from the range).
    static func panelError(_ error: PromQLError) -> PanelQueryError {
        switch error.kind {
        case .syntax, .type: return PanelQueryError(.syntax, error.message, range: error.range)
        case .execution: return PanelQueryError(.execution, error.message)
        case .timeout: return PanelQueryError(.timeout, error.message)
        case .canceled, .storage: return PanelQueryError(.unavailable, error.message)
        }
    }
}
