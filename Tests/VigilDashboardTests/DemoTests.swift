import Testing
import VigilModel

@testable import VigilDashboard

/// The demo service: the walkthrough's metrics, realistic traffic, and a 5xx burst that
/// makes HighErrorRate (5xx ratio > 5 % for 5m) fire and resolve.
@Suite struct DemoTests {
    static let start: Timestamp = 1_750_000_000_000

    /// The 5xx ratio over the 5 minutes before `t`, as the walkthrough's alert computes it.
    static func errorRatio(_ before: DemoWorkload, _ after: DemoWorkload) -> Double {
        var errors = 0.0, total = 0.0
        for (key, value) in after.requests {
            let delta = value.count - (before.requests[key]?.count ?? 0)
            total += delta
            if key.status.hasPrefix("5") { errors += delta }
        }
        return total > 0 ? errors / total : 0
    }

    @Test func highErrorRateFiresAndResolves() {
        var workload = DemoWorkload(seed: 7, start: Self.start)
        var snapshots: [DemoWorkload] = [workload]
        // Evaluate every 15s for 30 minutes; the alert needs the ratio above 5 % for 5m.
        var firingSince: Timestamp?
        var fired = false, resolved = false
        for step in 1...120 {
            workload.advance(to: Self.start + Int64(step) * 15_000)
            snapshots.append(workload)
            guard step >= 20 else { continue }
            let ratio = Self.errorRatio(snapshots[step - 20], workload)
            if ratio > 0.05 {
                if firingSince == nil { firingSince = workload.time }
                if workload.time - firingSince! >= 300_000 { fired = true }
            } else {
                if fired { resolved = true }
                firingSince = nil
            }
        }
        #expect(fired, "the first burst (minute 3 to 12) keeps the ratio above 5 % for over 5 minutes")
        #expect(resolved, "and it ends, so the alert resolves")
    }

    @Test func trafficLooksLikeAService() {
        var workload = DemoWorkload(seed: 1, start: Self.start)
        workload.advance(to: Self.start + 60_000)
        let predict = workload.requests.filter { $0.key.path == "/predict" }.values.reduce(0) { $0 + $1.count }
        #expect(predict > 400 && predict < 1300, "about 12 requests per second")
        #expect(workload.requests.keys.contains { $0.status == "422" })
        let health = workload.requests[DemoWorkload.RequestKey(path: "/health", method: "GET", status: "200")]?.count
        #expect(health == 60)
    }

    @Test func burstsRecur() {
        var workload = DemoWorkload(seed: 3, start: Self.start)
        workload.advance(to: Self.start + 3 * 3_600_000)
        let bursts = workload.bursts
        #expect(bursts.first == DemoWorkload.Burst(start: Self.start + 180_000, end: Self.start + 720_000, errorRatio: 0.2))
        #expect(bursts.count >= 4)
        for (a, b) in zip(bursts, bursts.dropFirst()) {
            #expect(b.start - a.end >= 20 * 60_000 && b.start - a.end <= 40 * 60_000)
            #expect(b.end - b.start >= 3 * 60_000 && b.end - b.start <= 10 * 60_000)
        }
    }

    @Test func expositionMatchesPrometheusClient() throws {
        var workload = DemoWorkload(seed: 1, start: Self.start)
        workload.advance(to: Self.start + 30_000)
        workload.recordScrape()
        let text = workload.exposition()
        #expect(text.contains("# HELP http_requests_total Gesamtanzahl HTTP‑Anfragen\n# TYPE http_requests_total counter\n"))
        #expect(text.contains("http_requests_total{method=\"GET\",path=\"/metrics\",status=\"200\"} 1.0\n"))
        #expect(text.contains("http_requests_created{method=\"GET\",path=\"/health\",status=\"200\"} 1.750000001e+09\n"))
        #expect(text.contains("# TYPE http_request_latency_seconds histogram\n"))
        #expect(text.contains("http_request_latency_seconds_bucket{le=\"0.005\",method=\"GET\",path=\"/health\"} 30.0\n"))
        #expect(text.contains("http_request_latency_seconds_bucket{le=\"+Inf\",method=\"GET\",path=\"/health\"} 30.0\n"))
        #expect(text.contains("http_request_latency_seconds_bucket{le=\"10.0\",method=\"POST\",path=\"/predict\"}"))
        // Buckets are cumulative and end at the count.
        for line in text.split(separator: "\n") where line.hasPrefix("http_request_latency_seconds_count{") {
            let labels = line.dropFirst("http_request_latency_seconds_count{".count).prefix { $0 != "}" }
            let count = line.split(separator: " ").last!
            #expect(text.contains("http_request_latency_seconds_bucket{le=\"+Inf\",\(labels)} \(count)\n"))
        }
        #expect(text.hasSuffix("\n"))
        try Golden.sample(text, "demo-metrics.txt")
        try Golden.sample(workload.qualityExposition(), "demo-quality.txt")
    }

    @Test(arguments: [
        (3.0, "3.0"), (0.12, "0.12"), (1_795_554_915.719702, "1.795554915719702e+09"), (1_048_576, "1.048576e+06"), (123_456, "123456.0"),
        (Double.infinity, "+Inf"), (0, "0.0"), (1e-05, "1e-05"),
    ])
    func goFloats(_ value: Double, _ text: String) {
        #expect(DemoWorkload.goFloat(value) == text)
    }

    @Test func modelQualityIsPushed() throws {
        var workload = DemoWorkload(seed: 1, start: Self.start)
        #expect(workload.qualityExposition().contains("model_last_evaluation_timestamp_seconds{model=\"fraud-detector\",version=\"3\"} 1.75e+09"), "the job runs at start")
        workload.advance(to: Self.start + 1000)
        let text = workload.qualityExposition()
        #expect(text.contains("# TYPE model_accuracy gauge\nmodel_accuracy{model=\"fraud-detector\",version=\"3\"} 0.9"))
        #expect(text.contains("model_recall{model=\"fraud-detector\",version=\"3\"} 0.8"))
    }

    @Test func serviceCountsItsOwnScrapes() async {
        struct Clock: WallClock { func now() -> Timestamp { DemoTests.start + 10_000 } }
        let service = DemoService(seed: 1, clock: Clock())
        let first = await service.metrics()
        let second = await service.metrics()
        #expect(!first.contains("path=\"/metrics\""))
        #expect(second.contains("http_requests_total{method=\"GET\",path=\"/metrics\",status=\"200\"} 1.0"))
        let push = await service.qualityPush()
        #expect(push.path == "/metrics/job/model-evaluation")
    }
}
