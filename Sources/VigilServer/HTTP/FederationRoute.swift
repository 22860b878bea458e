import Hummingbird
import NIOCore
import VigilExposition
import VigilModel
import VigilPromQL

/// `GET /federate?match[]=…`: the newest sample of every series matching any selector, in
/// the text format, as Prometheus' `web/federate.go` writes it.
///
/// - The newest sample within the lookback window before now is used; a series whose
///   newest sample is a staleness marker is left out.
/// - One family per metric name, `# TYPE name untyped`, sorted by name; every sample
///   carries its timestamp.
/// - The external labels are appended to each series that lacks them, after its own
///   labels; `instance=""` is added when no external label is named `instance`, so a
///   federating Prometheus with `honor_labels: true` keeps series without an instance
///   label free of its target's instance label. Series without a metric name are skipped.
struct FederationRoute: Sendable {
    let queries: QueryService
    let configManager: ConfigManager
    let clock: any WallClock

    func register(on router: Router<some RequestContext>) {
        router.get("/federate") { request, _ in
            let parameters: RequestParameters
            do {
                parameters = try await RequestParameters.read(request)
            } catch {
                return APIResponse.text("error parsing form values: \(error)\n", status: .badRequest)
            }
            var selectors: [[LabelMatcher]] = []
            for text in parameters.all("match[]") {
                do {
                    selectors.append(try Parser.parseSelector(text))
                } catch {
                    return APIResponse.text("\(error)\n", status: .badRequest)
                }
            }
            let matcherSets = selectors
            let config = await configManager.current
            let now = clock.now()
            let lookback = config.web.queryLookbackDelta.inMilliseconds
            do {
                let samples = try await queries.read { querier throws(ReadError) in
                    try Self.newestSamples(querier, matcherSets, mint: now - lookback, maxt: now)
                }
                let body = Self.page(samples, externalLabels: config.global.externalLabels)
                return Response(
                    status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(bytes: body)))
            } catch {
                return APIResponse.text("\(error)\n", status: .internalServerError)
            }
        }
    }

    /// The newest non-stale sample in `[mint, maxt]` of each series matching any selector,
    /// each series once.
    static func newestSamples(_ querier: any Querier, _ selectors: [[LabelMatcher]], mint: Timestamp, maxt: Timestamp)
        throws(ReadError) -> [(labels: Labels, sample: Sample)]
    {
        var seen = Set<Labels>()
        var out: [(labels: Labels, sample: Sample)] = []
        for matchers in selectors {
            for series in try querier.select(matchers, mint: mint, maxt: maxt) where seen.insert(series.labels).inserted {
                guard let last = try series.samples().last(where: { $0.t <= maxt && $0.t >= mint }) else { continue }
                if StaleMarker.isStale(last.v) { continue }
                out.append((series.labels, last))
            }
        }
        return out
    }

    /// The text page: families by name, series by labels, external labels appended.
    static func page(_ samples: [(labels: Labels, sample: Sample)], externalLabels: Labels) -> [UInt8] {
        var external = externalLabels.map { ($0.name, $0.value) }
        if externalLabels[LabelName.instance] == nil { external.append((LabelName.instance, "")) }
        external.sort { $0.0.utf8Precedes($1.0) }
        let sorted = samples.filter { $0.labels.metricName != nil }.sorted { a, b in
            let (x, y) = (a.labels.metricName!, b.labels.metricName!)
            return x == y ? a.labels < b.labels : x.utf8Precedes(y)
        }
        var out: [UInt8] = []
        out.reserveCapacity(sorted.count * 96)
        var lastName: String?
        for (labels, sample) in sorted {
            let name = labels.metricName!
            if name != lastName {
                out.append(contentsOf: "# TYPE \(name) untyped\n".utf8)
                lastName = name
            }
            out.append(contentsOf: name.utf8)
            var pairs = labels.filter { $0.name != LabelName.metric }.map { ($0.name, $0.value) }
            for (key, value) in external where labels[key] == nil { pairs.append((key, value)) }
            if !pairs.isEmpty {
                out.append(UInt8(ascii: "{"))
                for (index, pair) in pairs.enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    out.append(contentsOf: pair.0.utf8)
                    out.append(contentsOf: "=\"".utf8)
                    appendEscaped(pair.1, to: &out)
                    out.append(UInt8(ascii: "\""))
                }
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: " "))
            FloatText.append(sample.v, to: &out)
            out.append(contentsOf: " \(sample.t)\n".utf8)
        }
        return out
    }

    /// A label value with `\`, `"` and newline escaped, as the text format 0.0.4 wants.
    private static func appendEscaped(_ value: String, to out: inout [UInt8]) {
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
            default: out.append(byte)
            }
        }
    }
}
