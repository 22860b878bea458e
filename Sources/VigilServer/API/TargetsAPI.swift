import Foundation
import Hummingbird
import VigilModel
import VigilPromQL
import VigilScrape

/// `/api/v1/targets`, `/api/v1/targets/metadata`, `/api/v1/metadata` and
/// `/api/v1/scrape_pools` in Prometheus' shapes.
struct TargetsAPI {
    let scrape: ScrapeManager
    /// How loopback target URLs are shown to others (`globalUrl`).
    let globalURL: GlobalURLOptions

    init(scrape: ScrapeManager, listen: ListenAddress, externalURL: String) {
        self.scrape = scrape
        let components = URLComponents(string: externalURL)
        let host = (components?.host ?? Host.name) + (components?.port.map { ":\($0)" } ?? "")
        globalURL = GlobalURLOptions(listenAddress: listen.description, host: host, scheme: components?.scheme ?? "http")
    }

    func register(on router: Router<some RequestContext>) {
        router.get("/api/v1/targets") { request, _ in
            let parameters = request.uri.queryParameters
            let snapshot = await scrape.targetsSnapshot(
                state: TargetStateFilter(parameters.get("state")), scrapePool: parameters.get("scrapePool"), globalURL: globalURL)
            return Self.encoded(snapshot)
        }
        router.get("/api/v1/targets/metadata") { request, _ in
            do {
                let parameters = try await RequestParameters.read(request)
                var matchers: [LabelMatcher] = []
                if let text = parameters["match_target"], !text.isEmpty {
                    do { matchers = try Parser.parseSelector(text) } catch {
                        throw APIError(.badData, "invalid parameter \"match_target\": \(error)")
                    }
                }
                let limit = try Self.limit(parameters["limit"])
                return Self.encoded(await scrape.targetMetadata(matchTarget: matchers, metric: parameters["metric"], limit: limit))
            } catch let error as APIError {
                return APIResponse.error(error)
            }
        }
        router.get("/api/v1/metadata") { request, _ in
            do {
                let parameters = try await RequestParameters.read(request)
                let metadata = await scrape.metricMetadata(
                    metric: parameters["metric"], limit: try Self.limit(parameters["limit"]),
                    limitPerMetric: try Self.limit(parameters["limit_per_metric"]))
                return Self.encoded(metadata)
            } catch let error as APIError {
                return APIResponse.error(error)
            }
        }
        router.get("/api/v1/scrape_pools") { _, _ in
            let pools = await scrape.scrapePools().sorted()
            return APIResponse.success(#"{"scrapePools":"# + SeriesAPI.stringArray(pools) + "}")
        }
    }

    private static func limit(_ text: String?) throws(APIError) -> Int? {
        guard let text, !text.isEmpty else { return nil }
        guard let value = Int(text) else { throw APIError(.badData, "invalid parameter \"limit\": \(text) is not a number") }
        return value
    }

    private static func encoded(_ value: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else {
            return APIResponse.error(APIError(.internal, "cannot encode the response"))
        }
        return APIResponse.success(String(decoding: data, as: UTF8.self))
    }
}
