import AsyncHTTPClient
import Foundation
import Testing
import VigilConfig
import VigilExposition
import VigilModel
@testable import VigilScrape
import VigilTestSupport

/// A scrape manager as `vigil run` wires it, but writing to memory: real HTTP, real
/// parser, real clocks.
struct LiveScraping {
    let store = MemoryAppender()
    let manager: ScrapeManager

    init() {
        manager = ScrapeManager(appender: store, options: ScrapeOptions(userAgent: "Vigil/test"))
    }

    /// Waits until `up` of `instance` has `count` samples (at most `timeout`).
    func waitForScrapes(_ count: Int, instance: String, timeout: Duration = .seconds(20)) async -> Bool {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < timeout {
            if store.series(matching: ["__name__": "up", "instance": instance]).values.first.map({ $0.count >= count }) == true { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    func status(_ url: String) async -> ActiveTarget? {
        await manager.targetsSnapshot().activeTargets.first { $0.scrapeUrl == url }
    }
}

func job(_ name: String, interval: Duration = .seconds(1), timeout: Duration = .milliseconds(800), targets: [String],
         configure: (inout ScrapeConfig) -> Void = { _ in }) -> ScrapeConfig {
    scrapeConfig(name, interval: interval, timeout: timeout) {
        $0.staticConfigs = [StaticConfig(targets: targets)]
        configure(&$0)
    }
}

@Suite(.serialized, .timeLimit(.minutes(2))) struct RealPeersTests {
    @Test(.enabled(if: PeerProcess.pythonHas("prometheus_client", "fastapi", "uvicorn"),
                   "needs Python with prometheus_client, fastapi and uvicorn (pip install prometheus-client fastapi uvicorn)"))
    func pythonServiceCountersAndHistogramsMatchWhatTheClientExposed() async throws {
        let app = try await PeerProcess("/usr/bin/env", ["python3", "-c", SeedApp.python, "{port}"])
        defer { app.stop() }
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
        for path in Array(repeating: "/predict", count: 17) + Array(repeating: "/fail", count: 3) + ["/nope"] {
            _ = try await client.execute(HTTPClientRequest(url: "http://\(app.address)\(path)"), timeout: .seconds(5))
        }
        try await client.shutdown()
        let live = LiveScraping()
        await live.manager.apply([job("ml-service", targets: [app.address])], baseDirectory: "/")
        #expect(await live.waitForScrapes(2, instance: app.address))
        let error = await live.status("http://\(app.address)/metrics")?.lastError
        await live.manager.stop()
        #expect(error == "")

        let fetcher = HTTPFetcher(userAgent: "Vigil/test")
        let response = try await fetcher.fetch(ScrapeRequest(url: "http://\(app.address)/metrics", timeout: .seconds(5))).get()
        await fetcher.shutdown()
        let exposed = try MetricFamily.parse(response.body, format: .prometheusText)
        var compared = 0
        for family in exposed where ["http_requests", "http_requests_total", "http_request_latency_seconds"].contains(family.name) {
            for sample in family.samples where !(sample.labels.metricName ?? "").hasSuffix("_created") {
                let stored = sample.labels.setting("job", to: "ml-service").setting("instance", to: app.address)
                #expect(live.store.last(stored) == sample.value, "\(stored)")
                compared += 1
            }
        }
        #expect(live.store.last(["__name__": "http_requests_total", "job": "ml-service", "instance": app.address,
                                  "path": "/predict", "method": "GET", "status": "200"]) == 17)
        #expect(live.store.last(["__name__": "http_request_latency_seconds_bucket", "job": "ml-service", "instance": app.address,
                                  "path": "/fail", "method": "GET", "le": "+Inf"]) == 3)
        // Counters and histograms (15 buckets, _sum and _count) of /predict, /fail and /nope.
        #expect(compared == 3 + 3 * 17)
    }

    @Test(.enabled(if: PeerProcess.installed("/usr/bin/prometheus-node-exporter"), "needs Debian's prometheus-node-exporter"))
    func nodeExporterScrapesCleanly() async throws {
        let exporter = try await PeerProcess("/usr/bin/prometheus-node-exporter", ["--web.listen-address=127.0.0.1:{port}"])
        defer { exporter.stop() }
        let live = LiveScraping()
        await live.manager.apply([job("node", interval: .seconds(2), timeout: .seconds(2), targets: [exporter.address])], baseDirectory: "/")
        #expect(await live.waitForScrapes(2, instance: exporter.address))
        let status = await live.status("http://\(exporter.address)/metrics")
        let metadata = await live.manager.metricMetadata(metric: "node_cpu_seconds_total")
        await live.manager.stop()
        #expect(status?.health == "up")
        #expect(status?.lastError == "")
        let scraped = live.store.last(["__name__": "scrape_samples_scraped", "job": "node", "instance": exporter.address]) ?? 0
        #expect(scraped > 300)
        let series = live.store.series(matching: ["job": "node", "instance": exporter.address])
        #expect(series.count > 300)
        #expect(series.keys.contains { $0.metricName == "node_cpu_seconds_total" })
        // Metadata came along.
        #expect(metadata["node_cpu_seconds_total"]?.first?.type == "counter")
    }

    /// Prometheus' own `/metrics`. Prometheus 2.x serves it in the text format whatever the
    /// `Accept` header says (3.x offers OpenMetrics): the test checks Vigil asks as
    /// Prometheus does and reads what comes back.
    @Test(.enabled(if: PeerProcess.installed("/usr/bin/prometheus"), "needs Debian's prometheus"))
    func prometheusOwnMetrics() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        write("global:\n  scrape_interval: 1h\nscrape_configs: []\n", to: directory + "/prometheus.yml")
        let prometheus = try await PeerProcess("/usr/bin/prometheus", [
            "--config.file=\(directory)/prometheus.yml", "--web.listen-address=127.0.0.1:{port}",
            "--storage.tsdb.path=\(directory)/data",
        ])
        defer { prometheus.stop() }
        let live = LiveScraping()
        await live.manager.apply([job("prometheus", interval: .seconds(2), timeout: .seconds(2), targets: [prometheus.address])], baseDirectory: "/")
        #expect(await live.waitForScrapes(2, instance: prometheus.address))
        let status = await live.status("http://\(prometheus.address)/metrics")
        let metadata = await live.manager.metricMetadata(metric: "prometheus_http_requests_total")
        await live.manager.stop()
        #expect(status?.health == "up")
        #expect(status?.lastError == "")
        let series = live.store.series(matching: ["job": "prometheus", "instance": prometheus.address])
        #expect(series.keys.contains { $0.metricName == "prometheus_build_info" })
        #expect(series.count > 100)
        #expect(metadata["prometheus_http_requests_total"]?.first?.type == "counter")
    }

    /// A target that speaks OpenMetrics when asked (prometheus_client's own HTTP server
    /// negotiates on `Accept`): Vigil's `Accept` header gets OpenMetrics and reads it,
    /// `_created` series and `# EOF` included.
    @Test(.enabled(if: PeerProcess.pythonHas("prometheus_client"), "needs Python's prometheus_client (pip install prometheus-client)"))
    func openMetricsNegotiatedWithPythonClient() async throws {
        let script = #"""
import sys, time
from prometheus_client import start_http_server, Counter, Histogram, Info
c = Counter("jobs", "Jobs done", ["kind"])
c.labels("a").inc(3)
h = Histogram("job_duration_seconds", "Job duration", buckets=[0.1, 1])
h.observe(0.5)
Info("build", "Build information").info({"version": "1.0"})
start_http_server(int(sys.argv[1]), addr="127.0.0.1")
time.sleep(600)
"""#
        let app = try await PeerProcess("/usr/bin/env", ["python3", "-c", script, "{port}"])
        defer { app.stop() }
        let fetcher = HTTPFetcher(userAgent: "Vigil/test")
        let response = try await fetcher.fetch(ScrapeRequest(url: "http://\(app.address)/metrics", timeout: .seconds(5))).get()
        await fetcher.shutdown()
        #expect(response.contentType?.hasPrefix("application/openmetrics-text") == true)
        #expect(String(decoding: response.body.suffix(6), as: UTF8.self) == "# EOF\n")

        let live = LiveScraping()
        await live.manager.apply([job("py", targets: [app.address])], baseDirectory: "/")
        #expect(await live.waitForScrapes(2, instance: app.address))
        let status = await live.status("http://\(app.address)/metrics")
        let metadata = await live.manager.metricMetadata()
        await live.manager.stop()
        #expect(status?.lastError == "")
        let base: Labels = ["job": "py", "instance": app.address]
        #expect(live.store.last(base.setting("__name__", to: "jobs_total").setting("kind", to: "a")) == 3)
        #expect(live.store.last(base.setting("__name__", to: "job_duration_seconds_bucket").setting("le", to: "1.0")) == 1)
        #expect(live.store.last(base.setting("__name__", to: "build_info").setting("version", to: "1.0")) == 1)
        #expect(live.store.series(matching: base.setting("__name__", to: "jobs_created")).count == 1)
        // OpenMetrics names the counter family without `_total`.
        #expect(metadata["jobs"]?.first?.type == "counter")
        #expect(metadata["build"]?.first?.type == "info")
    }

    @Test(.enabled(if: PeerProcess.pythonHas("prometheus_client"), "needs Python's prometheus_client (pip install prometheus-client)"))
    func pythonPushClientAgainstThePushAPI() async throws {
        let store = MemoryAppender()
        let push = PushGroupStore(appender: store, file: nil)
        let server = try await PushTestServer(store: push)
        defer { Task { await server.stop() } }
        let gateway = "127.0.0.1:\(server.port)"
        let script = #"""
import sys
from prometheus_client import CollectorRegistry, Gauge, push_to_gateway, pushadd_to_gateway, delete_from_gateway
gw, step = sys.argv[1], sys.argv[2]
r = CollectorRegistry()
if step == "push":
    Gauge("model_accuracy", "Accuracy of the model", ["model"], registry=r).labels("m1").set(0.93)
    Gauge("model_recall", "Recall of the model", registry=r).set(0.81)
    push_to_gateway(gw, job="batch/train", registry=r, grouping_key={"instance": "runner 1"})
elif step == "pushadd":
    Gauge("model_recall", "Recall of the model", registry=r).set(0.88)
    pushadd_to_gateway(gw, job="batch/train", registry=r, grouping_key={"instance": "runner 1"})
elif step == "delete":
    delete_from_gateway(gw, job="batch/train", grouping_key={"instance": "runner 1"})
"""#
        let key: Labels = ["job": "batch/train", "instance": "runner 1"]
        #expect(try PeerProcess.runPython(script, arguments: [gateway, "push"]) == 0)
        var groups = await push.snapshot()
        #expect(groups.map(\.groupingKey) == [["job": "batch/train", "instance": "runner 1"]])
        #expect(groups.first?.families.keys.sorted() == ["model_accuracy", "model_recall"])
        try await push.ingest(at: 1000)
        #expect(store.last(key.setting("__name__", to: "model_accuracy").setting("model", to: "m1")) == 0.93)

        #expect(try PeerProcess.runPython(script, arguments: [gateway, "pushadd"]) == 0)
        try await push.ingest(at: 2000)
        #expect(store.last(key.setting("__name__", to: "model_recall")) == 0.88)
        #expect(store.last(key.setting("__name__", to: "model_accuracy").setting("model", to: "m1")) == 0.93)

        #expect(try PeerProcess.runPython(script, arguments: [gateway, "delete"]) == 0)
        groups = await push.snapshot()
        #expect(groups.isEmpty)
        try await push.ingest(at: 3000)
        #expect(store.last(key.setting("__name__", to: "model_recall")).map(StaleMarker.isStale) == true)
    }

    @Test func hostileTargetsAreDownWithClearErrorsAndDoNotSlowOthers() async throws {
        let server = try await TestHTTPServer(routes: [
            "/good": .ok("# TYPE ok gauge\nok 1\n"),
            "/slow": .slow(.seconds(5), "late 1\n"),
            "/500": .status(500),
            "/garbage": .ok("this is { not metrics\n"),
            "/big": .ok(String(repeating: "x 1\n", count: 10_000)),
            "/endless": .endless(String(repeating: "y 1\n", count: 256)),
        ])
        defer { Task { await server.stop() } }
        let down = try await TestHTTPServer.closedPort()
        let live = LiveScraping()
        let address = "127.0.0.1:\(server.port)"
        func target(_ path: String) -> ScrapeConfig {
            job(String(path.dropFirst()), timeout: .milliseconds(500), targets: [address]) {
                $0.metricsPath = path
                $0.bodySizeLimitBytes = 20_000
            }
        }
        await live.manager.apply(
            ["/good", "/slow", "/500", "/garbage", "/big", "/endless"].map(target)
                + [job("down", targets: ["127.0.0.1:\(down)"])], baseDirectory: "/")
        try await Task.sleep(for: .seconds(4))
        let snapshot = await live.manager.targetsSnapshot()
        await live.manager.stop()
        let errors = Dictionary(uniqueKeysWithValues: snapshot.activeTargets.map { ($0.scrapePool, $0) })
        #expect(errors["good"]?.health == "up")
        #expect(errors["slow"]?.lastError == "Get \"http://\(address)/slow\": context deadline exceeded")
        #expect(errors["500"]?.lastError == "server returned HTTP status 500 Internal Server Error")
        #expect(errors["garbage"]?.lastError.contains("parse error") == true)
        #expect(errors["big"]?.lastError == "body size limit exceeded")
        #expect(errors["endless"]?.lastError == "body size limit exceeded")
        #expect(errors["down"]?.lastError == "Get \"http://127.0.0.1:\(down)/metrics\": dial tcp 127.0.0.1:\(down): connect: connection refused")
        for pool in ["slow", "500", "garbage", "big", "endless", "down"] {
            #expect(errors[pool]?.health == "down", "\(pool)")
            let up = live.store.series(matching: ["__name__": "up", "job": pool]).values.first ?? []
            #expect(!up.isEmpty && up.allSatisfy { $0.v == 0 }, "\(pool)")
        }
        // The good target was scraped every second, each scrape fast, whatever the others did.
        let good = live.store.series(matching: ["__name__": "up", "job": "good"]).values.first ?? []
        #expect(good.count >= 3 && good.allSatisfy { $0.v == 1 })
        // On the 1 s grid (a wake-up later than the 2 ms tolerance keeps its real time).
        let gaps = zip(good, good.dropFirst()).map { $1.t - $0.t }
        #expect(gaps.allSatisfy { (900...1100).contains($0) }, "\(gaps)")
        let durations = live.store.series(matching: ["__name__": "scrape_duration_seconds", "job": "good"]).values.first ?? []
        #expect(durations.allSatisfy { $0.v < 0.25 })
    }
}
