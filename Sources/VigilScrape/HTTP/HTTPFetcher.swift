import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import VigilConfig
import VigilExposition

/// Scrapes over HTTP(S) with AsyncHTTPClient, as Prometheus' `targetScraper`: the `Accept`
/// header Prometheus sends, gzip, `X-Prometheus-Scrape-Timeout-Seconds`, basic auth or an
/// `Authorization` header, per-request TLS, the body size limit enforced while the body
/// streams in (a never-ending body is cut off), redirects per `follow_redirects`.
///
/// Owns one `HTTPClient` shared by every target; call `shutdown()` once when done.
public final class HTTPFetcher: TargetFetcher {
    /// The `Accept` header of Prometheus 2.x scrapes (`scrapeAcceptHeader` of 2.42, no
    /// protobuf): OpenMetrics first, then the text format.
    public static let acceptHeader = ExpositionFormat.legacyAcceptHeader

    let client: HTTPClient
    let userAgent: String
    private static let maxRedirects = 10

    /// - Parameter userAgent: `Vigil/<version>`.
    public init(userAgent: String, eventLoopGroup: any EventLoopGroup = HTTPClient.defaultEventLoopGroup) {
        self.userAgent = userAgent
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            // Bombs are bounded by the streaming size check; no ratio limit so highly
            // compressible expositions are never refused.
            decompression: .enabled(limit: .none))
        configuration.httpVersion = .http1Only
        // As Go's client: a refused connection fails the scrape at once with its reason
        // instead of being retried until the timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.http1_1ConnectionDebugInitializer = { channel in
            channel.setOption(ChannelOptions.recvAllocator, value: Self.receiveBuffers)
        }
        client = HTTPClient(eventLoopGroup: eventLoopGroup, configuration: configuration)
    }

    /// Receive buffers of a scrape connection. A connection is kept from one scrape to the
    /// next and keeps a pool of up to four receive buffers; NIO's default grows each to
    /// 64 KiB, 256 KiB held per target between scrapes (13 MB for 50 targets). At 16 KiB
    /// a body takes more reads, each of a buffer that stays in cache.
    static let receiveBuffers = AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 2048, maximum: 16 << 10)

    /// Closes every connection. Pending fetches fail.
    public func shutdown() async {
        try? await client.shutdown()
    }

    public func fetch(_ request: ScrapeRequest) async -> Result<ScrapeResponse, ScrapeFailure> {
        let deadline = NIODeadline.now() + .nanoseconds(Int64(request.timeout.inSeconds * 1e9))
        let timedOut = ScrapeFailure(.timeout, "Get \"\(Self.redacted(request.url))\": context deadline exceeded")
        // The client's deadline covers the response head; the race covers a body that
        // keeps coming.
        return await withTaskGroup(of: Result<ScrapeResponse, ScrapeFailure>?.self) { group in
            group.addTask { await self.fetchFollowingRedirects(request, deadline: deadline) }
            group.addTask {
                try? await Task.sleep(for: request.timeout, clock: .continuous)
                return Task.isCancelled ? nil : .failure(timedOut)
            }
            var outcome: Result<ScrapeResponse, ScrapeFailure> = .failure(timedOut)
            while let next = await group.next() {
                if let next {
                    outcome = next
                    break
                }
            }
            group.cancelAll()
            if case .failure(let failure) = outcome, failure.kind == .connection, NIODeadline.now() >= deadline {
                return .failure(timedOut)
            }
            return outcome
        }
    }

    // MARK: - Private

    private func fetchFollowingRedirects(_ request: ScrapeRequest, deadline: NIODeadline) async -> Result<ScrapeResponse, ScrapeFailure> {
        var url = request.url
        var redirects = 0
        while true {
            let outcome = await fetchOnce(url: url, request, deadline: deadline)
            switch outcome {
            case .redirect(let status, let target):
                guard request.http.followRedirects else {
                    return .failure(ScrapeFailure(.httpStatus, "server returned HTTP status \(status)"))
                }
                redirects += 1
                guard redirects <= Self.maxRedirects, let next = URL(string: target, relativeTo: URL(string: url))?.absoluteString else {
                    return .failure(ScrapeFailure(.connection, "Get \"\(Self.redacted(url))\": stopped after \(Self.maxRedirects) redirects"))
                }
                url = next
            case .done(let result):
                return result
            }
        }
    }

    private enum Outcome {
        case done(Result<ScrapeResponse, ScrapeFailure>)
        case redirect(status: String, target: String)
    }

    private func fetchOnce(url: String, _ request: ScrapeRequest, deadline: NIODeadline) async -> Outcome {
        var http = HTTPClientRequest(url: url)
        http.method = .GET
        http.headers.add(name: "Accept", value: Self.acceptHeader)
        http.headers.add(name: "Accept-Encoding", value: "gzip")
        http.headers.add(name: "User-Agent", value: userAgent)
        http.headers.add(name: "X-Prometheus-Scrape-Timeout-Seconds", value: Self.seconds(request.timeout))
        do {
            if let authorization = try Self.authorization(request.http) {
                http.headers.add(name: "Authorization", value: authorization)
            }
            http.tlsConfiguration = try Self.tlsConfiguration(request.http.tls, url: url)
        } catch {
            return .done(.failure(error))
        }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(http, deadline: deadline)
        } catch {
            return .done(.failure(Self.failure(error, url: url)))
        }
        let status = "\(response.status.code) \(response.status.reasonPhrase)"
        if [301, 302, 303, 307, 308].contains(response.status.code), let location = response.headers.first(name: "Location") {
            return .redirect(status: status, target: location)
        }
        guard response.status == .ok else {
            return .done(.failure(ScrapeFailure(.httpStatus, "server returned HTTP status \(status)")))
        }
        let limit = request.bodySizeLimitBytes > 0 ? request.bodySizeLimitBytes : Int64.max
        var body: [UInt8] = []
        if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > 0 {
            body.reserveCapacity(Int(min(Int64(length), limit, 64 << 20)))
        }
        do {
            for try await buffer in response.body {
                // As Prometheus: reaching the limit (not only passing it) fails the scrape.
                if Int64(body.count) + Int64(buffer.readableBytes) >= limit {
                    return .done(.failure(ScrapeFailure(.bodySizeLimit, "body size limit exceeded")))
                }
                buffer.withUnsafeReadableBytes { body.append(contentsOf: $0) }
            }
        } catch {
            return .done(.failure(Self.failure(error, url: url)))
        }
        return .done(.success(ScrapeResponse(body: body, contentType: response.headers.first(name: "Content-Type"))))
    }

    /// `10`, `0.5`: Go's `strconv.FormatFloat(seconds, 'f', -1, 64)`.
    static func seconds(_ duration: Duration) -> String {
        let ms = duration.inMilliseconds
        if ms % 1000 == 0 { return String(ms / 1000) }
        var text = String(format: "%.3f", Double(ms) / 1000)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// The `Authorization` header value, reading credential files on every scrape as
    /// Prometheus does (so rotated secrets are picked up).
    static func authorization(_ config: HTTPClientConfig) throws(ScrapeFailure) -> String? {
        if let basic = config.basicAuth {
            var password = basic.password ?? ""
            if let file = basic.passwordFile { password = try readSecret(file) }
            let token = Data((basic.username + ":" + password).utf8).base64EncodedString()
            return "Basic " + token
        }
        if let authorization = config.authorization {
            var credentials = authorization.credentials ?? ""
            if let file = authorization.credentialsFile { credentials = try readSecret(file) }
            return authorization.type + " " + credentials
        }
        return nil
    }

    private static func readSecret(_ path: String) throws(ScrapeFailure) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScrapeFailure(.connection, "unable to read secret file \(path)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Per-request TLS settings; nil leaves the client's defaults (system trust store).
    static func tlsConfiguration(_ tls: TLSConfig, url: String) throws(ScrapeFailure) -> TLSConfiguration? {
        guard tls != TLSConfig() else { return nil }
        var configuration = TLSConfiguration.makeClientConfiguration()
        do {
            if let caFile = tls.caFile {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
            }
            if let certFile = tls.certFile, let keyFile = tls.keyFile {
                configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certFile).map { .certificate($0) }
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: keyFile, format: .pem))
            }
        } catch {
            throw ScrapeFailure(.connection, "unable to load TLS settings: \(error)")
        }
        if tls.insecureSkipVerify { configuration.certificateVerification = .none }
        return configuration
    }

    /// A client error worded like Go's `Get "url": …`.
    static func failure(_ error: any Error, url: String) -> ScrapeFailure {
        let prefix = "Get \"\(redacted(url))\": "
        if let client = error as? HTTPClientError {
            switch client {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .getConnectionFromPoolTimeout:
                return ScrapeFailure(.timeout, prefix + "context deadline exceeded")
            case .remoteConnectionClosed:
                return ScrapeFailure(.connection, prefix + "EOF")
            case .cancelled:
                return ScrapeFailure(.timeout, prefix + "context canceled")
            default:
                return ScrapeFailure(.connection, prefix + "\(client)")
            }
        }
        if error is CancellationError { return ScrapeFailure(.timeout, prefix + "context canceled") }
        // NIOPosix' NIOConnectionError (not a dependency of this module) lists the errno of
        // each failed attempt in its description.
        let text = String(describing: error)
        if String(reflecting: type(of: error)).hasSuffix("NIOConnectionError") {
            if let errno = Self.errno(in: text), let reason = Self.errnoReasons[errno] {
                return ScrapeFailure(.connection, prefix + "dial tcp \(Self.hostPort(url)): " + reason)
            }
            if text.contains("dnsAError: Optional") || text.contains("dnsAAAAError: Optional") {
                return ScrapeFailure(.connection, prefix + "dial tcp: lookup \(Self.hostPort(url)): no such host")
            }
            return ScrapeFailure(.connection, prefix + "dial tcp \(Self.hostPort(url)): connection failed")
        }
        if let io = error as? IOError, [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, ETIMEDOUT].contains(io.errnoCode) {
            return ScrapeFailure(.connection, prefix + "dial tcp \(Self.hostPort(url)): " + describe(io))
        }
        if let ssl = error as? NIOSSLError {
            return ScrapeFailure(.connection, prefix + "tls: " + tlsReason(ssl))
        }
        if String(reflecting: type(of: error)).contains("Decompression") {
            return ScrapeFailure(.decoding, prefix + "gzip: \(error)")
        }
        return ScrapeFailure(.connection, prefix + describe(error))
    }

    private static let errnoReasons: [Int32: String] = [
        ECONNREFUSED: "connect: connection refused",
        ECONNRESET: "read: connection reset by peer",
        EHOSTUNREACH: "connect: no route to host",
        ENETUNREACH: "connect: network is unreachable",
        ETIMEDOUT: "connect: connection timed out",
    ]

    private static func describe(_ error: any Error) -> String {
        if let io = error as? IOError, let reason = errnoReasons[io.errnoCode] { return reason }
        return "\(error)"
    }

    /// A TLS failure without BoringSSL's source locations.
    private static func tlsReason(_ error: NIOSSLError) -> String {
        let text = "\(error)"
        guard let marker = text.range(of: "OPENSSL_internal:") else { return text }
        let reason = text[marker.upperBound...].prefix { $0 != " " && $0 != "]" }
        if reason == "CERTIFICATE_VERIFY_FAILED" { return "failed to verify certificate: certificate signed by unknown authority or invalid" }
        return "handshake failed: " + reason.lowercased().replacingOccurrences(of: "_", with: " ")
    }

    /// The first `errno: N` in an error description.
    private static func errno(in text: String) -> Int32? {
        guard let range = text.range(of: "errno: ") else { return nil }
        return Int32(text[range.upperBound...].prefix(while: \.isNumber))
    }

    /// `host:port` of a URL, the port defaulted from the scheme.
    static func hostPort(_ url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return url }
        let port = components.port ?? (components.scheme == "https" ? 443 : 80)
        return (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
    }

    /// The URL with any password replaced by `xxxxx`, as Go's `URL.Redacted`.
    static func redacted(_ url: String) -> String {
        guard let at = url.firstIndex(of: "@"), let schemeEnd = url.range(of: "://"), schemeEnd.upperBound < at else { return url }
        let userInfo = url[schemeEnd.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return url[..<colon] + ":xxxxx" + url[at...]
    }
}
