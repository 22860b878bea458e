import Foundation
import Synchronization

/// A process the differential harness started: a reference Prometheus, Vigil, or a one-shot
/// tool. Its output is collected for failure messages; it is stopped by its PID only.
/// `Process` is used only for `isRunning` and `terminationStatus`, which Foundation guards
/// internally; everything else is immutable or a `Mutex`, hence `@unchecked Sendable`.
final class ChildProcess: @unchecked Sendable {
    let pid: Int32
    let command: String
    private let process: Process
    private let output: CollectedOutput

    /// Starts `executable` with `arguments`; standard output and error both go to `log`.
    init(_ executable: String, _ arguments: [String], currentDirectory: String? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let output = CollectedOutput()
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { output.append(String(decoding: data, as: UTF8.self)) }
        }
        try process.run()
        self.process = process
        self.pid = process.processIdentifier
        self.output = output
        self.command = ([executable] + arguments).joined(separator: " ")
    }

    /// Everything the process printed so far.
    var log: String { output.text }

    var isRunning: Bool { process.isRunning }

    /// Waits for the process to exit, at most `timeout`; returns its status, or nil if it
    /// is still running.
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if !process.isRunning { return process.terminationStatus }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// SIGTERM, then SIGKILL if it has not exited within `grace`.
    func stop(grace: Duration = .seconds(10)) async {
        guard process.isRunning else { return }
        kill(pid, SIGTERM)
        if await waitForExit(timeout: grace) == nil {
            kill(pid, SIGKILL)
            _ = await waitForExit(timeout: .seconds(5))
        }
    }

    /// Runs a one-shot command to completion (killed after `timeout`) and returns its status
    /// and output.
    static func run(_ executable: String, _ arguments: [String], timeout: Duration) async throws -> (status: Int32, output: String) {
        let child = try ChildProcess(executable, arguments)
        guard let status = await child.waitForExit(timeout: timeout) else {
            await child.stop(grace: .seconds(1))
            throw HarnessError("\(child.command) did not finish within \(timeout):\n\(child.log.suffix(4000))")
        }
        // Let the pipe drain.
        try await Task.sleep(for: .milliseconds(50))
        return (status, child.log)
    }
}

/// Output collected from a child process as it arrives.
final class CollectedOutput: Sendable {
    private let buffer = Mutex("")

    func append(_ text: String) { buffer.withLock { $0 += text } }
    var text: String { buffer.withLock { $0 } }
}

/// A failure of the differential harness itself (not a difference between servers).
struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Locating executables and scratch space.
enum Environment {
    /// The package root, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The first executable named `name` on `PATH`, or nil.
    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// A fresh directory under the system temporary folder.
    static func temporaryDirectory(_ purpose: String) throws -> String {
        let path = NSTemporaryDirectory() + "vigil-differential-\(purpose)-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
