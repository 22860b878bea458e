import AsyncHTTPClient
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import VigilDashboard

/// `vigil demo`: the walkthrough's ML inference service, simulated. It answers `GET /metrics`
/// as the FastAPI app with prometheus_client would, and pushes the model-quality group to
/// Vigil's push API like the walkthrough's batch job, so a fresh Vigil has live data on its
/// dashboards within a minute.
public enum DemoServer {
    /// What `vigil demo` needs.
    public struct Options: Sendable {
        public var listen: ListenAddress
        /// Vigil's base URL for the push API; nil disables pushing.
        public var pushURL: String?
        public var pushInterval: Duration
        public var seed: UInt64
        public var logger: Logger
        public var onListening: @Sendable (Int) async -> Void

        public init(
            listen: ListenAddress, pushURL: String?, pushInterval: Duration = .seconds(60), seed: UInt64 = 42, logger: Logger,
            onListening: @escaping @Sendable (Int) async -> Void = { _ in }
        ) {
            self.listen = listen
            self.pushURL = pushURL
            self.pushInterval = pushInterval
            self.seed = seed
            self.logger = logger
            self.onListening = onListening
        }
    }

    /// Runs until SIGTERM or SIGINT.
    public static func run(_ options: Options) async throws {
        let service = DemoService(seed: options.seed)
        let router = Router()
        router.get("/metrics") { _, _ in
            let text = await service.metrics()
            return Response(
                status: .ok, headers: [.contentType: DemoWorkload.contentType],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("/") { _, _ in
            "Vigil demo: the ML inference service of the walkthrough. Its metrics are at /metrics.\n"
        }
        let logger = options.logger
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(options.listen.host, port: options.listen.port), serverName: "vigil-demo"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? options.listen.port
                logger.info("Listening", metadata: ["address": "\(options.listen.host):\(port)"])
                await options.onListening(port)
            },
            logger: logger)
        var services: [any Service] = [app]
        if let pushURL = options.pushURL {
            services.append(DemoPusher(service: service, baseURL: pushURL, interval: options.pushInterval, logger: logger))
        }
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// Pushes the demo's model-quality group to Vigil's Pushgateway-compatible API on an
/// interval. Vigil may start after the demo or restart: failures are logged once per
/// outage and retried on the next tick.
struct DemoPusher: Service {
    let service: DemoService
    let baseURL: String
    let interval: Duration
    let logger: Logger

    func run() async throws {
        var failing = false
        // The first push comes soon after start, so the quality panels fill at once.
        var delay = Duration.seconds(5)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { [delay] in try await Task.sleep(for: delay) }
            } catch {
                return
            }
            if Task.isShuttingDownGracefully { return }
            delay = interval
            let push = await service.qualityPush()
            do {
                var request = HTTPClientRequest(url: baseURL + push.path)
                request.method = .PUT
                request.headers.add(name: "Content-Type", value: DemoWorkload.contentType)
                request.body = .bytes(ByteBuffer(string: push.body))
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                guard (200..<300).contains(response.status.code) else { throw DemoPushError.status(Int(response.status.code)) }
                if failing { logger.info("Pushing to Vigil again", metadata: ["url": "\(baseURL)"]) }
                failing = false
            } catch {
                if !failing {
                    logger.warning("Push to Vigil failed; retrying", metadata: ["url": "\(baseURL)", "err": "\(error)"])
                }
                failing = true
            }
        }
    }
}

enum DemoPushError: Error, CustomStringConvertible {
    case status(Int)
    var description: String {
        switch self {
        case .status(let code): "push answered HTTP \(code)"
        }
    }
}
