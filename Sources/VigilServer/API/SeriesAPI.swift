import Hummingbird
import VigilModel
import VigilPromQL

/// `/api/v1/series`, `/api/v1/labels` and `/api/v1/label/<name>/values`, GET and POST.
struct SeriesAPI {
    let queries: QueryService

    func register(on router: Router<some RequestContext>) {
        for method in [HTTPRequest.Method.get, .post] {
            router.on("/api/v1/series", method: method) { request, _ in
                await respond(request) { parameters async throws(APIError) in try await series(parameters) }
            }
            router.on("/api/v1/labels", method: method) { request, _ in
                await respond(request) { parameters async throws(APIError) in try await labelNames(parameters) }
            }
        }
        router.get("/api/v1/label/{name}/values") { request, context in
            let name = context.parameters.get("name") ?? ""
            return await respond(request) { parameters async throws(APIError) in try await labelValues(name, parameters) }
        }
    }

    private func respond(_ request: Request, _ body: (RequestParameters) async throws(APIError) -> APIReply) async -> Response {
        do {
            let parameters = try await RequestParameters.read(request)
            return try await body(parameters).response
        } catch let error as APIError {
            return APIResponse.error(error)
        } catch {
            return APIResponse.error(APIError(.badData, "\(error)"))
        }
    }

    /// Each `match[]` as matchers; errors name the parameter, as Prometheus does.
    private func selectors(_ parameters: RequestParameters) throws(APIError) -> [[LabelMatcher]] {
        var sets: [[LabelMatcher]] = []
        for text in parameters.all("match[]") {
            do {
                sets.append(try Parser.parseSelector(text))
            } catch {
                throw APIError(.badData, "invalid parameter \"match[]\": \(error)")
            }
        }
        return sets
    }

    private func window(_ parameters: RequestParameters) throws(APIError) -> (Timestamp, Timestamp) {
        let start = try APIParameters.time(parameters["start"], name: "start", default: APIParameters.minTime)
        let end = try APIParameters.time(parameters["end"], name: "end", default: APIParameters.maxTime)
        guard end >= start else { throw APIError(.badData, "invalid parameter \"end\": end timestamp must not be before start time") }
        return (start, end)
    }

    private func series(_ parameters: RequestParameters) async throws(APIError) -> APIReply {
        let sets = try selectors(parameters)
        guard !sets.isEmpty else { throw APIError(.badData, "no match[] parameter provided") }
        let (start, end) = try window(parameters)
        let limit = try APIParameters.limit(parameters["limit"])
        let found = try await queries.read { querier throws(ReadError) in
            var seen = Set<Labels>()
            for matchers in sets {
                for series in try querier.select(matchers, mint: start, maxt: end) { seen.insert(series.labels) }
            }
            return seen.sorted()
        }
        let (kept, warnings) = APIParameters.limited(found, to: limit)
        var out = "["
        for (index, labels) in kept.enumerated() {
            if index > 0 { out += "," }
            QueryResultJSON.appendLabels(labels, to: &out)
        }
        return .success(out + "]", warnings: warnings)
    }

    private func labelNames(_ parameters: RequestParameters) async throws(APIError) -> APIReply {
        let sets = try selectors(parameters)
        let (start, end) = try window(parameters)
        let limit = try APIParameters.limit(parameters["limit"])
        let names = try await queries.read { querier throws(ReadError) in
            var all = Set<String>()
            for matchers in sets.isEmpty ? [[]] : sets {
                all.formUnion(try querier.labelNames(matchers, mint: start, maxt: end))
            }
            return all.sorted { $0.utf8Precedes($1) }
        }
        let (kept, warnings) = APIParameters.limited(names, to: limit)
        return .success(Self.stringArray(kept), warnings: warnings)
    }

    private func labelValues(_ name: String, _ parameters: RequestParameters) async throws(APIError) -> APIReply {
        // Prometheus 3.x accepts UTF-8 names, written with the `U__` escaping in URLs.
        let name = LabelNameEscaping.unescape(name)
        guard !name.isEmpty else { throw APIError(.badData, "invalid label name: \"\(name)\"") }
        let sets = try selectors(parameters)
        let (start, end) = try window(parameters)
        let limit = try APIParameters.limit(parameters["limit"])
        let values = try await queries.read { querier throws(ReadError) in
            var all = Set<String>()
            for matchers in sets.isEmpty ? [[]] : sets {
                all.formUnion(try querier.labelValues(name, matchers, mint: start, maxt: end))
            }
            return all.sorted { $0.utf8Precedes($1) }
        }
        let (kept, warnings) = APIParameters.limited(values, to: limit)
        return .success(Self.stringArray(kept), warnings: warnings)
    }

    static func stringArray(_ values: [String]) -> String {
        "[" + values.map(JSONString.quoted).joined(separator: ",") + "]"
    }
}

/// Prometheus' `U__` escaping of label names in URL paths (`U__a_2e_b` is `a.b`).
enum LabelNameEscaping {
    static func unescape(_ name: String) -> String {
        guard name.hasPrefix("U__") else { return name }
        var out = ""
        var rest = Substring(name.dropFirst(3))
        while let first = rest.first {
            if first == "_" {
                rest = rest.dropFirst()
                if rest.first == "_" {
                    out += "_"
                    rest = rest.dropFirst()
                    continue
                }
                guard let close = rest.firstIndex(of: "_"), let code = UInt32(rest[..<close], radix: 16),
                    let scalar = Unicode.Scalar(code)
                else { return name }
                out.unicodeScalars.append(scalar)
                rest = rest[rest.index(after: close)...]
            } else {
                out.append(first)
                rest = rest.dropFirst()
            }
        }
        return out
    }
}
