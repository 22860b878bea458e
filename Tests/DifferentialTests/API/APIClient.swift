import AsyncHTTPClient
import NIOCore

/// GET requests, and POST with a form body, loopback only.
enum APIClient {
    /// A client without response decompression: the shared one refuses gzip bodies that
    /// expand more than tenfold, which JSON answers of Prometheus do. Never shut down: it
    /// lives as long as the test process.
    static let client = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: HTTPClient.Configuration(decompression: .disabled))

    struct Reply: Sendable {
        var status: Int
        var body: String
    }

    static func get(_ url: String, form: String? = nil, timeout: Duration) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        if let form {
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: form))
        }
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        let response = try await client.execute(request, timeout: .nanoseconds(nanoseconds))
        let body = try await response.body.collect(upTo: 256 << 20)
        return Reply(status: Int(response.status.code), body: String(buffer: body))
    }

    /// Sends `request` to `server` and decodes the answer.
    static func send(_ request: APIRequest, to server: QueryServer, timeout: Duration = .seconds(60)) async throws -> APIResponse {
        let reply = try await get(server.baseURL + request.pathAndQuery, form: request.formBody, timeout: timeout)
        return try APIResponse(httpStatus: reply.status, body: reply.body, for: request)
    }
}
