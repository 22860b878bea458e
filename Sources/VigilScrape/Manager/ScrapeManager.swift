import Logging
import ServiceLifecycle
import VigilConfig
import VigilModel

/// Runs every scrape pool: discovers targets (`static_configs`, `file_sd_configs`),
/// relabels them, and keeps one `ScrapeLoop` per target.
///
/// `apply(_:baseDirectory:)` reconciles with a (re)loaded config: pools and targets that
/// are new start, gone ones stop (their series get stale markers after two intervals),
/// and loops whose target and settings are unchanged keep running untouched. As a
/// `Service`, `run()` waits for graceful shutdown and then stops everything, writing no
/// stale markers (as Prometheus: a restart continues the series).
public actor ScrapeManager: Service {
    let fetcher: any TargetFetcher
    private let ownedFetcher: HTTPFetcher?
    private let parsers: any ScrapeParserFactory
    private let appender: any Appender
    private let wallClock: any WallClock
    private let clock: any Clock<Duration>
    let options: ScrapeOptions
    private let logger: Logger
    /// Pushed groups, listed with the targets' metadata.
    let pushStore: PushGroupStore?

    var pools: [String: ScrapePool] = [:]
    /// Job names in config order.
    private(set) var poolOrder: [String] = []
    private var nextGeneration = 0
    private var endOfRunTasks: [Int: Task<Void, Never>] = [:]
    /// Stopped loops waiting to write end-of-run stale markers, by pool and target.
    private var endingLoops: [Int: (pool: String, loop: ScrapeLoop)] = [:]
    private var nextEndOfRunID = 0
    private var stopped = false

    /// - Parameters:
    ///   - appender: Where every scrape's batch goes.
    ///   - parsers: Exposition parsers for scrape bodies (VigilExposition's by default).
    ///   - fetcher: How bodies are fetched; nil creates an `HTTPFetcher` (one shared
    ///     `HTTPClient`) that `stop()` shuts down.
    ///   - wallClock: Sample timestamps.
    ///   - clock: Sleeping between scrapes (tests pass a manual clock).
    ///   - pushStore: Pushed groups whose metadata `/api/v1/metadata` includes.
    public init(
        appender: any Appender, parsers: any ScrapeParserFactory = ExpositionParsers(), fetcher: (any TargetFetcher)? = nil,
        wallClock: any WallClock = SystemWallClock(), clock: any Clock<Duration> = ContinuousClock(),
        options: ScrapeOptions = ScrapeOptions(), pushStore: PushGroupStore? = nil,
        logger: Logger = Logger(label: "vigil.scrape")
    ) {
        if let fetcher {
            self.fetcher = fetcher
            ownedFetcher = nil
        } else {
            let http = HTTPFetcher(userAgent: options.userAgent)
            self.fetcher = http
            ownedFetcher = http
        }
        self.parsers = parsers
        self.appender = appender
        self.wallClock = wallClock
        self.clock = clock
        self.options = options
        self.pushStore = pushStore
        self.logger = logger
    }

    // MARK: - Service

    /// Waits for graceful shutdown (or cancellation), then stops every loop.
    public func run() async throws {
        try? await gracefulShutdown()
        await stop()
    }

    /// Stops discovery and every loop, waits for them, and shuts the HTTP client down.
    /// No stale markers are written. Later `apply` calls do nothing.
    public func stop() async {
        guard !stopped else { return }
        stopped = true
        var tasks: [Task<Void, Never>] = []
        for name in poolOrder {
            guard let pool = pools[name] else { continue }
            pool.providerTasks.forEach { $0.cancel() }
            for handle in pool.loops.values {
                handle.task.cancel()
                tasks.append(handle.task)
            }
            tasks += pool.providerTasks
        }
        for task in endOfRunTasks.values {
            task.cancel()
            tasks.append(task)
        }
        pools = [:]
        poolOrder = []
        endOfRunTasks = [:]
        endingLoops = [:]
        for task in tasks { await task.value }
        await ownedFetcher?.shutdown()
    }

    // MARK: - Configuration

    /// Reconciles with `configs` (one pool per `job_name`). Relative file-SD paths resolve
    /// against `baseDirectory` (the config file's folder). Returns at once: loops start
    /// and stop in the background.
    public func apply(_ configs: [ScrapeConfig], baseDirectory: String) {
        guard !stopped else { return }
        let wanted = Dictionary(configs.map { ($0.jobName, $0) }, uniquingKeysWith: { first, _ in first })
        for name in poolOrder where wanted[name] == nil {
            removePool(name)
        }
        poolOrder = []
        for config in configs where !poolOrder.contains(config.jobName) {
            poolOrder.append(config.jobName)
            if var pool = pools[config.jobName] {
                let discoveryChanged = pool.discoveryDiffers(from: config, baseDirectory: baseDirectory)
                let oldSettings = pool.settings
                pool.config = config
                pool.settings = LoopSettings(config)
                pool.baseDirectory = baseDirectory
                pools[config.jobName] = pool
                if oldSettings != pool.settings { restartLoops(config.jobName, reuseCache: oldSettings.cacheIsReusable(under: pool.settings)) }
                if discoveryChanged { startDiscovery(config.jobName) }
                sync(config.jobName)
            } else {
                nextGeneration += 1
                pools[config.jobName] = ScrapePool(config: config, baseDirectory: baseDirectory, discoveryGeneration: nextGeneration)
                startDiscovery(config.jobName)
                sync(config.jobName)
            }
        }
    }

    /// Job names of the running pools, in config order (`/api/v1/scrape_pools`).
    public func scrapePools() -> [String] { poolOrder }

    // MARK: - Discovery

    private func startDiscovery(_ name: String) {
        guard var pool = pools[name] else { return }
        pool.providerTasks.forEach { $0.cancel() }
        pool.providerTasks = []
        nextGeneration += 1
        pool.discoveryGeneration = nextGeneration
        let generation = nextGeneration
        pool.providerOrder = ["static"]
        pool.groups = ["static": ScrapePool.staticGroups(pool.config)]
        for (index, fileConfig) in pool.config.fileSDConfigs.enumerated() {
            let provider = "file:\(index)"
            pool.providerOrder.append(provider)
            let discovery = FileDiscovery(
                config: fileConfig, baseDirectory: pool.baseDirectory, watchInterval: options.fileWatchInterval, logger: logger)
            let clock = self.clock
            // The task holds the manager until `stop()` or a reload cancels it.
            pool.providerTasks.append(Task {
                await discovery.run(clock: clock) { groups in
                    await self.update(pool: name, provider: provider, generation: generation, groups: groups)
                }
            })
        }
        pools[name] = pool
    }

    /// New groups from a provider.
    func update(pool name: String, provider: String, generation: Int, groups: [TargetGroup]) {
        guard !stopped, var pool = pools[name], pool.discoveryGeneration == generation else { return }
        pool.groups[provider] = groups
        pools[name] = pool
        sync(name)
    }

    // MARK: - Loops

    /// Starts loops for new targets and stops loops of targets that are gone.
    private func sync(_ name: String) {
        guard var pool = pools[name] else { return }
        let (active, dropped, failures) = pool.resolveTargets()
        for failure in failures {
            logger.error("creating target failed", metadata: ["scrape_pool": "\(name)", "error": "\(failure)"])
        }
        ScrapeMetrics.recordSync(job: name, failures: failures.count)
        pool.dropped = dropped
        let wanted = Set(active.map(\.identity))
        for (identity, handle) in pool.loops where !wanted.contains(identity) {
            pool.loops[identity] = nil
            stopLoop(handle, writeStaleMarkers: true)
        }
        for target in active where pool.loops[target.identity] == nil {
            // A target back before its old loop wrote stale markers: the new loop
            // continues its series, so the markers must not come.
            for (_, ending) in endingLoops where ending.pool == name && ending.loop.target.identity == target.identity {
                Task { await ending.loop.disableEndOfRunStaleness() }
            }
            pool.loops[target.identity] = startLoop(target, settings: pool.settings, predecessor: nil, reuseCache: false)
        }
        ScrapeMetrics.setTargets(job: name, active: pool.loops.count, dropped: dropped.count)
        pools[name] = pool
    }

    /// Replaces every loop of a pool whose settings changed.
    private func restartLoops(_ name: String, reuseCache: Bool) {
        guard var pool = pools[name] else { return }
        for (identity, handle) in pool.loops {
            handle.task.cancel()
            if !reuseCache { spawnEndOfRun(handle) }
            pool.loops[identity] = startLoop(handle.loop.target, settings: pool.settings, predecessor: handle, reuseCache: reuseCache)
        }
        pools[name] = pool
    }

    private func startLoop(_ target: Target, settings: LoopSettings, predecessor: ScrapePool.LoopHandle?, reuseCache: Bool) -> ScrapePool.LoopHandle {
        var loopLogger = logger
        loopLogger[metadataKey: "scrape_pool"] = "\(target.scrapePool)"
        let loop = ScrapeLoop(
            target: target, settings: settings,
            dependencies: .init(
                fetcher: fetcher, parsers: parsers, appender: appender, wallClock: wallClock,
                offsetSeed: options.offsetSeed, logger: loopLogger))
        let clock = self.clock
        let task = Task {
            if let predecessor {
                // The old loop must be done appending before the new one starts.
                await predecessor.task.value
                if reuseCache { await loop.adopt(predecessor.loop.handOverCache()) }
            }
            await loop.run(clock: clock)
        }
        return ScrapePool.LoopHandle(loop: loop, task: task)
    }

    private func stopLoop(_ handle: ScrapePool.LoopHandle, writeStaleMarkers: Bool) {
        handle.task.cancel()
        if writeStaleMarkers { spawnEndOfRun(handle) }
    }

    private func spawnEndOfRun(_ handle: ScrapePool.LoopHandle) {
        nextEndOfRunID += 1
        let id = nextEndOfRunID
        let clock = self.clock
        endingLoops[id] = (handle.loop.target.scrapePool, handle.loop)
        endOfRunTasks[id] = Task {
            await handle.task.value
            await handle.loop.writeEndOfRunStaleness(clock: clock)
            self.endOfRunFinished(id)
        }
    }

    private func endOfRunFinished(_ id: Int) {
        endOfRunTasks[id] = nil
        endingLoops[id] = nil
    }

    private func removePool(_ name: String) {
        guard let pool = pools.removeValue(forKey: name) else { return }
        pool.providerTasks.forEach { $0.cancel() }
        for handle in pool.loops.values { stopLoop(handle, writeStaleMarkers: true) }
        ScrapeMetrics.setTargets(job: name, active: 0, dropped: 0)
    }

    // MARK: - Inspection

    /// Loops of a pool (tests and status).
    func loops(of pool: String) -> [ScrapeLoop] {
        (pools[pool]?.loops.values.map(\.loop) ?? [])
    }

    /// Whether background work (end-of-run staleness) is still pending.
    var pendingEndOfRunCount: Int { endOfRunTasks.count }
}

extension ScrapeManager {
    /// Reconciles with a loaded configuration: its `scrape_configs`, file-SD paths relative
    /// to the config file's folder. Never throws; the signature fits a reload subscriber.
    public func apply(_ config: VigilConfiguration) async throws {
        apply(config.scrapeConfigs, baseDirectory: config.directory)
    }
}
