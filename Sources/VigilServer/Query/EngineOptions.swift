import VigilConfig
import VigilPromQL

extension Engine.Options {
    /// The engine limits of the `web` section. Feature switches keep Prometheus' defaults
    /// (delayed `__name__` removal and experimental functions off).
    init(_ web: WebConfig) {
        self.init()
        lookbackDelta = web.queryLookbackDelta.inMilliseconds
        maxSamples = web.queryMaxSamples
        timeout = web.queryTimeout
        maxConcurrentQueries = web.queryMaxConcurrency
    }
}
