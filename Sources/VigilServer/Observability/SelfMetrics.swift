import Metrics
import Prometheus
import Synchronization

/// Vigil's own metrics, served on `/metrics`: everything recorded through swift-metrics
/// by any module, plus build info, reload status and the process figures.
public final class SelfMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let reloadSuccessful: Prometheus.Gauge
    let reloadTimestamp: Prometheus.Gauge
    /// Parts that report their figures as text at scrape time (storage, process).
    private let collectors = Mutex<[@Sendable () -> String]>([])

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        let info = registry.makeGauge(descriptor: .named("vigil_build_info", help: "A metric with a constant '1' value labeled by version, revision and Swift version from which Vigil was built."), labels: [("version", BuildInfo.version), ("revision", BuildInfo.revision), ("swiftversion", BuildInfo.swiftVersion)])
        info.set(to: 1.0)
        reloadSuccessful = registry.makeGauge(descriptor: .named("vigil_config_last_reload_successful", help: "Whether the last configuration reload attempt was successful."))
        reloadTimestamp = registry.makeGauge(descriptor: .named("vigil_config_last_reload_success_timestamp_seconds", help: "Timestamp of the last successful configuration reload."))
    }

    /// Makes swift-metrics record into this registry. Once per process (`vigil run` only).
    public func bootstrap() {
        var factory = PrometheusMetricsFactory(registry: registry)
        // Most PromQL queries of a small instance take well under the default 5 ms first bucket.
        factory.durationHistogramBuckets[QueryService.durationMetric] = [
            .microseconds(500), .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
            .seconds(10), .seconds(60),
        ]
        MetricsSystem.bootstrap(factory)
    }

    /// Records the outcome of a config load or reload.
    func recordReload(successful: Bool, at seconds: Double) {
        reloadSuccessful.set(to: successful ? 1.0 : 0.0)
        if successful { reloadTimestamp.set(to: seconds) }
    }

    /// Adds a part whose metrics are rendered when `/metrics` is read.
    func addCollector(_ collect: @escaping @Sendable () -> String) {
        collectors.withLock { $0.append(collect) }
    }

    /// The text exposition of every metric.
    public func exposition() -> String {
        let extra = collectors.withLock { $0 }.map { $0() }.joined()
        return registry.emitToString() + extra + (ProcessStats.current()?.exposition ?? "")
    }
}

extension MetricNameDescriptor {
    /// A descriptor for a metric whose full name is written out (`vigil_http_requests_total`).
    static func named(_ name: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }
}
