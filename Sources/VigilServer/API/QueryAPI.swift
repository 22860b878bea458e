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

    /// The endpoints, GET and POST each.
    static let paths = ["/api/v1/query", "/api/v1/query_range", "/api/v1/format_query", "/api/v1/query_exemplars"]

    func register(on router: Router<some RequestContext>) {
        for path in Self.paths {
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
            case "/api/v1/query": return try await instant(parameters).response
            case "/api/v1/query_range": return try await range(parameters).response
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

    /// An instant query's parameters, checked in Prometheus' order.
    struct InstantQuery {
        let text: String
        let expr: Expr
        let time: Timestamp
        let timeout: Duration?
        let limit: Int?
    }

    func instantQuery(_ parameters: RequestParameters) throws(APIError) -> InstantQuery {
        let limit = try APIParameters.limit(parameters["limit"])
        let time = try APIParameters.time(parameters["time"], name: "time", default: clock.now())
        let timeout = try Self.timeout(parameters)
        let text = try query(parameters)
        return InstantQuery(text: text, expr: try queries.parse(text), time: time, timeout: timeout, limit: limit)
    }

    private func instant(_ parameters: RequestParameters) async throws(APIError) -> APIReply {
        let query = try instantQuery(parameters)
        let limit = query.limit
        return try await queries.answer(query.expr, query: query.text, .instant(query.time), timeout: query.timeout) {
            Self.reply($0, limit: limit)
        }
    }

    /// Answers an instant query on the caller's thread (an event loop), or nil when
    /// another inline query is running and this one should go to the query workers.
    func instantInline(_ parameters: RequestParameters) -> APIReply? {
        do throws(APIError) {
            let query = try instantQuery(parameters)
            guard let outcome = queries.instantInline(query.expr, query: query.text, at: query.time, timeout: query.timeout) else {
                return nil
            }
            return Self.reply(try outcome.apiResult(), limit: query.limit)
        } catch {
            return .error(error)
        }
    }

    private func range(_ parameters: RequestParameters) async throws(APIError) -> APIReply {
        let limit = try APIParameters.limit(parameters["limit"])
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
        let timeout = try Self.timeout(parameters)
        let text = try query(parameters)
        return try await queries.answer(queries.parse(text), query: text, .range(start: start, end: end, step: step), timeout: timeout) {
            Self.reply($0, limit: limit)
        }
    }

    /// The result in Prometheus' envelope; a `limit` keeps the first series of a vector or
    /// matrix and says so in a warning, as Prometheus 3.x does.
    static func reply(_ result: QueryResult, limit: Int?) -> APIReply {
        var value = result.value
        var truncation: [String] = []
        switch value {
        case .vector(let samples):
            let kept: [VectorSample]
            (kept, truncation) = APIParameters.limited(samples, to: limit)
            value = .vector(kept)
        case .matrix(let series):
            let kept: [RangeSeries]
            (kept, truncation) = APIParameters.limited(series, to: limit)
            value = .matrix(kept)
        default: break
        }
        return .success(QueryResultJSON.data(value), warnings: result.warnings + truncation, infos: result.infos)
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

    /// The `timeout` parameter: seconds or a Prometheus duration; empty means none. The
    /// engine's own timeout caps it.
    private static func timeout(_ parameters: RequestParameters) throws(APIError) -> Duration? {
        guard let text = parameters["timeout"], !text.isEmpty else { return nil }
        return .milliseconds(try APIParameters.duration(text, name: "timeout"))
    }
}
