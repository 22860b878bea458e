import NIOCore
import NIOHTTP1
import NIOPosix
@testable import VigilScrape

/// Serves a `PushGroupStore` on a loopback port, standing in for VigilServer's routing.
final class PushTestServer: Sendable {
    let channel: any Channel
    let port: Int

    init(store: PushGroupStore) async throws {
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(store: store))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress!.port!
    }

    func stop() async { try? await channel.close() }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        // @unchecked: state is used on the channel's event loop only.
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let store: PushGroupStore
        var head: HTTPRequestHead?
        var body: [UInt8] = []

        init(store: PushGroupStore) { self.store = store }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = []
            case .body(let buffer): body += buffer.readableBytesView
            case .end:
                guard let head else { return }
                let body = self.body
                let store = self.store
                let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
                let headers = head.headers.map { (name: $0.name, value: $0.value) }
                let promise = context.eventLoop.makePromise(of: PushResponse.self)
                promise.completeWithTask {
                    await store.handle(
                        method: head.method.rawValue, path: head.uri, body: body,
                        contentType: head.headers.first(name: "Content-Type"), headers: headers)
                }
                promise.futureResult.whenSuccess { response in
                    let context = loopBound.value
                    var headers = HTTPHeaders()
                    headers.add(name: "Content-Type", value: response.contentType)
                    headers.add(name: "Content-Length", value: String(response.body.utf8.count))
                    context.write(self.wrapOutboundOut(.head(HTTPResponseHead(
                        version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers))), promise: nil)
                    context.write(self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: response.body)))), promise: nil)
                    context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
                }
            }
        }
    }
}
