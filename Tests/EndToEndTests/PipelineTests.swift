import Foundation
import Testing

/// The thin path end to end through the real binary: scrape → store → query → rules →
/// alerts, plus push, on loopback.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct PipelineTests {
    /// A config scraping Vigil itself and a closed port every second, with a recording
    /// rule and an alert over `up`.
    static func config(port: Int) -> String {
        """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: self
            static_configs: [{targets: ["127.0.0.1:\(port)"]}]
          - job_name: gone
            static_configs: [{targets: ["127.0.0.1:1"]}]
        rule_groups:
          - name: pipeline
            rules:
              - record: job:up:sum
                expr: sum by (job) (up)
              - alert: TargetDown
                expr: up == 0
                labels: {severity: page}
                annotations: {summary: "{{ $labels.instance }} of {{ $labels.job }} is down"}
        """
    }

    @Test func scrapeStoreQueryRulesAndPush() async throws {
        // The port is only known once listening, so start on a fixed free port found first.
        let port = try FreePort.find()
        let vigil = try await VigilProcess.start(config: Self.config(port: port), listenPort: port)
        defer { Task { await vigil.stop() } }
        let api = vigil.baseURL + "/api/v1"

        // A self-scrape can time out on a loaded machine; one that succeeds is what counts.
        let up = try await eventually { try await JSONReply.get(api + "/query?query=up") }
            .until { $0.vector.count == 2 && $0.vector.first { $0.labels["job"] == "self" }?.value == "1" }
        #expect(up.vector.first { $0.labels["job"] == "self" }?.value == "1")
        #expect(up.vector.first { $0.labels["job"] == "gone" }?.value == "0")

        let recorded = try await eventually { try await JSONReply.get(api + "/query?query=job:up:sum") }
            .until { $0.vector.count == 2 }
        #expect(Set(recorded.vector.map { $0.labels["__name__"] }) == ["job:up:sum"])

        let alerts = try await eventually { try await JSONReply.get(api + "/alerts") }
            .until { ($0.data["alerts"] as? [[String: Any]])?.isEmpty == false }
        let alert = try #require((alerts.data["alerts"] as? [[String: Any]])?.first)
        #expect((alert["labels"] as? [String: String])?["alertname"] == "TargetDown")
        #expect((alert["annotations"] as? [String: String])?["summary"] == "127.0.0.1:1 of gone is down")

        let targets = try await JSONReply.get(api + "/targets")
        let active = targets.data["activeTargets"] as? [[String: Any]] ?? []
        #expect(active.count == 2)
        let down = active.first { ($0["scrapePool"] as? String) == "gone" }
        #expect(down?["health"] as? String == "down")
        #expect((down?["lastError"] as? String)?.contains("connection refused") == true)

        // Push a batch job's accuracy the way prometheus_client's push_to_gateway does.
        let pushed = try await HTTP.post(
            vigil.baseURL + "/metrics/job/train/model/resnet", body: "# TYPE accuracy gauge\naccuracy 0.93\n",
            contentType: "text/plain; version=0.0.4", method: .PUT)
        #expect(pushed.status == 200, "\(pushed.body)")
        let accuracy = try await eventually { try await JSONReply.get(api + "/query?query=accuracy") }
            .until { $0.vector.count == 1 }
        #expect(accuracy.vector.first?.labels == ["__name__": "accuracy", "job": "train", "model": "resnet"])
        #expect(accuracy.vector.first?.value == "0.93")

        // Series and label endpoints see what was scraped.
        let names = try await JSONReply.get(api + "/label/__name__/values")
        let nameList = names.data["values"] as? [String] ?? (names.raw["data"] as? [String] ?? [])
        #expect(nameList.contains("scrape_duration_seconds"))
        #expect(nameList.contains("vigil_build_info"))
        let series = try await JSONReply.get(api + "/series?match[]=up")
        #expect((series.raw["data"] as? [[String: String]])?.count == 2)
    }

    /// Retries `body` every 200 ms for at most `timeout`.
    private func eventually<T>(timeout: Duration = .seconds(30), _ body: @escaping () async throws -> T) -> Eventually<T> {
        Eventually(timeout: timeout, body: body)
    }
}

struct Eventually<T> {
    let timeout: Duration
    let body: () async throws -> T

    init(timeout: Duration = .seconds(30), body: @escaping () async throws -> T) {
        self.timeout = timeout
        self.body = body
    }

    /// The first value satisfying `condition`, or the last one when time runs out.
    func until(_ condition: (T) -> Bool) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        var last = try await body()
        while !condition(last), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            last = try await body()
        }
        return last
    }
}

/// A Prometheus API reply, decoded loosely for assertions.
struct JSONReply {
    let raw: [String: Any]

    var data: [String: Any] { raw["data"] as? [String: Any] ?? [:] }

    /// Instant-vector elements as (labels, value text).
    var vector: [(labels: [String: String], value: String)] {
        (data["result"] as? [[String: Any]] ?? []).map { element in
            let value = (element["value"] as? [Any])?.last as? String ?? ""
            return (element["metric"] as? [String: String] ?? [:], value)
        }
    }

    static func get(_ url: String) async throws -> JSONReply {
        let reply = try await HTTP.get(url.replacingOccurrences(of: "[]", with: "%5B%5D"))
        guard let object = try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any] else {
            throw E2EError("not JSON from \(url): \(reply.body)")
        }
        return JSONReply(raw: object)
    }
}

/// A free loopback port, found by binding port 0 and closing.
enum FreePort {
    static func find() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw E2EError("socket failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw E2EError("bind failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
