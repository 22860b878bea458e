import Foundation

/// Runs a short-lived command to completion (bounded by `timeout`) and collects its output.
enum Command {
    struct Result {
        var status: Int32
        var output: String
        var errorOutput: String
    }

    static func run(_ executable: String, _ arguments: [String], timeout: Duration = .seconds(60)) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdout = OutputBuffer()
        let stderr = OutputBuffer()
        out.fileHandleForReading.readabilityHandler = { handle in stdout.append(String(decoding: handle.availableData, as: UTF8.self)) }
        err.fileHandleForReading.readabilityHandler = { handle in stderr.append(String(decoding: handle.availableData, as: UTF8.self)) }
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                kill(process.processIdentifier, SIGKILL)
                throw E2EError("\(executable) \(arguments) did not finish within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        // Let the pipes drain.
        try await Task.sleep(for: .milliseconds(50))
        out.fileHandleForReading.readabilityHandler = nil
        err.fileHandleForReading.readabilityHandler = nil
        return Result(status: process.terminationStatus, output: stdout.text + stderr.text, errorOutput: stderr.text)
    }
}
