import Foundation
import Testing

/// Remote write and federation against the reference Prometheus 2.42: Vigil → Prometheus'
/// receiver (through an outage of the receiver and a restart of Vigil), Prometheus →
/// Vigil's receiver, and Prometheus federating from Vigil. Skipped, saying so, when
/// `prometheus` is not installed.
@Suite(.serialized, .enabled(if: PrometheusPeer.executable != nil, "prometheus (2.42) is not installed; remote-write peer tests skipped"))
struct RemoteWriteTests {
    /// `[[t, "v"], …]` of the one series `selector` finds at `time`, from either server.
    static func samples(_ base: String, _ selector: String, at time: Double) async throws -> [[String]] {
        let query = selector.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let reply = try await HTTP.get("\(base)/api/v1/query?query=\(query)&time=\(time)")
        guard reply.status == 200,
              let json = try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any],
              let data = json["data"] as? [String: Any], let result = data["result"] as? [[String: Any]]
        else { throw E2EError("query \(selector) on \(base) failed: \(reply.status) \(reply.body)") }
        guard result.count == 1, let values = result[0]["values"] as? [[Any]] else {
            throw E2EError("query \(selector) at \(time) on \(base) found \(result.count) series: \(reply.body.prefix(500))")
        }
        return values.map { ["\($0[0])", "\($0[1])"] }
    }

    /// The timestamp (seconds) of the newest sample of the one series `selector` finds now.
    static func newest(_ base: String, _ selector: String) async throws -> Double {
        guard let last = try await samples(base, selector, at: Date().timeIntervalSince1970).last, let t = Double(last[0]) else {
            throw E2EError("no samples for \(selector) on \(base)")
        }
        return t
    }

    /// The label sets of an instant query's result, as sorted `name=value` lists.
    static func labelSets(_ base: String, _ selector: String) async throws -> Set<[String]> {
        let query = selector.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let reply = try await HTTP.get("\(base)/api/v1/query?query=\(query)")
        let json = try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any]
        let result = (json?["data"] as? [String: Any])?["result"] as? [[String: Any]] ?? []
        return Set(result.map { (($0["metric"] as? [String: String]) ?? [:]).map { "\($0.key)=\($0.value)" }.sorted() })
    }

    /// Polls `condition` every 250 ms for at most `timeout`.
    static func eventually(_ timeout: Duration, _ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            do {
                if try await condition() { return }
            } catch {
                last = "\(error)"
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw E2EError("timed out after \(timeout) waiting for \(what); last: \(last.prefix(3000))")
    }

    /// True when both lists are equal; throws with both when not, for the failure message.
    static func same(_ a: [[String]], _ b: [[String]], minimum: Int = 1) throws -> Bool {
        if a == b && a.count >= minimum { return true }
        let onlyA = a.filter { !b.contains($0) }, onlyB = b.filter { !a.contains($0) }
        throw E2EError("\(a.count) vs \(b.count) samples; only first: \(onlyA.prefix(10)); only second: \(onlyB.prefix(10))")
    }

    static func vigilConfig(remoteWriteTo url: String?, receiver: Bool = false) -> String {
        var text = """
            global:
              scrape_interval: 1s
              external_labels: {origin: vigil}
            web: {enable_remote_write_receiver: \(receiver)}
            scrape_configs:
              - job_name: self
                static_configs: [{targets: ['127.0.0.1:__PORT__']}]

            """
        if let url {
            text += """
                remote_write:
                  - url: \(url)
                    name: reference
                    queue_config: {batch_send_deadline: 1s, min_backoff: 100ms, max_backoff: 1s}

                """
        }
        return text
    }

    /// Starts Vigil on a chosen free port so its config can scrape itself.
    static func startVigil(_ config: String, dataDirectory: String? = nil, port: Int? = nil) async throws -> VigilProcess {
        let port = port ?? PrometheusPeer.freePort()
        let directory = try dataDirectory.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path } ?? TemporaryDirectory.make()
        let file = directory + "/vigil.yml"
        try config.replacingOccurrences(of: "__PORT__", with: String(port)).write(toFile: file, atomically: true, encoding: .utf8)
        return try await VigilProcess.launch(
            arguments: ["run", "--config", file, "--data", directory + "/data", "--listen", "127.0.0.1:\(port)"],
            dataDirectory: directory + "/data", timeout: .seconds(30))
    }

    @Test func vigilToPrometheusThroughOutageAndRestart() async throws {
        let prometheus = try await PrometheusPeer(config: "global: {scrape_interval: 1m}\n")
        defer { Task { await prometheus.stop() } }
        var vigil = try await Self.startVigil(Self.vigilConfig(remoteWriteTo: prometheus.url + "/api/v1/write"))
        let selector = "up{job=\"self\"}[10m]"
        let remote = "up{job=\"self\",origin=\"vigil\"}[10m]"
        do {
            // Samples arrive: wait for a few, then compare at a time both have passed.
            try await Self.eventually(.seconds(30), "samples at Prometheus") {
                try await Self.samples(prometheus.url, remote, at: Date().timeIntervalSince1970).count >= 3
            }
            // Compare at the newest sample that arrived: Vigil had everything up to it.
            let t = try await Self.newest(prometheus.url, remote)
            try await Self.eventually(.seconds(15), "the same samples") {
                try Self.same(try await Self.samples(prometheus.url, remote, at: t), try await Self.samples(vigil.baseURL, selector, at: t))
            }

            // The receiver goes away; Vigil keeps scraping, and restarts during the outage.
            await prometheus.stop()
            try await Task.sleep(for: .seconds(8))
            await vigil.stop()
            vigil = try await Self.startVigil(
                Self.vigilConfig(remoteWriteTo: prometheus.url + "/api/v1/write"),
                dataDirectory: vigil.dataDirectory, port: vigil.port)
            try await Task.sleep(for: .seconds(8))
            try await prometheus.start()

            // Everything Vigil stored during the outage arrives: nothing lost, no duplicates
            // (Prometheus refuses another value at a stored timestamp; failed stays 0).
            let end = Date().timeIntervalSince1970 - 0.5
            try await Self.eventually(.seconds(60), "the outage's samples at Prometheus") {
                let local = try await Self.samples(vigil.baseURL, selector, at: end)
                return try Self.same(try await Self.samples(prometheus.url, remote, at: end), local, minimum: 16)
            }
            let metrics = try await HTTP.get(vigil.baseURL + "/metrics").body
            #expect(metrics.contains("vigil_remote_storage_samples_failed_total{remote_name=\"reference\""))
            let failed = metrics.split(separator: "\n").first { $0.hasPrefix("vigil_remote_storage_samples_failed_total{") }
            #expect(failed?.hasSuffix(" 0") == true, "\(failed ?? "no failed counter")")
        } catch {
            await vigil.stop()
            throw E2EError("\(error)\nvigil log:\n\(vigil.log.suffix(3000))")
        }
        await vigil.stop()
        await prometheus.stop()
    }

    @Test func prometheusToVigilsReceiver() async throws {
        let vigil = try await Self.startVigil("web: {enable_remote_write_receiver: true}\n")
        // Prometheus scrapes itself (`__SELF__` is its own address) and forwards to Vigil.
        let prometheus = try await PrometheusPeer(config: """
            global: {scrape_interval: 1s}
            scrape_configs:
              - job_name: prom
                static_configs: [{targets: ['__SELF__']}]
            remote_write:
              - url: \(vigil.baseURL)/api/v1/write
                queue_config: {batch_send_deadline: 1s}
            """)
        defer { Task { await prometheus.stop() } }
        let selector = "up{job=\"prom\"}[10m]"
        try await Self.eventually(.seconds(40), "samples at Vigil") {
            try await Self.samples(vigil.baseURL, selector, at: Date().timeIntervalSince1970).count >= 3
        }
        // Compare at the newest sample that arrived: Prometheus had everything up to it.
        let t = try await Self.newest(vigil.baseURL, selector)
        try await Self.eventually(.seconds(30), "the same samples at Vigil") {
            try Self.same(try await Self.samples(vigil.baseURL, selector, at: t), try await Self.samples(prometheus.url, selector, at: t))
        }
        await prometheus.stop()
        await vigil.stop()
    }

    @Test func prometheusFederatesFromVigil() async throws {
        let vigil = try await Self.startVigil(Self.vigilConfig(remoteWriteTo: nil))
        let target = vigil.baseURL.replacingOccurrences(of: "http://", with: "")
        let prometheus = try await PrometheusPeer(config: """
            global: {scrape_interval: 1s}
            scrape_configs:
              - job_name: federate
                honor_labels: true
                metrics_path: /federate
                params: {'match[]': ['{job="self"}']}
                static_configs: [{targets: ['\(target)']}]
            """)
        defer { Task { await prometheus.stop() } }
        // honor_labels keeps Vigil's job and instance; the external label comes along.
        let expected = ["__name__=up", "instance=\(target)", "job=self", "origin=vigil"]
        try await Self.eventually(.seconds(30), "federated series at Prometheus") {
            try await Self.labelSets(prometheus.url, "up{job=\"self\"}") == [expected]
        }
        // Every series Vigil has for the job arrives (with the external label added); Vigil
        // may create a series (a counter's first increment) after Prometheus' last scrape.
        var local: Set<[String]> = []
        var federated: Set<[String]> = []
        for _ in 0..<30 {
            local = try await Self.labelSets(vigil.baseURL, "{job=\"self\"}")
            federated = try await Self.labelSets(prometheus.url, "{job=\"self\"}")
            if Set(local.map { ($0 + ["origin=vigil"]).sorted() }).isSubset(of: federated) { break }
            try await Task.sleep(for: .seconds(1))
        }
        #expect(local.count > 5)
        #expect(Set(local.map { ($0 + ["origin=vigil"]).sorted() }).isSubset(of: federated))
        await prometheus.stop()
        await vigil.stop()
    }
}
