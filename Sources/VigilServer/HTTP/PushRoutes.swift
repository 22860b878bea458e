import Hummingbird
import NIOCore
import VigilScrape

/// The Pushgateway-compatible API: `PUT`/`POST`/`DELETE /metrics/job/<job>{/<label>/<value>}`,
/// with `job@base64/<encoded>` for a job name holding `/` (as prometheus_client sends it).
struct PushRoutes {
    let push: PushGroupStore
    /// The Pushgateway's default body limit is unbounded; a few MiB covers any batch job.
    static let bodyLimitBytes = 16 << 20

    func register(on router: Router<some RequestContext>) {
        for method in [HTTPRequest.Method.put, .post, .delete] {
            for path in ["/metrics/job/**", "/metrics/job@base64/**"] {
                router.on(RouterPath(path), method: method) { request, _ in await handle(request, method: method) }
            }
        }
    }

    private func handle(_ request: Request, method: HTTPRequest.Method) async -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.bodyLimitBytes)
        } catch {
            return APIResponse.text("request body too large\n", status: .contentTooLarge)
        }
        let headers = request.headers.map { (name: $0.name.canonicalName, value: $0.value) }
        let reply = await push.handle(
            method: method.rawValue, path: request.uri.path, body: Array(buffer: body),
            contentType: request.headers[.contentType], headers: headers)
        return APIResponse.text(reply.body, status: HTTPResponse.Status(code: reply.status), contentType: reply.contentType)
    }
}
