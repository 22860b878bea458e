import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Debian's `prometheus` (2.42) as a test peer: started on a loopback port with its own
/// TSDB folder and config, stopped by its PID, restartable on the same port and data.
final class PrometheusPeer: @unchecked Sendable {
    // `process` is replaced only by start()/stop(), which one test calls in sequence.
    let port: Int
    let directory: String
    private let arguments: [String]
    private var process: Process?

    /// The `prometheus` binary on PATH, or nil (tests then skip, saying so).
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") + ["/usr/bin"] {
            let candidate = "\(dir)/prometheus"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// A port nobody listens on now (bound once to port 0, then released).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Writes `config` (with `__SELF__` replaced by its own `127.0.0.1:port`) and starts
    /// Prometheus with `--web.enable-remote-write-receiver`.
    init(config: String) async throws {
        guard let executable = Self.executable else { throw E2EError("prometheus is not installed") }
        directory = try TemporaryDirectory.make()
        port = Self.freePort()
        try config.replacingOccurrences(of: "__SELF__", with: "127.0.0.1:\(port)")
            .write(toFile: directory + "/prometheus.yml", atomically: true, encoding: .utf8)
        arguments = [
            "--config.file=\(directory)/prometheus.yml", "--storage.tsdb.path=\(directory)/data",
            "--web.listen-address=127.0.0.1:\(port)", "--web.enable-remote-write-receiver", "--log.level=warn",
        ]
        _ = executable
        try await start()
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Starts the process (again) and waits until it is ready, at most 30 s.
    func start() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable!)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let reply = try? await HTTP.get(url + "/-/ready", timeout: .seconds(2)), reply.status == 200 { return }
            if !process.isRunning { throw E2EError("prometheus exited with \(process.terminationStatus)") }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw E2EError("prometheus was not ready within 30 s")
    }

    /// SIGTERM, then SIGKILL after 10 s; waits for the exit.
    func stop() async {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            while process.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
        }
    }

    deinit {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: directory)
    }
}
