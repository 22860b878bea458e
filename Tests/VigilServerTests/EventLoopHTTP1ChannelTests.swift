import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import NIOCore
import NIOPosix
import Testing

@testable import VigilServer

/// Handlers of `http1OnEventLoop` connections run on the connection's event loop, also
/// after awaiting work elsewhere, and still read request bodies; Hummingbird's own
/// `http1` runs them off the loops, which is what the test tells apart.
struct EventLoopHTTP1ChannelTests {
    static func app(_ server: HTTPServerBuilder) -> some ApplicationProtocol {
        let router = Router()
        router.get("where") { _, _ in
            let before = Self.thread()
            // A hop to another executor and back: the handler resumes on its loop.
            await Task.detached { _ = Self.thread() }.value
            return "\(before) \(Self.thread())"
        }
        router.post("echo") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            return "\(Self.thread()) \(body.readableBytes)"
        }
        return Application(router: router, server: server, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    /// A route kept on the loop by `OffLoopMiddleware` stays there; the others run on the pool.
    @Test func offLoopMiddlewareMovesOtherRoutes() async throws {
        let router = Router()
        router.add(middleware: OffLoopMiddleware(onLoop: ["/kept"]))
        router.get("kept") { _, _ in Self.thread() }
        router.get("moved") { _, _ in Self.thread() }
        let app = Application(router: router, server: .http1OnEventLoop(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            for (path, expected) in [("/kept", "loop"), ("/moved", "pool"), ("/kept", "loop")] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(String(buffer: response.body) == expected, "\(path)")
                }
            }
        }
    }

    static func thread() -> String {
        MultiThreadedEventLoopGroup.currentEventLoop == nil ? "pool" : "loop"
    }

    @Test(arguments: [(true, "loop"), (false, "pool")])
    func handlersRunWhereTheServerSays(onEventLoop: Bool, expected: String) async throws {
        let app = Self.app(onEventLoop ? .http1OnEventLoop() : .http1())
        try await app.test(.live) { client in
            for _ in 0..<3 {
                try await client.execute(uri: "/where", method: .get) { response in
                    #expect(String(buffer: response.body) == "\(expected) \(expected)")
                }
            }
            let payload = ByteBuffer(repeating: 0x61, count: 200_000)
            try await client.execute(uri: "/echo", method: .post, body: payload) { response in
                #expect(String(buffer: response.body) == "\(expected) 200000")
            }
        }
    }
}
