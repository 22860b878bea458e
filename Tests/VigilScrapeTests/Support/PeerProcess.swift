import Foundation
import VigilModel
@testable import VigilScrape

/// A reference peer (node exporter, Prometheus, a Python service) started for a test on a
/// loopback port and stopped by its PID.
final class PeerProcess: @unchecked Sendable {
    // @unchecked: `process` is only touched from the test that owns this peer.
    let process = Process()
    let port: Int

    /// Starts `executable` with `arguments` (`{port}` replaced) and waits until
    /// `http://127.0.0.1:{port}{readyPath}` answers 200, for at most `timeout`.
    init(_ executable: String, _ arguments: [String], readyPath: String = "/metrics", directory: String? = nil, timeout: Duration = .seconds(20)) async throws {
        port = try await TestHTTPServer.closedPort()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments.map { $0.replacingOccurrences(of: "{port}", with: String(port)) }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let fetcher = HTTPFetcher(userAgent: "Vigil/test")
        defer { Task { await fetcher.shutdown() } }
        let start = ContinuousClock.now
        while ContinuousClock.now - start < timeout {
            if case .success = await fetcher.fetch(ScrapeRequest(url: "http://127.0.0.1:\(port)\(readyPath)", timeout: .seconds(1))) {
                return
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        stop()
        throw PeerError(message: "\(executable) did not become ready on port \(port)")
    }

    var address: String { "127.0.0.1:\(port)" }

    /// Terminates the process (SIGTERM to its PID), waits up to 5 s, then kills it
    /// (SIGKILL) so that a peer lingering over open connections cannot hang the test.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0..<50 where process.isRunning { usleep(100_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }

    struct PeerError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static func installed(_ path: String) -> Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// Whether `python3` can import the given modules.
    static func pythonHas(_ modules: String...) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import " + modules.joined(separator: ", ")]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// Runs a Python script to completion; its exit status.
    static func runPython(_ script: String, arguments: [String] = []) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
