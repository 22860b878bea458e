import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A loopback HTTP server that records every request it receives and answers with a
/// scripted status. Started on an ephemeral port; stopped explicitly.
final class HTTPSink: Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        var body: String
        /// The `Authorization` header, if any.
        var authorization: String?
        /// Milliseconds since the sink started.
        var at: Int64
    }

    private let channel: any Channel
    private let group: MultiThreadedEventLoopGroup
    /// The recorded requests and the statuses still to answer, shared with the handlers.
    final class State: Sendable {
        let mutex: Mutex<(requests: [Request], statuses: [Int], body: String)>
        init(statuses: [Int], body: String) { mutex = Mutex(([], statuses, body)) }
    }

    private let state: State
    let port: Int

    /// Starts listening on 127.0.0.1; `statuses` are answered in turn (200 after they run out).
    static func start(statuses: [Int] = [], body: String = "ok") async throws -> HTTPSink {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let state = State(statuses: statuses, body: body)
        let started = Date()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(SinkHandler(state: state, started: started))
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        return HTTPSink(channel: channel, group: group, state: state, port: channel.localAddress!.port!)
    }

    private init(channel: any Channel, group: MultiThreadedEventLoopGroup, state: State, port: Int) {
        self.channel = channel
        self.group = group
        self.state = state
        self.port = port
    }

    var url: String { "http://127.0.0.1:\(port)" }

    var requests: [Request] { state.mutex.withLock { $0.requests } }

    func stop() async throws {
        try await channel.close()
        try await group.shutdownGracefully()
    }

    /// Waits until at least `count` requests arrived, at most `seconds`.
    func waitForRequests(_ count: Int, within seconds: Double = 20) async -> [Request] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let current = requests
            if current.count >= count { return current }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return requests
    }

    private final class SinkHandler: ChannelInboundHandler, @unchecked Sendable {
        // Used on its channel's event loop only.
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let state: State
        private let started: Date
        private var head: HTTPRequestHead?
        private var body = ByteBuffer()

        init(state: State, started: Date) {
            self.state = state
            self.started = started
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body.clear()
            case .body(var chunk):
                body.writeBuffer(&chunk)
            case .end:
                guard let head else { return }
                let at = Int64(Date().timeIntervalSince(started) * 1000)
                let text = String(buffer: body)
                let (status, responseBody) = state.mutex.withLock { state -> (Int, String) in
                    state.requests.append(Request(
                        method: head.method.rawValue, path: head.uri, body: text, authorization: head.headers.first(name: "Authorization"), at: at))
                    let status = state.statuses.isEmpty ? 200 : state.statuses.removeFirst()
                    return (status, state.body)
                }
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: "text/plain")
                headers.add(name: "Content-Length", value: "\(responseBody.utf8.count)")
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .init(statusCode: status), headers: headers))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: responseBody)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                self.head = nil
            }
        }
    }
}
