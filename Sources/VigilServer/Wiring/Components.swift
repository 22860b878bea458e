import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import VigilConfig
import VigilModel
import VigilPromQL
import VigilStorage

/// Every long-lived part of a running Vigil, built once from the first config; the routes
/// and the services of the service group are made from it.
struct Components: Sendable {
    let options: ServerOptions
    let metrics: SelfMetrics
    let readiness = Readiness()
    let startTime = Timestamp.now()
    let configManager: ConfigManager
    let storage: Storage
    let queries: QueryService
    let alerting: AlertingServices
    let scrape: ScrapeServices
    /// The dashboards of the current config, for the web UI.
    let dashboards = LiveDashboards()
    /// The remote_write queues; `remoteWrite.status` describes them for the Status page.
    let remoteWrite: RemoteWriteService
    /// The URL users reach Vigil at (links in notifications, `globalUrl` of targets).
    let externalURL: String
    /// Request counts and times, for the router and `InlineQueryHandler` alike.
    let httpMetrics: HTTPMetrics

    /// Loads the config, opens the store and builds every part. Throws when the config,
    /// the store or the rule files do not load.
    static func start(_ options: ServerOptions, metrics: SelfMetrics) async throws -> Components {
        let configManager = try ConfigManager(load: options.loadConfig, metrics: metrics, logger: options.logger)
        let config = await configManager.current
        let storage = try Storage.open(
            directory: options.dataDirectory, options: StorageOptions(config.storage), logger: Logger(label: "vigil.storage"))
        metrics.addCollector { StorageMetrics.exposition(storage.counters) }
        let engine = Engine(options: Engine.Options(config.web))
        let externalURL = config.web.externalURL ?? "http://\(Host.name):\(options.listen.port)"
        let components = Components(
            options: options, metrics: metrics, configManager: configManager, storage: storage,
            queries: QueryService(engine: engine, queryable: storage),
            alerting: try AlertingServices(
                config: config, engine: engine, storage: storage, externalURL: externalURL, logger: Logger(label: "vigil.rules")),
            scrape: ScrapeServices(config: config, appender: storage, dataDirectory: options.dataDirectory),
            remoteWrite: RemoteWriteService(storage: storage, metrics: metrics),
            externalURL: externalURL, httpMetrics: HTTPMetrics(registry: metrics.registry))
        // Rules first: a rule file that does not load fails the start before anything runs.
        for subscriber in components.subscribers {
            try await subscriber.apply(config)
            await configManager.subscribe(subscriber)
        }
        return components
    }

    /// The parts that follow config reloads, in the order they are applied.
    var subscribers: [any ConfigSubscriber] { [alerting, scrape, remoteWrite, dashboards] }

    /// Every route on the one listener.
    func router() -> Router<BasicRequestContext> {
        let router = Router(options: .autoGenerateHeadEndpoints)
        router.add(middleware: HTTPMetricsMiddleware(metrics: httpMetrics))
        router.add(middleware: OffLoopMiddleware(onLoop: Set(QueryAPI.paths)))
        AdminRoutes(readiness: readiness, configManager: configManager, metrics: metrics).register(on: router)
        queryAPI.register(on: router)
        SeriesAPI(queries: queries).register(on: router)
        StatusAPI(storage: storage, configManager: configManager, startTime: startTime, flags: options.flags).register(on: router)
        AlertingAPI(alerting: alerting).register(on: router)
        TargetsAPI(scrape: scrape.manager, listen: options.listen, externalURL: externalURL).register(on: router)
        PushRoutes(push: scrape.push).register(on: router)
        SnapshotAPI(storage: storage, dataDirectory: options.dataDirectory).register(on: router)
        RemoteWriteReceiver(storage: storage, configManager: configManager, logger: Logger(label: "vigil.remote")).register(on: router)
        FederationRoute(queries: queries, configManager: configManager, clock: SystemWallClock()).register(on: router)
        UIRoutes(
            dashboards: dashboards, queries: queries, alerting: alerting, scrape: scrape, storage: storage, configManager: configManager,
            remoteWrite: remoteWrite, options: options, startTime: startTime, externalURL: externalURL
        ).register(on: router)
        return router
    }

    var queryAPI: QueryAPI { QueryAPI(queries: queries, clock: SystemWallClock()) }

    /// What each HTTP connection's pipeline has in front of Hummingbird.
    func channelHandlers(serverName: String) -> [any RemovableChannelHandler] {
        [InlineQueryHandler(answer: queryAPI.instantInline, metrics: httpMetrics, serverName: serverName)]
    }

    /// The services beside the HTTP server, in start order. Shutdown runs in reverse, so
    /// scraping and rules stop before the store closes.
    var services: [any Service] {
        [
            StorageService(storage: storage, interval: .seconds(30), logger: Logger(label: "vigil.storage")),
            remoteWrite,
            scrape.push, scrape.manager,
            alerting.alertmanagers, alerting.notifications, alerting.rules,
        ]
    }
}
