import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import VigilConfig

/// What became of one remote-write request.
enum SendOutcome: Sendable, Equatable {
    case sent
    /// Worth retrying: a 5xx, a 429 with `retry_on_http_429`, a connection failure or
    /// timeout. `retryAfter` is the receiver's `Retry-After`, if any.
    case retry(String, retryAfter: Duration?)
    /// Not worth retrying (other 4xx, 429 without `retry_on_http_429`): the samples are
    /// dropped and counted as failed.
    case drop(String)

    /// Prometheus' classification of an HTTP status (`storage/remote/client.go`).
    static func classify(status: Int, body: String, retryOn429: Bool, retryAfter: Duration?) -> SendOutcome {
        let message = "server returned HTTP status \(status): \(body.prefix(256))"
        switch status {
        case 200..<300: return .sent
        case 500..<600: return .retry(message, retryAfter: retryAfter)
        case 429 where retryOn429: return .retry(message, retryAfter: retryAfter)
        default: return .drop(message)
        }
    }
}

/// Sends compressed `WriteRequest`s to one remote-write URL: Prometheus' headers
/// (`Content-Encoding: snappy`, `Content-Type: application/x-protobuf`,
/// `X-Prometheus-Remote-Write-Version: 0.1.0`), the configured headers, basic auth or an
/// `Authorization` header (credential files read at each request, so rotation works), TLS
/// settings and `remote_timeout`.
struct RemoteWriteClient: Sendable {
    let url: String
    let config: RemoteWriteConfig
    let client: HTTPClient
    let userAgent: String

    /// POSTs one compressed request.
    func send(_ compressed: [UInt8]) async -> SendOutcome {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Encoding", value: "snappy")
        request.headers.add(name: "Content-Type", value: "application/x-protobuf")
        request.headers.add(name: "User-Agent", value: userAgent)
        request.headers.add(name: "X-Prometheus-Remote-Write-Version", value: "0.1.0")
        for (name, value) in config.headers.sorted(by: { $0.key < $1.key }) { request.headers.replaceOrAdd(name: name, value: value) }
        do {
            if let authorization = try Self.authorization(config.http) { request.headers.add(name: "Authorization", value: authorization) }
            request.tlsConfiguration = try Self.tlsConfiguration(config.http.tls)
        } catch {
            return .retry("\(error)", retryAfter: nil)
        }
        request.body = .bytes(ByteBuffer(bytes: compressed))
        let timeout = TimeAmount.milliseconds(config.remoteTimeout.inMilliseconds)
        do {
            let response = try await client.execute(request, timeout: timeout)
            var body = try await response.body.collect(upTo: 4096)
            let text = body.readString(length: body.readableBytes) ?? ""
            let retryAfter = response.headers.first(name: "Retry-After").flatMap(Int.init).map { Duration.seconds($0) }
            return SendOutcome.classify(
                status: Int(response.status.code), body: text.trimmingCharacters(in: .whitespacesAndNewlines),
                retryOn429: config.queue.retryOnHTTP429, retryAfter: retryAfter)
        } catch {
            // Connection refused, timeouts, resets: recoverable, as in Prometheus.
            return .retry("Post \"\(url)\": \(error)", retryAfter: nil)
        }
    }

    struct ConfigError: Error, CustomStringConvertible {
        var description: String
    }

    /// The `Authorization` header for `basic_auth` or `authorization`, or nil.
    static func authorization(_ config: HTTPClientConfig) throws -> String? {
        if let basic = config.basicAuth {
            var password = basic.password ?? ""
            if let file = basic.passwordFile { password = try secret(file) }
            return "Basic " + Data((basic.username + ":" + password).utf8).base64EncodedString()
        }
        if let authorization = config.authorization {
            var credentials = authorization.credentials ?? ""
            if let file = authorization.credentialsFile { credentials = try secret(file) }
            return authorization.type + " " + credentials
        }
        return nil
    }

    private static func secret(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw ConfigError(description: "unable to read secret file \(path)") }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Per-request TLS settings; nil keeps the system defaults.
    static func tlsConfiguration(_ tls: TLSConfig) throws -> TLSConfiguration? {
        guard tls != TLSConfig() else { return nil }
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile = tls.caFile { configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile)) }
        if let certFile = tls.certFile, let keyFile = tls.keyFile {
            configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certFile).map { .certificate($0) }
            configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: keyFile, format: .pem))
        }
        if tls.insecureSkipVerify { configuration.certificateVerification = .none }
        return configuration
    }
}
