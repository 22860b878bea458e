import Foundation

/// The Vigil under test: `vigil import openmetrics` to backfill, `vigil run` to serve.
/// The binary is `VIGIL_BIN` or the debug build in this package.
enum VigilInstance {
    static var binary: String {
        ProcessInfo.processInfo.environment["VIGIL_BIN"]
            ?? Environment.packageRoot.appendingPathComponent(".build/debug/vigil").path
    }

    /// Backfills `openMetricsFile` into a new store at `dataDirectory`.
    static func importOpenMetrics(_ openMetricsFile: String, into dataDirectory: String) async throws {
        try requireBinary()
        let result = try await ChildProcess.run(
            binary, ["import", "openmetrics", openMetricsFile, "--data", dataDirectory], timeout: .seconds(240))
        guard result.status == 0 else {
            throw HarnessError("vigil import openmetrics failed (\(result.status)):\n\(result.output.suffix(4000))")
        }
    }

    /// Starts `vigil run` on `dataDirectory` with no scrape jobs on an ephemeral loopback
    /// port (read back from its `msg=Listening address=` log line) and waits until ready.
    static func start(dataDirectory: String) async throws -> QueryServer {
        try requireBinary()
        let config = dataDirectory + "/../vigil.yml"
        try "global:\n  scrape_interval: 15s\n  evaluation_interval: 1m\nscrape_configs: []\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        let child = try ChildProcess(binary, [
            "run", "--config", config, "--data", dataDirectory, "--listen", "127.0.0.1:0",
        ])
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let port = listeningPort(in: child.log) {
                let server = QueryServer(name: "vigil", baseURL: "http://127.0.0.1:\(port)", process: child)
                do {
                    try await server.waitUntilReady(timeout: .seconds(60))
                } catch {
                    await server.stop()
                    throw error
                }
                return server
            }
            guard child.isRunning else {
                throw HarnessError("vigil exited before listening:\n\(child.log.suffix(4000))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        await child.stop()
        throw HarnessError("vigil did not listen within 60 s:\n\(child.log.suffix(4000))")
    }

    static func listeningPort(in log: String) -> Int? {
        guard let range = log.range(of: "msg=Listening address=") else { return nil }
        let rest = log[range.upperBound...].prefix { $0 != "\n" && $0 != " " }
        return rest.split(separator: ":").last.flatMap { Int($0) }
    }

    private static func requireBinary() throws {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw HarnessError("no vigil binary at \(binary): run `swift build` first (make test does)")
        }
    }
}
