import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import Foundation
import VigilConfig

/// Posts a notification payload. The real one is AsyncHTTPClient; the contract is small so
/// that receivers can be tested against loopback servers and fakes alike.
public protocol NotificationTransport: Sendable {
    /// POSTs `body` as JSON to `url`, with extra `headers` (authorization), and returns the
    /// response status and (a prefix of) its body.
    func post(_ url: String, body: [UInt8], headers: [(String, String)], timeout: Duration) async throws(NotificationTransportError) -> NotificationResponse
}

public struct NotificationResponse: Sendable, Hashable {
    public var status: Int
    public var contentType: String
    /// At most 64 KiB of the body.
    public var body: String

    public init(status: Int, contentType: String = "", body: String = "") {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// The request did not get a response (connection refused, timeout, bad URL).
public struct NotificationTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var isTimeout: Bool

    public init(_ message: String, isTimeout: Bool = false) {
        self.message = message
        self.isTimeout = isTimeout
    }

    public var description: String { message }
}

/// AsyncHTTPClient as the transport (HTTP and HTTPS), with a `Vigil` user agent.
public struct HTTPNotificationTransport: NotificationTransport {
    private let client: HTTPClient

    /// Uses `client`, by default AsyncHTTPClient's shared one (which needs no shutdown).
    public init(client: HTTPClient = .shared) {
        self.client = client
    }

    public func post(_ url: String, body: [UInt8], headers: [(String, String)], timeout: Duration) async throws(NotificationTransportError) -> NotificationResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Vigil")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: .milliseconds(max(timeout.inMilliseconds, 1)))
            let buffer = try await response.body.collect(upTo: 64 * 1024)
            return NotificationResponse(
                status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type") ?? "",
                body: String(buffer: buffer))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw NotificationTransportError("Post \"\(Self.redacted(url))\": context deadline exceeded", isTimeout: true)
        } catch {
            throw NotificationTransportError("Post \"\(Self.redacted(url))\": \(error)")
        }
    }

    /// The URL without its path and query, which often hold secrets (Slack and Teams
    /// webhook URLs), as Alertmanager's `RedactURL`.
    static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return "<redacted>" }
        let rest = url[scheme.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != "?" }
        return String(url[..<scheme.upperBound]) + host + (rest.count > host.count ? "/<redacted>" : "")
    }
}

extension HTTPClientConfig {
    /// The `Authorization` header of `basic_auth` or `authorization` (credentials files read
    /// now, as Prometheus reads them per request); empty when neither is set.
    var authorizationHeaders: [(String, String)] {
        func read(_ path: String?) -> String? {
            guard let path, let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if let basic = basicAuth {
            let password = basic.password ?? read(basic.passwordFile) ?? ""
            return [("Authorization", "Basic " + Data("\(basic.username):\(password)".utf8).base64EncodedString())]
        }
        if let authorization, let credentials = authorization.credentials ?? read(authorization.credentialsFile) {
            return [("Authorization", "\(authorization.type) \(credentials)")]
        }
        return []
    }
}
