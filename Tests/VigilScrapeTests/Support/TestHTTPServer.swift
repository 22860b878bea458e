import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A loopback HTTP server whose behaviour depends on the path, for scraping tests:
/// well-behaved, slow, failing, garbage, oversized and never-ending targets.
final class TestHTTPServer: Sendable {
    /// What the server does for a path.
    enum Behaviour: Sendable {
        case ok(String, contentType: String = "text/plain; version=0.0.4")
        case status(Int)
        /// Answers after `delay`.
        case slow(Duration, String)
        /// Streams `chunk` forever.
        case endless(String)
        /// A gzip-compressed body.
        case gzip([UInt8])
        /// Requires `Authorization: expected`, else 401.
        case authorized(expected: String, body: String)
        /// Answers with the request's headers as a metric family.
        case echoHeaders
        case redirect(String)
    }

    /// State the connection handlers share.
    final class Shared: Sendable {
        let routes: Mutex<[String: Behaviour]>
        /// Every request URI received.
        let requests = Mutex<[String]>([])
        init(_ routes: [String: Behaviour]) { self.routes = Mutex(routes) }
    }

    let channel: any Channel
    let port: Int
    let shared: Shared

    /// Starts on 127.0.0.1 with an ephemeral port; `tls` serves HTTPS.
    init(routes: [String: Behaviour], tls: NIOSSLContext? = nil) async throws {
        let shared = Shared(routes)
        self.shared = shared
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(shared: shared))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress!.port!
    }

    func set(_ path: String, _ behaviour: Behaviour) {
        shared.routes.withLock { $0[path] = behaviour }
    }

    /// Request URIs received so far.
    var requests: [String] { shared.requests.withLock { $0 } }

    func stop() async {
        try? await channel.close()
    }

    /// A port nothing listens on (bound, then released).
    static func closedPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress!.port!
        try await channel.close()
        return port
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        // @unchecked: used on its channel's event loop only.
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let shared: Shared
        var head: HTTPRequestHead?

        init(shared: Shared) { self.shared = shared }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head): self.head = head
            case .body: break
            case .end:
                guard let head else { return }
                respond(context: context, head: head)
            }
        }

        private func respond(context: ChannelHandlerContext, head: HTTPRequestHead) {
            let path = String(head.uri.split(separator: "?", maxSplits: 1).first ?? "")
            shared.requests.withLock { $0.append(head.uri) }
            let behaviour = shared.routes.withLock { $0[path] } ?? .status(404)
            switch behaviour {
            case .ok(let body, let contentType):
                send(context, status: .ok, headers: ["Content-Type": contentType], body: Array(body.utf8))
            case .status(let code):
                send(context, status: HTTPResponseStatus(statusCode: code), headers: [:], body: Array("failed\n".utf8))
            case .slow(let delay, let body):
                let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: .nanoseconds(Int64(delay.inSeconds * 1e9))) {
                    self.send(loopBound.value, status: .ok, headers: [:], body: Array(body.utf8))
                }
            case .endless(let chunk):
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: "text/plain; version=0.0.4")
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))), promise: nil)
                stream(context, chunk: ByteBuffer(string: chunk))
            case .gzip(let bytes):
                send(context, status: .ok, headers: ["Content-Encoding": "gzip", "Content-Type": "text/plain; version=0.0.4"], body: bytes)
            case .authorized(let expected, let body):
                if head.headers.first(name: "Authorization") == expected {
                    send(context, status: .ok, headers: [:], body: Array(body.utf8))
                } else {
                    send(context, status: .unauthorized, headers: [:], body: [])
                }
            case .echoHeaders:
                var text = ""
                for name in ["Accept", "Accept-Encoding", "User-Agent", "X-Prometheus-Scrape-Timeout-Seconds"] {
                    text += "# \(name): \(head.headers.first(name: name) ?? "")\n"
                }
                text += "echo 1\n"
                send(context, status: .ok, headers: [:], body: Array(text.utf8))
            case .redirect(let location):
                send(context, status: .found, headers: ["Location": location], body: [])
            }
        }

        private func stream(_ context: ChannelHandlerContext, chunk: ByteBuffer) {
            guard context.channel.isActive else { return }
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(chunk)))).whenComplete { result in
                guard case .success = result else { return }
                loopBound.value.eventLoop.scheduleTask(in: .milliseconds(1)) { self.stream(loopBound.value, chunk: chunk) }
            }
        }

        private func send(_ context: ChannelHandlerContext, status: HTTPResponseStatus, headers: [String: String], body: [UInt8]) {
            var httpHeaders = HTTPHeaders()
            for (name, value) in headers { httpHeaders.add(name: name, value: value) }
            httpHeaders.add(name: "Content-Length", value: String(body.count))
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: httpHeaders))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
