import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// HTTP/1.1 connections whose handlers run on the connection's own event loop.
///
/// Hummingbird runs a connection's handler on Swift's cooperative pool, so every request
/// crosses three threads: the event loop reads it, a pool thread answers it, the event loop
/// writes the answer. After an idle moment each crossing wakes a sleeping thread, which
/// costs about as much as a small query. With the connection's event loop as the handler's
/// preferred executor the request stays on the thread that read it. Only the query API
/// stays there (it hands its work to the query workers); `OffLoopMiddleware` moves every
/// other route, with CPU work of its own, back to the cooperative pool. The server's loops
/// are its own (see `VigilServer`), so nothing on them delays a scrape.
struct EventLoopHTTP1Channel: ServerChildChannel {
    let http1: HTTP1Channel

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1Channel.Value> {
        http1.setup(channel: channel, logger: logger)
    }

    func handle(value: HTTP1Channel.Value, logger: Logger) async {
        await withTaskExecutorPreference(EventLoopTaskExecutor(value.channel.eventLoop)) {
            await http1.handle(value: value, logger: logger)
        }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with each connection's handler on its event loop.
    static func http1OnEventLoop(configuration: HTTP1Channel.Configuration = .init()) -> HTTPServerBuilder {
        .init { responder in
            EventLoopHTTP1Channel(http1: HTTP1Channel(responder: responder, configuration: configuration))
        }
    }
}

/// Runs a task's jobs on one event loop.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
