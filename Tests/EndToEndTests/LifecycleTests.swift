import Foundation
import Testing

/// The process as an operator meets it: readiness, its own metrics, reloads, shutdown.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct LifecycleTests {
    static let goodConfig = """
        global:
          scrape_interval: 15s
        scrape_configs:
          - job_name: vigil
            static_configs:
              - targets: ["127.0.0.1:1"]
        """

    @Test func readyMetricsReloadAndGracefulShutdown() async throws {
        let vigil = try await VigilProcess.start(config: Self.goodConfig)
        defer { Task { await vigil.stop() } }

        let ready = try await waitForReady(vigil)
        #expect(ready.status == 200, "ready: \(ready.body)\n\(vigil.log)")
        #expect(try await HTTP.get(vigil.baseURL + "/-/healthy").status == 200)

        let metrics = try await HTTP.get(vigil.baseURL + "/metrics")
        #expect(metrics.status == 200)
        for name in ["vigil_build_info{", "process_resident_memory_bytes ", "vigil_config_last_reload_successful 1",
                     "vigil_config_last_reload_success_timestamp_seconds ", "process_open_fds "] {
            #expect(metrics.body.contains(name), "missing \(name) in /metrics")
        }
        // The request above is counted by handler and code.
        let again = try await HTTP.get(vigil.baseURL + "/metrics")
        #expect(again.body.contains(#"vigil_http_requests_total{handler="/metrics",code="200"}"#), "\(again.body.prefix(2000))")

        // A good reload.
        let configFile = URL(fileURLWithPath: vigil.dataDirectory).deletingLastPathComponent().appendingPathComponent("vigil.yml").path
        try (Self.goodConfig + "\n  - job_name: other\n    static_configs: [{targets: ['127.0.0.1:2']}]\n")
            .write(toFile: configFile, atomically: true, encoding: .utf8)
        let good = try await HTTP.post(vigil.baseURL + "/-/reload")
        #expect(good.status == 200, "\(good.body)")

        // A bad one is rejected with its position; the old config keeps running.
        try "global:\n  scrape_intervall: 15s\n".write(toFile: configFile, atomically: true, encoding: .utf8)
        let bad = try await HTTP.post(vigil.baseURL + "/-/reload")
        #expect(bad.status == 500)
        #expect(bad.body.contains("vigil.yml:2:3"), "\(bad.body)")
        let after = try await HTTP.get(vigil.baseURL + "/metrics")
        #expect(after.body.contains("vigil_config_last_reload_successful 0"))
        #expect(try await HTTP.get(vigil.baseURL + "/-/ready").status == 200)

        // SIGHUP with a good file applies it again.
        try Self.goodConfig.write(toFile: configFile, atomically: true, encoding: .utf8)
        vigil.send(SIGHUP)
        var reloaded = false
        for _ in 0..<100 where !reloaded {
            try await Task.sleep(for: .milliseconds(50))
            reloaded = try await HTTP.get(vigil.baseURL + "/metrics").body.contains("vigil_config_last_reload_successful 1")
        }
        #expect(reloaded, "SIGHUP did not reload:\n\(vigil.log)")

        vigil.send(SIGTERM)
        // Generous: a loaded CI machine runs the whole suite beside this process.
        let status = await vigil.waitForExit(timeout: .seconds(30))
        #expect(status == 0, "exit status \(String(describing: status)):\n\(vigil.log)")
    }

    @Test func aBrokenConfigAtStartIsOneClearError() async throws {
        let directory = try TemporaryDirectory.make()
        let file = directory + "/vigil.yml"
        try "scrape_configs:\n  - job_name: a\n    scrape_interval: 5x\n".write(toFile: file, atomically: true, encoding: .utf8)
        let result = try await Command.run(VigilProcess.binary, ["check", "config", file])
        #expect(result.status == 1)
        #expect(result.output.contains("vigil.yml:3:22"), "\(result.output)")
    }

    @Test(arguments: [
        ["run", "--bogus"],
        ["run", "--listen", "nonsense"],
        ["run", "--log.level", "loud"],
        ["run", "--log.format", "xml"],
    ])
    func usageErrorsExitWithTwo(_ arguments: [String]) async throws {
        let result = try await Command.run(VigilProcess.binary, arguments)
        #expect(result.status == 2, "\(arguments): \(result.output)")
        #expect(result.errorOutput.split(separator: "\n").count == 1, "one line expected: \(result.errorOutput)")
    }

    @Test func versionPrintsTheBuild() async throws {
        let result = try await Command.run(VigilProcess.binary, ["--version"])
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("vigil, version "))
    }

    private func waitForReady(_ vigil: VigilProcess) async throws -> HTTP.Reply {
        var last = try await HTTP.get(vigil.baseURL + "/-/ready")
        for _ in 0..<200 where last.status != 200 {
            try await Task.sleep(for: .milliseconds(50))
            last = try await HTTP.get(vigil.baseURL + "/-/ready")
        }
        return last
    }
}
