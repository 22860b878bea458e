import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import NIOCore
import NIOPosix
import Prometheus
import Testing

@testable import VigilServer

/// Which requests `InlineQueryHandler` answers itself and which it hands on to Hummingbird,
/// and that responses leave in request order. The router answers "router" wherever the
/// handler could have answered; the handler answers with the query's text as JSON, or
/// hands on when the query is "busy" (as when another query is evaluated inline).
struct InlineQueryHandlerTests {
    static func app(bodyLimit: Int = 1 << 20) -> some ApplicationProtocol {
        let router = Router()
        for method in [HTTPRequest.Method.get, .post] {
            router.on("/api/v1/query", method: method) { request, _ in
                _ = try await request.body.collect(upTo: 1 << 20)
                return "router"
            }
        }
        router.get("/api/v1/query_range") { _, _ in "router" }
        router.get("/slow") { _, _ in
            try await Task.sleep(for: .milliseconds(200))
            return "slow"
        }
        let metrics = HTTPMetrics(registry: PrometheusCollectorRegistry())
        let handlers = HTTP1Channel.Configuration(
            additionalChannelHandlers: [
                InlineQueryHandler(
                    answer: { parameters in
                        parameters["query"] == "busy" ? nil : .success(JSONString.quoted(parameters["query"] ?? ""))
                    },
                    metrics: metrics, serverName: "Test", bodyLimit: bodyLimit)
            ])
        return Application(
            router: router, server: .http1OnEventLoop(configuration: handlers),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
    static func inline(_ query: String) -> String { #"{"status":"success","data":"\#(query)"}"# }

    @Test(arguments: [
        (HTTPRequest.Method.get, "/api/v1/query?query=up", [:], "", inline("up")),
        (.get, "/api/v1/query", [:], "", inline("")),
        (.get, "/api/v1/query?query=busy", [:], "", "router"),
        (.post, "/api/v1/query", form, "query=sum(up)", inline("sum(up)")),
        (.post, "/api/v1/query?query=a", form, "time=1", inline("a")),
        (.get, "/api/v1/query", form, "query=b", inline("")),
        (.post, "/api/v1/query", [.contentType: "application/json"], "{}", "router"),
        (.post, "/api/v1/query", form, "query=" + String(repeating: "x", count: 100), "router"),
        (.get, "/api/v1/query_range?query=up", [:], "", "router"),
    ] as [(HTTPRequest.Method, String, HTTPFields, String, String)])
    func answersInlineOrHandsOn(method: HTTPRequest.Method, uri: String, headers: HTTPFields, body: String, expected: String) async throws {
        try await Self.app(bodyLimit: 64).test(.live) { client in
            // Twice on one connection: a handed-on request must not stop the next from
            // being answered inline, nor the other way round.
            for _ in 0..<2 {
                try await client.execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: body)) { response in
                    #expect(String(buffer: response.body) == expected)
                    #expect(response.status == .ok)
                }
                try await client.execute(uri: "/api/v1/query?query=next", method: .get) { response in
                    #expect(String(buffer: response.body) == Self.inline("next"))
                }
            }
        }
    }

    @Test func inlineRepliesCarryServerHeaders() async throws {
        try await Self.app().test(.live) { client in
            try await client.execute(uri: "/api/v1/query?query=up", method: .get) { response in
                #expect(response.headers[.contentType] == "application/json")
                #expect(response.headers[.contentLength] == String(Self.inline("up").utf8.count))
                #expect(response.headers[.server] == "Test")
                #expect(response.headers[.date]?.hasSuffix(" GMT") == true)
            }
        }
    }

    /// Pipelined requests: one answered inline, one handed on that takes a while, then
    /// queries, which must wait for the slow one and therefore go on to the router too.
    @Test(.timeLimit(.minutes(1)))
    func pipelinedRequestsKeepTheirOrder() async throws {
        try await Self.app().test(.live) { client in
            let port = try #require(client.port)
            let requests = [
                "GET /api/v1/query?query=first HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/v1/query?query=third HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/v1/query_range?query=last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            ]
            let received = try await Self.exchange(port: port, requests.joined())
            let bodies = ["\"first\"", "slow", "router", "router"]
            var position = received.startIndex
            for body in bodies {
                let found = try #require(received[position...].range(of: body), "\(body) missing or out of order in \(received)")
                position = found.upperBound
            }
            #expect(received.components(separatedBy: "HTTP/1.1 200 OK").count == 5)
        }
    }

    /// A request that closes its connection is left to Hummingbird, which closes it.
    @Test(.timeLimit(.minutes(1)))
    func closingRequestsGoToTheRouter() async throws {
        try await Self.app().test(.live) { client in
            let port = try #require(client.port)
            let received = try await Self.exchange(
                port: port, "GET /api/v1/query?query=alone HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(received.hasSuffix("\r\n\r\nrouter"))
        }
    }

    @Test(arguments: [
        (Int64(0), "Thu, 01 Jan 1970 00:00:00 GMT"),
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (1_796_688_375, "Tue, 08 Dec 2026 00:06:15 GMT"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
        (-1, "Wed, 31 Dec 1969 23:59:59 GMT"),
    ])
    func httpDates(_ seconds: Int64, _ expected: String) {
        #expect(HTTPDate.format(seconds: seconds) == expected)
    }

    /// Writes `text` on one connection and reads until the server closes it.
    static func exchange(port: Int, _ text: String) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: text))
            var received = ""
            for try await buffer in inbound { received += String(buffer: buffer) }
            return received
        }
    }
}
