import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import VigilTestSupport

/// Real clients against the real binary on loopback: a Python service built like the
/// seed's, the node exporter, Prometheus' own `/metrics`, an OpenMetrics target,
/// `prometheus_client`'s push functions, and hostile targets.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ScrapeClientsTests {
    static func config(_ jobs: String, push: String = "") -> String {
        """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        \(push)
        scrape_configs:
        \(jobs)
        """
    }

    static func job(_ name: String, _ target: String, extra: String = "") -> String {
        """
          - job_name: \(name)
            static_configs: [{targets: ["\(target)"]}]
        \(extra)
        """
    }

    @Test(.enabled(if: Peer.pythonHas("prometheus_client", "fastapi", "uvicorn"),
                   "needs Python with prometheus_client, fastapi and uvicorn (pip install prometheus-client fastapi uvicorn)"))
    func pythonServiceStoredAsExposed() async throws {
        let app = try await Peer.start("/usr/bin/env", ["python3", "-c", SeedApp.python, "{port}"])
        defer { app.stop() }
        for path in Array(repeating: "/predict", count: 11) + Array(repeating: "/fail", count: 4) {
            _ = try await HTTP.get("http://\(app.address)\(path)")
        }
        let vigil = try await VigilProcess.start(config: Self.config(Self.job("ml-service", app.address)))
        defer { Task { await vigil.stop() } }
        let api = vigil.baseURL + "/api/v1"
        // Two scrapes after the traffic: the stored values are the exposed ones.
        _ = try await Eventually(timeout: .seconds(30)) { try await JSONReply.get(api + "/query?query=count_over_time(up[1m])") }
            .until { $0.vector.first?.value == "2" || Int($0.vector.first?.value ?? "") ?? 0 >= 2 }
        let exposed = try await ExposedText.fetch("http://\(app.address)/metrics")
        var compared = 0
        for name in ["http_requests_total", "http_request_latency_seconds_bucket", "http_request_latency_seconds_count"] {
            let stored = try await JSONReply.get(api + "/query?query=\(name)").vector
            let samples = exposed.samples.filter { $0.name == name }
            #expect(stored.count == samples.count, "\(name)")
            for sample in samples {
                var labels = sample.labels
                labels["__name__"] = name
                labels["job"] = "ml-service"
                labels["instance"] = app.address
                let match = stored.first { $0.labels == labels }
                #expect(match.flatMap { Double($0.value) } == sample.value, "\(labels)")
                compared += 1
            }
        }
        #expect(compared == 2 + 2 * 16)
        let total = try await JSONReply.get(api + "/query?query=sum(http_requests_total)")
        #expect(total.vector.first?.value == "15")
        let metadata = try await JSONReply.get(api + "/metadata?metric=http_request_latency_seconds")
        #expect(((metadata.data["http_request_latency_seconds"] as? [[String: Any]])?.first?["type"] as? String) == "histogram")
    }

    @Test(.enabled(if: Peer.installed("/usr/bin/prometheus-node-exporter"), "needs Debian's prometheus-node-exporter"))
    func nodeExporter() async throws {
        let exporter = try await Peer.start("/usr/bin/prometheus-node-exporter", ["--web.listen-address=127.0.0.1:{port}"])
        defer { exporter.stop() }
        let vigil = try await VigilProcess.start(config: Self.config(Self.job("node", exporter.address, extra: "    scrape_interval: 2s\n    scrape_timeout: 2s")))
        defer { Task { await vigil.stop() } }
        let api = vigil.baseURL + "/api/v1"
        let count = try await Eventually(timeout: .seconds(30)) { try await JSONReply.get(api + "/query?query=count({job=\"node\"})") }
            .until { Int($0.vector.first?.value ?? "") ?? 0 > 300 }
        #expect(Int(count.vector.first?.value ?? "") ?? 0 > 300)
        let target = try await JSONReply.get(api + "/targets").activeTargets.first
        #expect(target?["health"] as? String == "up")
        #expect(target?["lastError"] as? String == "")
    }

    @Test(.enabled(if: Peer.installed("/usr/bin/prometheus"), "needs Debian's prometheus"))
    func prometheusOwnMetrics() async throws {
        let directory = try TemporaryDirectory.make()
        try "global:\n  scrape_interval: 1h\nscrape_configs: []\n".write(toFile: directory + "/prometheus.yml", atomically: true, encoding: .utf8)
        let prometheus = try await Peer.start("/usr/bin/prometheus", [
            "--config.file=\(directory)/prometheus.yml", "--web.listen-address=127.0.0.1:{port}", "--storage.tsdb.path=\(directory)/data",
        ])
        defer { prometheus.stop() }
        let vigil = try await VigilProcess.start(config: Self.config(Self.job("prometheus", prometheus.address)))
        defer { Task { await vigil.stop() } }
        let api = vigil.baseURL + "/api/v1"
        let info = try await Eventually(timeout: .seconds(30)) { try await JSONReply.get(api + "/query?query=prometheus_build_info") }
            .until { $0.vector.count == 1 }
        #expect(info.vector.first?.labels["job"] == "prometheus")
        let target = try await JSONReply.get(api + "/targets").activeTargets.first
        #expect(target?["lastError"] as? String == "")
    }

    @Test(.enabled(if: Peer.pythonHas("prometheus_client"), "needs Python's prometheus_client (pip install prometheus-client)"))
    func openMetricsTarget() async throws {
        let script = #"""
import sys, time
from prometheus_client import start_http_server, Counter
Counter("jobs", "Jobs done", ["kind"]).labels("a").inc(3)
start_http_server(int(sys.argv[1]), addr="127.0.0.1")
time.sleep(600)
"""#
        let app = try await Peer.start("/usr/bin/env", ["python3", "-c", script, "{port}"])
        defer { app.stop() }
        let vigil = try await VigilProcess.start(config: Self.config(Self.job("py", app.address)))
        defer { Task { await vigil.stop() } }
        let api = vigil.baseURL + "/api/v1"
        let jobs = try await Eventually(timeout: .seconds(30)) { try await JSONReply.get(api + "/query?query=jobs_total") }
            .until { $0.vector.count == 1 }
        #expect(jobs.vector.first?.value == "3")
        // `_created` only exists in the OpenMetrics answer.
        let created = try await JSONReply.get(api + "/query?query=jobs_created")
        #expect(created.vector.count == 1)
        let metadata = try await JSONReply.get(api + "/metadata?metric=jobs")
        #expect(((metadata.data["jobs"] as? [[String: Any]])?.first?["type"] as? String) == "counter")
    }

    @Test(.enabled(if: Peer.pythonHas("prometheus_client"), "needs Python's prometheus_client (pip install prometheus-client)"))
    func pythonPushFunctions() async throws {
        let vigil = try await VigilProcess.start(config: Self.config("  []", push: "push:\n  interval: 1s"))
        defer { Task { await vigil.stop() } }
        let api = vigil.baseURL + "/api/v1"
        let gateway = "127.0.0.1:\(vigil.port)"
        let script = #"""
import sys
from prometheus_client import CollectorRegistry, Gauge, push_to_gateway, pushadd_to_gateway, delete_from_gateway
gw, step = sys.argv[1], sys.argv[2]
r = CollectorRegistry()
if step == "push":
    Gauge("model_accuracy", "Accuracy", ["model"], registry=r).labels("m1").set(0.93)
    Gauge("model_recall", "Recall", registry=r).set(0.81)
    push_to_gateway(gw, job="batch/train", registry=r, grouping_key={"instance": "runner 1"})
elif step == "pushadd":
    Gauge("model_recall", "Recall", registry=r).set(0.88)
    pushadd_to_gateway(gw, job="batch/train", registry=r, grouping_key={"instance": "runner 1"})
elif step == "delete":
    delete_from_gateway(gw, job="batch/train", grouping_key={"instance": "runner 1"})
"""#
        #expect(try Peer.runPython(script, [gateway, "push"]) == 0)
        let accuracy = try await Eventually { try await JSONReply.get(api + "/query?query=model_accuracy") }.until { $0.vector.count == 1 }
        #expect(accuracy.vector.first?.labels == ["__name__": "model_accuracy", "job": "batch/train", "instance": "runner 1", "model": "m1"])
        #expect(accuracy.vector.first?.value == "0.93")
        #expect(try Peer.runPython(script, [gateway, "pushadd"]) == 0)
        let recall = try await Eventually { try await JSONReply.get(api + "/query?query=model_recall") }.until { $0.vector.first?.value == "0.88" }
        #expect(recall.vector.first?.value == "0.88")
        #expect(try await JSONReply.get(api + "/query?query=model_accuracy").vector.count == 1)
        #expect(try Peer.runPython(script, [gateway, "delete"]) == 0)
        // Stale markers end the series at once, not after the 5 m lookback.
        let gone = try await Eventually { try await JSONReply.get(api + "/query?query=model_recall") }.until { $0.vector.isEmpty }
        #expect(gone.vector.isEmpty)
    }

    @Test func pushExpiryAndBadBodies() async throws {
        let vigil = try await VigilProcess.start(config: Self.config("  []", push: "push:\n  interval: 1s"))
        defer { Task { await vigil.stop() } }
        let api = vigil.baseURL + "/api/v1"
        var request = HTTPClientRequestBuilder.put(vigil.baseURL + "/metrics/job/nightly", body: "accuracy 0.9\n")
        request.headers.add(name: "X-Vigil-Push-TTL", value: "2s")
        let pushed = try await HTTP.send(request, timeout: .seconds(10))
        #expect(pushed.status == 200)
        _ = try await Eventually { try await JSONReply.get(api + "/query?query=accuracy") }.until { $0.vector.count == 1 }
        let expired = try await Eventually { try await JSONReply.get(api + "/query?query=accuracy") }.until { $0.vector.isEmpty }
        #expect(expired.vector.isEmpty)

        let bad = try await HTTP.post(vigil.baseURL + "/metrics/job/nightly", body: "accuracy{ 0.9\n", method: .PUT)
        #expect(bad.status == 400)
        #expect(bad.body.contains("parse error"))
        let stamped = try await HTTP.post(vigil.baseURL + "/metrics/job/nightly", body: "accuracy 0.9 1700000000000\n", method: .PUT)
        #expect(stamped.status == 400)
        #expect(stamped.body == "pushed metrics must not have timestamps\n")
    }

    static let hostileServer = #"""
import sys, time, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args): pass
    def send(self, code, body):
        self.send_response(code)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_GET(self):
        try:
            if self.path == "/good": self.send(200, b"ok 1\n")
            elif self.path == "/slow": time.sleep(5); self.send(200, b"late 1\n")
            elif self.path == "/500": self.send(500, b"boom")
            elif self.path == "/garbage": self.send(200, b"this is { not metrics\n")
            elif self.path == "/big": self.send(200, b"x 1\n" * 100000)
            elif self.path == "/endless":
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; version=0.0.4")
                self.end_headers()
                while True: self.wfile.write(b"y 1\n" * 1000)
            else: self.send(404, b"")
        except (BrokenPipeError, ConnectionResetError):
            pass
ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
"""#

    @Test(.enabled(if: Peer.pythonHas("http.server"), "needs python3"))
    func hostileTargets() async throws {
        let server = try await Peer.start("/usr/bin/env", ["python3", "-c", Self.hostileServer, "{port}"], readyPath: "/good")
        defer { server.stop() }
        let closed = try FreePort.find()
        let jobs = ["good", "slow", "500", "garbage", "big", "endless"].map {
            Self.job($0, server.address, extra: "    metrics_path: /\($0)\n    scrape_timeout: 500ms\n    body_size_limit: 100KB")
        }.joined(separator: "\n") + "\n" + Self.job("down", "127.0.0.1:\(closed)")
        let vigil = try await VigilProcess.start(config: Self.config(jobs))
        defer { Task { await vigil.stop() } }
        let api = vigil.baseURL + "/api/v1"
        _ = try await Eventually(timeout: .seconds(30)) { try await JSONReply.get(api + "/query?query=count_over_time(up{job=\"good\"}[1m])") }
            .until { Int($0.vector.first?.value ?? "") ?? 0 >= 4 }
        let targets = try await JSONReply.get(api + "/targets").activeTargets
        let byPool = Dictionary(uniqueKeysWithValues: targets.map { ($0["scrapePool"] as? String ?? "", $0) })
        #expect(byPool["good"]?["health"] as? String == "up")
        let expected = [
            "slow": "Get \"http://\(server.address)/slow\": context deadline exceeded",
            "500": "server returned HTTP status 500 Internal Server Error",
            "big": "body size limit exceeded",
            "endless": "body size limit exceeded",
            "down": "Get \"http://127.0.0.1:\(closed)/metrics\": dial tcp 127.0.0.1:\(closed): connect: connection refused",
        ]
        for (pool, error) in expected {
            #expect(byPool[pool]?["health"] as? String == "down", "\(pool)")
            #expect(byPool[pool]?["lastError"] as? String == error, "\(pool)")
        }
        #expect((byPool["garbage"]?["lastError"] as? String)?.contains("parse error") == true)
        let up = try await JSONReply.get(api + "/query?query=up")
        #expect(up.vector.filter { $0.value == "0" }.count == 6)
        // The good target kept its rhythm: every scrape succeeded and was quick.
        let good = try await JSONReply.get(api + "/query?query=min_over_time(up{job=\"good\"}[1m])")
        #expect(good.vector.first?.value == "1")
        let slowest = try await JSONReply.get(api + "/query?query=max_over_time(scrape_duration_seconds{job=\"good\"}[1m])")
        #expect((Double(slowest.vector.first?.value ?? "") ?? 1) < 0.25)
    }
}

extension JSONReply {
    var activeTargets: [[String: Any]] { data["activeTargets"] as? [[String: Any]] ?? [] }
}

/// A reference peer on a loopback port, stopped by its PID (SIGTERM, then SIGKILL).
final class Peer: @unchecked Sendable {
    // @unchecked: `process` is used by the owning test only.
    let process = Process()
    let port: Int
    var address: String { "127.0.0.1:\(port)" }

    private init(port: Int) { self.port = port }

    /// Starts `executable` (`{port}` in arguments replaced) and waits until
    /// `readyPath` answers 200.
    static func start(_ executable: String, _ arguments: [String], readyPath: String = "/metrics") async throws -> Peer {
        let peer = Peer(port: try FreePort.find())
        peer.process.executableURL = URL(fileURLWithPath: executable)
        peer.process.arguments = arguments.map { $0.replacingOccurrences(of: "{port}", with: String(peer.port)) }
        peer.process.standardOutput = FileHandle.nullDevice
        peer.process.standardError = FileHandle.nullDevice
        try peer.process.run()
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline, peer.process.isRunning {
            if let reply = try? await HTTP.get("http://\(peer.address)\(readyPath)", timeout: .seconds(1)), reply.status == 200 {
                return peer
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        peer.stop()
        throw E2EError("\(executable) did not become ready on port \(peer.port)")
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0..<50 where process.isRunning { usleep(100_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }

    static func installed(_ path: String) -> Bool { FileManager.default.isExecutableFile(atPath: path) }

    static func pythonHas(_ modules: String...) -> Bool {
        (try? runPython("import " + modules.joined(separator: ", "), [], quiet: true)) == 0
    }

    static func runPython(_ script: String, _ arguments: [String], quiet: Bool = false) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        if quiet {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// Samples of a text-format page, for comparing with what Vigil stored.
struct ExposedText {
    struct Sample {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    var samples: [Sample]

    static func fetch(_ url: String) async throws -> ExposedText {
        let body = try await HTTP.get(url).body
        var samples: [Sample] = []
        for line in body.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...].replacingOccurrences(of: "+Inf", with: "inf")) else { continue }
            let series = line[..<space]
            var labels: [String: String] = [:]
            let name: String
            if let brace = series.firstIndex(of: "{") {
                name = String(series[..<brace])
                for pair in series[series.index(after: brace)..<series.index(before: series.endIndex)].split(separator: ",") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    if parts.count == 2 { labels[String(parts[0])] = String(parts[1].dropFirst().dropLast()) }
                }
            } else {
                name = String(series)
            }
            samples.append(Sample(name: name, labels: labels, value: value))
        }
        return ExposedText(samples: samples)
    }
}

/// Requests the `HTTP` helper does not build.
enum HTTPClientRequestBuilder {
    static func put(_ url: String, body: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = .PUT
        request.body = .bytes(ByteBuffer(string: body))
        return request
    }
}
