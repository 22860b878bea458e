import Hummingbird
import VigilModel
import VigilPromQL

/// `/api/v1/query`, `/api/v1/query_range`, `/api/v1/format_query` and
/// `/api/v1/query_exemplars`, GET and POST, in Prometheus' shapes.
struct QueryAPI {
    let queries: QueryService
    let clock: any WallClock

    /// Prometheus refuses range queries of more than 11,000 points per series.
    static let maxPointsPerSeries: Int64 = 11_000

    func register(on router: Router<some RequestContext>) {
        for path in ["/api/v1/query", "/api/v1/query_range", "/api/v1/format_query", "/api/v1/query_exemplars"] {
            for method in [HTTPRequest.Method.get, .post] {
                router.on(RouterPath(path), method: method) { request, _ in
                    await respond(path: path, request: request)
                }
            }
        }
    }

    private func respond(path: String, request: Request) async -> Response {
        do {
            let parameters = try await RequestParameters.read(request)
            switch path {
            case "/api/v1/query": return try await instant(parameters)
            case "/api/v1/query_range": return try await range(parameters)
            case "/api/v1/format_query": return try format(parameters)
            default: return try exemplars(parameters)
            }
        } catch let error as APIError {
            return APIResponse.error(error)
        } catch {
            return APIResponse.error(APIError(.badData, "\(error)"))
        }
    }

    private func query(_ parameters: RequestParameters) throws(APIError) -> String {
        guard let query = parameters["query"], !query.isEmpty else {
            throw APIError(.badData, "invalid parameter \"query\": 1:1: parse error: no expression found in input")
        }
        return query
    }

    private func instant(_ parameters: RequestParameters) async throws(APIError) -> Response {
        let text = try query(parameters)
        let time = try APIParameters.time(parameters["time"], name: "time", default: clock.now())
        if let timeout = parameters["timeout"] { _ = try APIParameters.duration(timeout, name: "timeout") }
        let result = try await queries.instant(text, at: time)
        var value = result.value
        if let limit = try self.limit(parameters), case .vector(let samples) = value, samples.count > limit {
            value = .vector(Array(samples.prefix(limit)))
        }
        return APIResponse.success(QueryResultJSON.data(value), warnings: result.warnings, infos: result.infos)
    }

    private func range(_ parameters: RequestParameters) async throws(APIError) -> Response {
        let text = try query(parameters)
        guard let startText = parameters["start"] else { throw APIError(.badData, "invalid parameter \"start\": cannot parse \"\" to a valid timestamp") }
        guard let endText = parameters["end"] else { throw APIError(.badData, "invalid parameter \"end\": cannot parse \"\" to a valid timestamp") }
        let start = try APIParameters.time(startText, name: "start")
        let end = try APIParameters.time(endText, name: "end")
        guard end >= start else { throw APIError(.badData, "invalid parameter \"end\": end timestamp must not be before start time") }
        guard let stepText = parameters["step"] else { throw APIError(.badData, "invalid parameter \"step\": cannot parse \"\" to a valid duration") }
        let step = try APIParameters.duration(stepText, name: "step")
        guard step > 0 else {
            throw APIError(.badData, "invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer")
        }
        guard (end - start) / step <= Self.maxPointsPerSeries else {
            throw APIError(.badData, "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)")
        }
        if let timeout = parameters["timeout"] { _ = try APIParameters.duration(timeout, name: "timeout") }
        let result = try await queries.range(text, start: start, end: end, step: step)
        return APIResponse.success(QueryResultJSON.data(result.value), warnings: result.warnings, infos: result.infos)
    }

    private func format(_ parameters: RequestParameters) throws(APIError) -> Response {
        let expr = try queries.parse(try query(parameters))
        return APIResponse.success(JSONString.quoted(expr.prettified()))
    }

    /// Exemplars are parsed on ingestion but not stored (docs/exposition.md), so the answer
    /// is always empty; the parameters are still validated as Prometheus does.
    private func exemplars(_ parameters: RequestParameters) throws(APIError) -> Response {
        _ = try queries.parse(try query(parameters))
        let start = try APIParameters.time(parameters["start"], name: "start", default: APIParameters.minTime)
        let end = try APIParameters.time(parameters["end"], name: "end", default: APIParameters.maxTime)
        guard end >= start else { throw APIError(.badData, "invalid parameter \"end\": end timestamp must not be before start time") }
        return APIResponse.success("[]")
    }

    private func limit(_ parameters: RequestParameters) throws(APIError) -> Int? {
        guard let text = parameters["limit"], !text.isEmpty else { return nil }
        guard let limit = Int(text), limit >= 0 else {
            throw APIError(.badData, "invalid parameter \"limit\": limit must be a positive number")
        }
        return limit == 0 ? nil : limit
    }
}
