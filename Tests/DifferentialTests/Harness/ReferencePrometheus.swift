import Foundation

/// The reference implementation: Debian's `prometheus` and `promtool` (2.42 on these
/// machines). Tests that need it skip with a message when either is missing.
enum ReferencePrometheus {
    static var prometheus: String? { Environment.executable("prometheus") }
    static var promtool: String? { Environment.executable("promtool") }
    static var isInstalled: Bool { prometheus != nil && promtool != nil }

    /// Backfills `openMetricsFile` into a new TSDB at `directory` with promtool.
    static func createBlocks(from openMetricsFile: String, into directory: String) async throws {
        guard let promtool else { throw HarnessError("promtool is not installed") }
        let result = try await ChildProcess.run(
            promtool, ["tsdb", "create-blocks-from", "openmetrics", "--quiet", openMetricsFile, directory], timeout: .seconds(180))
        guard result.status == 0 else {
            throw HarnessError("promtool create-blocks-from failed (\(result.status)):\n\(result.output.suffix(4000))")
        }
    }

    /// Starts Prometheus on the TSDB at `directory` with no scrape jobs, on a free loopback
    /// port, and waits until it is ready. The retention is long because the dataset lies in
    /// the past (Prometheus counts retention from the newest block, but be explicit).
    static func start(name: String, dataDirectory: String) async throws -> QueryServer {
        guard let prometheus else { throw HarnessError("prometheus is not installed") }
        let config = dataDirectory + "/../\(name)-prometheus.yml"
        try "global:\n  scrape_interval: 15s\n  evaluation_interval: 1m\nscrape_configs: []\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        var lastError: (any Error)?
        for _ in 0..<3 {
            let port = try FreePort.find()
            let child = try ChildProcess(prometheus, [
                "--config.file=\(config)",
                "--storage.tsdb.path=\(dataDirectory)",
                "--storage.tsdb.retention.time=100y",
                "--web.listen-address=127.0.0.1:\(port)",
                "--log.level=warn",
            ])
            let server = QueryServer(name: name, baseURL: "http://127.0.0.1:\(port)", process: child)
            do {
                try await server.waitUntilReady(timeout: .seconds(60))
                return server
            } catch {
                // Most likely the port was taken in between: try another one.
                await server.stop()
                lastError = error
            }
        }
        throw lastError ?? HarnessError("prometheus did not start")
    }
}
