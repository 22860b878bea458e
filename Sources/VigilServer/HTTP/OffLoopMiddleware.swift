import Hummingbird

/// Runs every route but the listed ones on Swift's cooperative pool instead of the event
/// loop `EventLoopHTTP1Channel` starts a connection's handlers on.
///
/// The query API gains from staying on the loop: it hands its work to the query workers
/// and back, and each extra thread it crosses wakes one more after an idle moment. Other
/// routes do CPU work of their own — decoding remote writes and pushes, building
/// federation pages and long label lists — that must not hold up the loop's other
/// connections.
struct OffLoopMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Route paths (as registered) that stay on the loop.
    let onLoop: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let path = context.endpointPath, onLoop.contains(path) {
            return try await next(request, context)
        }
        return try await withTaskExecutorPreference(globalConcurrentExecutor) {
            try await next(request, context)
        }
    }
}
