import Hummingbird
import NIOCore
import NIOHTTPTypes
import VigilModel

/// Answers `/api/v1/query` (GET, or POST with a form body) on the connection's event loop,
/// in the channel pipeline in front of Hummingbird.
///
/// Instant queries are what dashboards and alert checks send most, and most of them take
/// about a millisecond. Through Hummingbird's async layers (the channel's inbound stream,
/// the connection's task, the router, the outbound writer) a request costs about a quarter
/// of a millisecond more than through a plain NIO handler once the thread has idled, which
/// is where Vigil lost to Prometheus on small queries (docs/performance.md). Everything
/// else goes on to Hummingbird unchanged, and so does an instant query while another one
/// is being evaluated inline (`QueryService.instantInline`): Hummingbird's route then
/// sends it to the query workers.
///
/// Responses must leave in request order. A request is answered here only when every
/// request handed on has had its response, and it is answered before the next one is
/// read, so pipelined requests keep their order.
final class InlineQueryHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    static let path = "/api/v1/query"

    /// The reply to a request's parameters, or nil to hand the request on after all.
    private let answer: (RequestParameters) -> APIReply?
    private let metrics: HTTPMetrics
    private let serverName: String
    /// The largest form body read here; a larger one goes on to Hummingbird.
    private let bodyLimit: Int
    /// Requests handed on to Hummingbird whose response has not ended yet.
    private var handedOn = 0
    /// The request being read to be answered here.
    private var held: HeldRequest?
    private var date = HTTPDate()

    private struct HeldRequest {
        let head: HTTPRequest
        let started: ContinuousClock.Instant
        var body: ByteBuffer?
    }

    /// `answer` is `QueryAPI.instantInline` in the server.
    init(
        answer: @escaping (RequestParameters) -> APIReply?, metrics: HTTPMetrics, serverName: String,
        bodyLimit: Int = RequestParameters.bodyLimit
    ) {
        self.answer = answer
        self.metrics = metrics
        self.serverName = serverName
        self.bodyLimit = bodyLimit
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            if handedOn == 0, Self.answersHere(request) {
                held = HeldRequest(head: request, started: .now)
            } else {
                handedOn += 1
                context.fireChannelRead(data)
            }
        case .body(let part):
            // Appended in place: a copy of `held` would make each part copy the whole body.
            guard held != nil else { return context.fireChannelRead(data) }
            if held!.body == nil { held!.body = part } else { held!.body!.writeImmutableBuffer(part) }
            if held!.body!.readableBytes > bodyLimit, let request = held {
                held = nil
                handOn(request, context: context)
            }
        case .end:
            guard let request = held else { return context.fireChannelRead(data) }
            held = nil
            if let reply = answer(parameters(of: request)) {
                write(reply, context: context)
                metrics.record(handler: Self.path, code: reply.status.code, elapsed: ContinuousClock.now - request.started)
            } else {
                handOn(request, context: context)
                context.fireChannelRead(data)
            }
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), handedOn > 0 { handedOn -= 1 }
        context.write(data, promise: promise)
    }

    /// Instant queries whose connection stays open and that need nothing of HTTP beyond
    /// their parameters.
    private static func answersHere(_ request: HTTPRequest) -> Bool {
        guard let path = request.path, path.utf8.starts(with: Self.path.utf8) else { return false }
        let rest = path.utf8.dropFirst(Self.path.utf8.count)
        guard rest.isEmpty || rest.first == UInt8(ascii: "?") else { return false }
        guard request.headerFields[.expect] == nil,
            request.headerFields[.connection]?.lowercased().contains("close") != true
        else { return false }
        return request.method == .get || RequestParameters.hasForm(method: request.method, contentType: request.headerFields[.contentType])
    }

    /// The URL's query, merged with a POST's form body, as `RequestParameters.read` reads them.
    private func parameters(of request: HeldRequest) -> RequestParameters {
        let path = request.head.path ?? ""
        let query = path.firstIndex(of: "?").map { String(path[path.index(after: $0)...]) }
        return RequestParameters(query: query, form: request.head.method == .post ? request.body : nil)
    }

    /// Passes a held request on to Hummingbird as it arrived (its end, if read, follows).
    private func handOn(_ request: HeldRequest, context: ChannelHandlerContext) {
        handedOn += 1
        context.fireChannelRead(wrapInboundOut(.head(request.head)))
        if let body = request.body { context.fireChannelRead(wrapInboundOut(.body(body))) }
    }

    /// Writes the reply with the headers Hummingbird gives its responses.
    private func write(_ reply: APIReply, context: ChannelHandlerContext) {
        let body = context.channel.allocator.buffer(string: reply.json)
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        fields[.contentLength] = String(body.readableBytes)
        fields[.date] = date.now()
        fields[.server] = serverName
        context.write(wrapOutboundOut(.head(HTTPResponse(status: reply.status, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
