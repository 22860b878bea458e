import ServiceLifecycle
import VigilConfig
import VigilModel

/// Owns every rule group and runs them (Prometheus' `rules.Manager`). `apply` replaces the
/// rule set on start and on each reload: a group whose configuration did not change keeps
/// running untouched; a changed group takes over its predecessor's alerts and series; a
/// removed group stops and its series are marked stale two intervals later (unless a new
/// group writes them first). Groups loaded at start restore their alerts' `for` state.
public actor RuleManager: Service {
    private var environment: RuleEnvironment
    private var groups: [String: RuleGroup] = [:]
    private var order: [String] = []
    private var tasks: [String: Task<Void, Never>] = [:]
    private var staleTasks: [Task<Void, Never>] = []
    private var loadedOnce = false
    private var running = false

    public init(environment: RuleEnvironment) {
        self.environment = environment
    }

    /// Applies a loaded configuration: the rule files (as `RuleFileLoader.loadAll(for:)`
    /// read them) and the inline `rule_groups` (as from the config file), the global
    /// evaluation interval, `rule_query_offset`, external labels and `web.external_url`.
    public func apply(_ config: VigilConfiguration, ruleFiles: LoadedRuleFiles) async {
        var files = ruleFiles.files
        if !config.ruleGroups.isEmpty { files.append(RuleFileConfig(file: config.file, groups: config.ruleGroups)) }
        await apply(
            files, defaultInterval: config.global.evaluationInterval, externalLabels: config.global.externalLabels,
            externalURL: config.web.externalURL ?? environment.externalURL,
            defaultQueryOffset: config.global.ruleQueryOffset.inMilliseconds)
    }

    /// Replaces the rule groups with those of `files` (rule files and the config's inline
    /// groups, each with the file it came from). `defaultInterval` is the global evaluation
    /// interval. When external labels, the external URL or the default query offset change,
    /// every group is rebuilt (keeping its alerts), so templates see the new values.
    public func apply(
        _ files: [RuleFileConfig], defaultInterval: Duration, externalLabels: Labels? = nil, externalURL: String? = nil,
        defaultQueryOffset: Int64? = nil
    ) async {
        var changedGlobals = false
        if let externalLabels, externalLabels != environment.externalLabels {
            environment.externalLabels = externalLabels
            changedGlobals = true
        }
        if let externalURL, externalURL != environment.externalURL {
            environment.externalURL = externalURL
            changedGlobals = true
        }
        if let defaultQueryOffset, defaultQueryOffset != environment.defaultQueryOffset {
            environment.defaultQueryOffset = defaultQueryOffset
            changedGlobals = true
        }
        let shouldRestore = !loadedOnce
        loadedOnce = true
        var newGroups: [String: RuleGroup] = [:]
        var newOrder: [String] = []
        for file in files {
            for config in file.groups {
                let key = "\(file.file);\(config.name)"
                guard newGroups[key] == nil else { continue }
                newOrder.append(key)
                let interval = max((config.interval ?? defaultInterval).inMilliseconds, 1)
                if !changedGlobals, let old = groups[key], old.hasSameConfiguration(as: config, file: file.file, interval: interval) {
                    newGroups[key] = old
                    groups[key] = nil
                    continue
                }
                let group = RuleGroup(
                    config: config, file: file.file, defaultInterval: defaultInterval, environment: environment,
                    shouldRestore: shouldRestore)
                if let old = groups.removeValue(forKey: key) {
                    await stop(key)
                    await group.adoptState(of: old)
                }
                newGroups[key] = group
                if running { start(key, group) }
            }
        }
        // Groups that are gone: stop now, mark their series stale after two intervals.
        for (key, group) in groups {
            await stop(key)
            let delay = group.interval * 2
            let wallClock = environment.wallClock
            let clock = environment.clock
            staleTasks.append(Task {
                do { try await clock.sleep(for: .milliseconds(delay)) } catch { return }
                await group.markAllStale(at: wallClock.now())
            })
        }
        groups = newGroups
        order = newOrder
    }

    private func start(_ key: String, _ group: RuleGroup) {
        tasks[key] = Task { await group.run() }
    }

    private func stop(_ key: String) async {
        guard let task = tasks.removeValue(forKey: key) else { return }
        task.cancel()
        await task.value
    }

    /// Runs the groups until graceful shutdown (or cancellation), then stops them.
    public func run() async throws {
        running = true
        for key in order where tasks[key] == nil {
            if let group = groups[key] { start(key, group) }
        }
        try? await gracefulShutdown()
        running = false
        for key in Array(tasks.keys) { await stop(key) }
        for task in staleTasks { task.cancel() }
        staleTasks = []
    }

    /// Every group in configuration order, with its rules and alerts.
    public func status() async -> [RuleGroupStatus] {
        var result: [RuleGroupStatus] = []
        for key in order {
            if let group = groups[key] { result.append(await group.status()) }
        }
        return result
    }

    /// The groups in configuration order (for tests and tools that drive evaluation).
    public func ruleGroups() -> [RuleGroup] { order.compactMap { groups[$0] } }
}
