import AsyncHTTPClient
import Foundation
import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// Debian's `prometheus-alertmanager`, started on a free loopback port with clustering off
/// and a temporary storage folder, stopped by its PID.
final class AlertmanagerProcess: @unchecked Sendable {
    // The process is started in init and only terminated in stop(); no shared mutation.
    let port: Int
    private let process: Process
    private let directory: URL

    static func executable() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") + ["/usr/bin"] {
            let candidate = "\(dir)/prometheus-alertmanager"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// A port nobody listens on now (bound once to port 0, then released).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    init(executable: String, config: String, externalURL: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-am-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try config.write(to: directory.appendingPathComponent("alertmanager.yml"), atomically: true, encoding: .utf8)
        port = Self.freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--config.file=\(directory.path)/alertmanager.yml",
            "--storage.path=\(directory.path)/data",
            "--web.listen-address=127.0.0.1:\(port)",
            "--cluster.listen-address=",
            "--web.external-url=\(externalURL)",
            "--log.level=warn",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Waits (at most 15 s) until `/-/ready` answers 200.
    func waitUntilReady() async -> Bool {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if let (status, _) = await get("/-/ready"), status == 200 { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// A GET with a short timeout; nil when nothing answered.
    func get(_ path: String) async -> (Int, Data)? {
        do {
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url + path), timeout: .seconds(2))
            let body = try await response.body.collect(upTo: 1 << 20)
            return (Int(response.status.code), Data(body.readableBytesView))
        } catch {
            return nil
        }
    }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}
