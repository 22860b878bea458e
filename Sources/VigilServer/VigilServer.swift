import Hummingbird
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import VigilConfig

/// Everything `vigil run` needs to start.
public struct ServerOptions: Sendable {
    /// Loads (and on reload re-loads) the configuration.
    public var loadConfig: ConfigManager.Loader
    public var dataDirectory: String
    public var listen: ListenAddress
    public var logger: Logger
    /// The command line as `/api/v1/status/flags` shows it.
    public var flags: [String: String]
    /// Called with the bound port once the listener is up (tests listen on port 0).
    public var onListening: @Sendable (Int) async -> Void

    public init(
        loadConfig: @escaping ConfigManager.Loader, dataDirectory: String, listen: ListenAddress, logger: Logger,
        flags: [String: String] = [:], onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.flags = flags
        self.loadConfig = loadConfig
        self.dataDirectory = dataDirectory
        self.listen = listen
        self.logger = logger
        self.onListening = onListening
    }
}

/// Wires Vigil's parts into one process: one HTTP listener and every long-lived part as a
/// service of one service group, shut down gracefully on SIGTERM/SIGINT.
public enum VigilServer {
    /// Runs until SIGTERM or SIGINT. Throws when the config, the store or the rule files
    /// cannot be loaded.
    public static func run(_ options: ServerOptions, metrics: SelfMetrics) async throws {
        let logger = options.logger
        let components = try await Components.start(options, metrics: metrics)
        // The server's own loops: handlers run on them (`EventLoopHTTP1Channel`), and an
        // instant query evaluated there must not hold up scrape connections on the shared ones.
        let serverLoops = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        let serverName = "Vigil"
        let app = Application(
            router: components.router(),
            server: .http1OnEventLoop(configuration: .init(additionalChannelHandlers: components.channelHandlers(serverName: serverName))),
            configuration: .init(address: .hostname(options.listen.host, port: options.listen.port), serverName: serverName),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? options.listen.port
                logger.info("Listening", metadata: ["address": "\(options.listen.host):\(port)"])
                await options.onListening(port)
            },
            eventLoopGroupProvider: .shared(serverLoops),
            logger: logger
        )
        components.readiness.markReady()
        let services = components.services + [app, ReloadSignalService(manager: components.configManager)]
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
        await components.queries.shutdown()
        try? await serverLoops.shutdownGracefully()
        logger.info("See you next time!")
    }
}
