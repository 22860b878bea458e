import Metrics

/// Vigil's own scrape metrics (Prometheus' `prometheus_target_*`, renamed `vigil_scrape_*`).
/// Dimensions are bounded: the job and the failure kind, never a message or URL.
enum ScrapeMetrics {
    static let appendFailures = Counter(label: "vigil_scrape_append_failures_total")

    static func recordScrape(job: String, duration: Duration, failure: ScrapeFailure?) {
        Counter(label: "vigil_scrapes_total", dimensions: [("scrape_job", job)]).increment()
        Timer(label: "vigil_scrape_duration_seconds", dimensions: [("scrape_job", job)]).recordNanoseconds(
            Int64(duration.inSeconds * 1e9))
        if let failure {
            Counter(label: "vigil_scrape_failures_total", dimensions: [("scrape_job", job), ("reason", failure.kind.rawValue)]).increment()
        }
    }

    static func setTargets(job: String, active: Int, dropped: Int) {
        Gauge(label: "vigil_scrape_targets", dimensions: [("scrape_job", job), ("state", "active")]).record(active)
        Gauge(label: "vigil_scrape_targets", dimensions: [("scrape_job", job), ("state", "dropped")]).record(dropped)
    }

    static func recordSync(job: String, failures: Int) {
        Counter(label: "vigil_scrape_pool_syncs_total", dimensions: [("scrape_job", job)]).increment()
        if failures > 0 {
            Counter(label: "vigil_scrape_target_sync_failed_total", dimensions: [("scrape_job", job)]).increment(by: failures)
        }
    }
}
