import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// A small HTTP client for end-to-end tests, on the shared AsyncHTTPClient.
enum HTTP {
    struct Reply {
        var status: Int
        var body: String
        var headers: HTTPHeaders
    }

    static func get(_ url: String, timeout: Duration = .seconds(10)) async throws -> Reply {
        try await send(HTTPClientRequest(url: url), timeout: timeout)
    }

    static func post(_ url: String, body: String = "", contentType: String? = nil, method: HTTPMethod = .POST, timeout: Duration = .seconds(10)) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        request.body = .bytes(ByteBuffer(string: body))
        return try await send(request, timeout: timeout)
    }

    static func send(_ request: HTTPClientRequest, timeout: Duration) async throws -> Reply {
        let response = try await HTTPClient.shared.execute(request, timeout: .nanoseconds(Int64(timeout.inNanoseconds)))
        let body = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: Int(response.status.code), body: String(buffer: body), headers: response.headers)
    }
}

extension Duration {
    var inNanoseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1e9 + Double(attoseconds) / 1e9
    }
}
