import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import VigilConfig
import VigilModel
import VigilPromQL
import VigilRules
import VigilScrape
import VigilStorage

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
    /// Runs until SIGTERM or SIGINT. Throws when the config or the store cannot be opened.
    public static func run(_ options: ServerOptions, metrics: SelfMetrics) async throws {
        let logger = options.logger
        let startTime = Timestamp.now()
        let readiness = Readiness()
        let configManager = try ConfigManager(load: options.loadConfig, metrics: metrics, logger: logger)
        let config = await configManager.current

        let storage = try Storage.open(
            directory: options.dataDirectory, options: StorageOptions(config.storage), logger: Logger(label: "vigil.storage"))
        metrics.addCollector { StorageMetrics.exposition(storage.counters) }
        let engine = Engine(options: Engine.Options(config.web))
        let queries = QueryService(engine: engine, queryable: storage)
        let externalURL = config.web.externalURL ?? "http://\(Host.name):\(options.listen.port)"
        let alerting = try AlertingServices(
            config: config, engine: engine, storage: storage, externalURL: externalURL, logger: Logger(label: "vigil.rules"))
        try await alerting.apply(config)
        await configManager.subscribe(alerting)
        let scrape = ScrapeServices(config: config, appender: storage, dataDirectory: options.dataDirectory)
        await scrape.apply(config)
        await configManager.subscribe(scrape)

        let router = Router()
        router.add(middleware: HTTPMetricsMiddleware(metrics: HTTPMetrics(registry: metrics.registry)))
        AdminRoutes(readiness: readiness, configManager: configManager, metrics: metrics).register(on: router)
        QueryAPI(queries: queries, clock: SystemWallClock()).register(on: router)
        SeriesAPI(queries: queries).register(on: router)
        StatusAPI(storage: storage, configManager: configManager, startTime: startTime, flags: options.flags).register(on: router)
        AlertingAPI(alerting: alerting).register(on: router)
        TargetsAPI(scrape: scrape.manager, listen: options.listen, externalURL: externalURL).register(on: router)
        PushRoutes(push: scrape.push).register(on: router)

        let app = Application(
            router: router,
            configuration: .init(address: .hostname(options.listen.host, port: options.listen.port), serverName: "Vigil"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? options.listen.port
                logger.info("Listening", metadata: ["address": "\(options.listen.host):\(port)"])
                await options.onListening(port)
            },
            logger: logger
        )
        readiness.markReady()
        let group = ServiceGroup(
            configuration: .init(
                // Shutdown runs in reverse: the listener stops first, the store closes last.
                services: [
                    .init(service: StorageService(storage: storage, interval: .seconds(30), logger: Logger(label: "vigil.storage"))),
                    .init(service: scrape.push),
                    .init(service: scrape.manager),
                    .init(service: alerting.alertmanagers),
                    .init(service: alerting.notifications),
                    .init(service: alerting.rules),
                    .init(service: app),
                    .init(service: ReloadSignalService(manager: configManager)),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
        await queries.shutdown()
        logger.info("See you next time!")
    }
}
