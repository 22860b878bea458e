import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization

/// The real `vigil` binary, started for a test on an ephemeral loopback port and stopped
/// by its PID. Its standard error is kept for assertions and failure messages.
/// `Process` is used only for `isRunning` and `terminationStatus`, which Foundation
/// guards internally; everything else here is immutable or a `Mutex`.
final class VigilProcess: @unchecked Sendable {
    let pid: Int32
    let port: Int
    let dataDirectory: String
    private let process: Process
    private let output: OutputBuffer

    /// The package root, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `VIGIL_BIN`, or the debug build `make test` produces before running the suite.
    static var binary: String {
        ProcessInfo.processInfo.environment["VIGIL_BIN"]
            ?? packageRoot.appendingPathComponent(".build/debug/vigil").path
    }

    /// Starts `vigil run` with `config` written to a fresh temporary directory, waits until it
    /// listens (at most `timeout`), and returns it. Extra arguments are appended.
    static func start(
        config: String, listenPort: Int = 0, extraArguments: [String] = [], environment: [String: String] = [:],
        timeout: Duration = .seconds(30)
    ) async throws -> VigilProcess {
        let directory = try TemporaryDirectory.make()
        let configFile = directory + "/vigil.yml"
        try config.write(toFile: configFile, atomically: true, encoding: .utf8)
        return try await launch(
            arguments: ["run", "--config", configFile, "--data", directory + "/data", "--listen", "127.0.0.1:\(listenPort)"] + extraArguments,
            dataDirectory: directory + "/data", environment: environment, timeout: timeout)
    }

    static func launch(
        arguments: [String], dataDirectory: String, environment: [String: String] = [:], timeout: Duration
    ) async throws -> VigilProcess {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw E2EError("no vigil binary at \(binary): run `swift build` first (make test does)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        let output = OutputBuffer()
        stderr.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { output.append(String(decoding: data, as: UTF8.self)) }
        }
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let port = Self.listeningPort(in: output.text) {
                return VigilProcess(process: process, port: port, output: output, dataDirectory: dataDirectory)
            }
            if !process.isRunning {
                throw E2EError("vigil exited with \(process.terminationStatus) before listening:\n\(output.text)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        kill(process.processIdentifier, SIGKILL)
        throw E2EError("vigil did not listen within \(timeout):\n\(output.text)")
    }

    private init(process: Process, port: Int, output: OutputBuffer, dataDirectory: String) {
        self.process = process
        self.pid = process.processIdentifier
        self.port = port
        self.dataDirectory = dataDirectory
        self.output = output
    }

    /// Everything the process wrote to standard error so far.
    var log: String { output.text }

    static func listeningPort(in log: String) -> Int? {
        guard let range = log.range(of: "msg=Listening address=") else { return nil }
        let rest = log[range.upperBound...].prefix { $0 != "\n" && $0 != " " }
        return rest.split(separator: ":").last.flatMap { Int($0) }
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Sends `signal` to the process.
    func send(_ signal: Int32) {
        kill(pid, signal)
    }

    /// Waits for the process to exit, at most `timeout`; returns its status or nil.
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if !process.isRunning { return process.terminationStatus }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// Stops the process: SIGTERM, then SIGKILL after 10 s.
    func stop() async {
        guard process.isRunning else { return }
        send(SIGTERM)
        if await waitForExit(timeout: .seconds(10)) == nil {
            send(SIGKILL)
            _ = await waitForExit(timeout: .seconds(5))
        }
    }
}

/// Standard error collected from a child process as it arrives.
final class OutputBuffer: Sendable {
    private let buffer = Mutex("")

    func append(_ text: String) { buffer.withLock { $0 += text } }
    var text: String { buffer.withLock { $0 } }
}

/// A failure of the end-to-end harness.
struct E2EError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Temporary directories under the system temp folder, one per test, removed when the
/// test process exits (tests restart Vigil on the same data directory, so they outlive
/// any one process or test).
enum TemporaryDirectory {
    private static let made = Mutex<[String]>([])
    private static let removeAtExit: Void = {
        atexit { TemporaryDirectory.removeAll() }
    }()

    static func make() throws -> String {
        _ = removeAtExit
        let path = NSTemporaryDirectory() + "vigil-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        made.withLock { $0.append(path) }
        return path
    }

    private static func removeAll() {
        for path in made.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: path) }
    }
}
