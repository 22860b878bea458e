import Foundation
import Synchronization

/// A running server that answers the Prometheus HTTP API: the reference Prometheus or Vigil.
final class QueryServer: Sendable {
    /// A short name for reports: "prometheus", "prometheus-copy", "vigil".
    let name: String
    let baseURL: String
    let process: ChildProcess

    init(name: String, baseURL: String, process: ChildProcess) {
        self.name = name
        self.baseURL = baseURL
        self.process = process
    }

    /// Stops the server by its PID.
    func stop() async {
        await process.stop()
    }

    /// Polls `/-/ready` until it answers 200, at most `timeout`.
    func waitUntilReady(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        var last = "no answer"
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw HarnessError("\(name) exited before it was ready:\n\(process.log.suffix(4000))")
            }
            if let reply = try? await APIClient.get(baseURL + "/-/ready", timeout: .seconds(2)) {
                if reply.status == 200 { return }
                last = "\(reply.status) \(reply.body.prefix(200))"
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw HarnessError("\(name) not ready within \(timeout) (last: \(last)):\n\(process.log.suffix(4000))")
    }
}

/// The servers one test started; `withServers` stops them all (by PID) whether the test
/// body returns or throws.
final class ServerGroup: Sendable {
    private let servers = Mutex<[QueryServer]>([])

    /// Remembers `server` for stopping and returns it.
    func add(_ server: QueryServer) -> QueryServer {
        servers.withLock { $0.append(server) }
        return server
    }

    func stopAll() async {
        for server in servers.withLock({ $0 }) { await server.stop() }
    }
}

/// Runs `body` with a fresh group and stops every server in it afterwards.
func withServers<T>(_ body: (ServerGroup) async throws -> T) async throws -> T {
    let group = ServerGroup()
    do {
        let result = try await body(group)
        await group.stopAll()
        return result
    } catch {
        await group.stopAll()
        throw error
    }
}
