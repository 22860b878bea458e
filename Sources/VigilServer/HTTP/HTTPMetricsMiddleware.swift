import Hummingbird
import Prometheus
import Synchronization

/// Counts requests by route and status code and times them, as Prometheus'
/// `prometheus_http_requests_total` and `prometheus_http_request_duration_seconds`.
struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: HTTPMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let handler = context.endpointPath ?? "other"
        do {
            let response = try await next(request, context)
            metrics.record(handler: handler, code: response.status.code, elapsed: ContinuousClock.now - start)
            return response
        } catch {
            let code = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.record(handler: handler, code: code, elapsed: ContinuousClock.now - start)
            throw error
        }
    }
}

/// The metric handles, created once per (handler, code) pair.
final class HTTPMetrics: Sendable {
    private let registry: PrometheusCollectorRegistry
    private let counters = Mutex<[String: Prometheus.Counter]>([:])
    private let histograms = Mutex<[String: DurationHistogram]>([:])
    private static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(250),
        .seconds(1), .seconds(5), .seconds(15), .seconds(60),
    ]

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    func record(handler: String, code: Int, elapsed: Duration) {
        let key = "\(handler) \(code)"
        let counter = counters.withLock { cache in
            if let existing = cache[key] { return existing }
            let made = registry.makeCounter(descriptor: .named("vigil_http_requests_total", help: "Counter of HTTP requests."), labels: [("handler", handler), ("code", String(code))])
            cache[key] = made
            return made
        }
        counter.increment()
        let histogram = histograms.withLock { cache in
            if let existing = cache[handler] { return existing }
            let made = registry.makeDurationHistogram(descriptor: .named("vigil_http_request_duration_seconds", help: "Histogram of latencies for HTTP requests."), labels: [("handler", handler)], buckets: Self.buckets)
            cache[handler] = made
            return made
        }
        histogram.record(elapsed)
    }
}
