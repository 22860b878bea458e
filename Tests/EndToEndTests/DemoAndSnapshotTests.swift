import Foundation
import Testing

/// `vigil demo` feeding a real Vigil (what `make run` starts), and the snapshot API whose
/// copy a second Vigil opens.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct DemoAndSnapshotTests {
    @Test func theDemoServiceIsScrapedAndPushesModelQuality() async throws {
        let vigilPort = try FreePort.find()
        let demoPort = try FreePort.find()
        let config = """
            global: {scrape_interval: 1s, scrape_timeout: 1s}
            scrape_configs:
              - job_name: ml-service
                static_configs: [{targets: ["127.0.0.1:\(demoPort)"]}]
            """
        let vigil = try await VigilProcess.start(config: config, listenPort: vigilPort)
        defer { Task { await vigil.stop() } }
        let demo = try await VigilProcess.launch(
            arguments: ["demo", "--listen", "127.0.0.1:\(demoPort)", "--push", vigil.baseURL],
            dataDirectory: "", timeout: .seconds(30))
        defer { Task { await demo.stop() } }

        let exposition = try await HTTP.get(demo.baseURL + "/metrics")
        #expect(exposition.status == 200)
        #expect(exposition.body.contains("# TYPE http_requests_total counter"))

        let api = vigil.baseURL + "/api/v1"
        let up = try await Eventually(timeout: .seconds(30)) { try await JSONReply.get(api + "/query?query=up") }
            .until { $0.vector.first?.value == "1" }
        #expect(up.vector.first?.labels["job"] == "ml-service", "\(vigil.log)")
        let requests = try await Eventually(timeout: .seconds(30)) {
            try await JSONReply.get(api + "/query?query=count(http_requests_total)")
        }.until { !$0.vector.isEmpty }
        #expect(Int(requests.vector.first?.value ?? "") ?? 0 > 0)

        // The first push comes a few seconds after the demo starts.
        let accuracy = try await Eventually(timeout: .seconds(30)) { try await JSONReply.get(api + "/query?query=model_accuracy") }
            .until { !$0.vector.isEmpty }
        #expect(accuracy.vector.first?.labels["job"] == "model-evaluation", "\(demo.log)")
        #expect((Double(accuracy.vector.first?.value ?? "") ?? 0) > 0.5)
    }

    @Test func aSnapshotIsACompleteDataDirectory() async throws {
        let port = try FreePort.find()
        let config = """
            global: {scrape_interval: 1s, scrape_timeout: 1s}
            scrape_configs:
              - job_name: self
                static_configs: [{targets: ["127.0.0.1:\(port)"]}]
            """
        let vigil = try await VigilProcess.start(config: config, listenPort: port)
        let api = vigil.baseURL + "/api/v1"
        _ = try await Eventually(timeout: .seconds(30)) { try await JSONReply.get(api + "/query?query=up") }
            .until { !$0.vector.isEmpty }

        let reply = try await HTTP.post(api + "/admin/tsdb/snapshot")
        #expect(reply.status == 200, "\(reply.body)")
        let object = try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any]
        let name = try #require((object?["data"] as? [String: Any])?["name"] as? String)
        #expect(name.range(of: #"^\d{8}T\d{6}Z-[0-9a-f]{16}$"#, options: .regularExpression) != nil, "\(name)")
        await vigil.stop()

        // A second Vigil on the snapshot alone sees what the first one scraped.
        let copy = try await VigilProcess.start(
            config: "scrape_configs: []\n", extraArguments: ["--data", vigil.dataDirectory + "/snapshots/" + name])
        defer { Task { await copy.stop() } }
        let stored = try await JSONReply.get(copy.baseURL + "/api/v1/query?query=count_over_time(up[10m])")
        #expect(Int(stored.vector.first?.value ?? "") ?? 0 >= 1, "\(copy.log)")
    }
}
