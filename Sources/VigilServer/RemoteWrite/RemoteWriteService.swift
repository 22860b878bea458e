import AsyncHTTPClient
import Logging
import ServiceLifecycle
import Synchronization
import VigilConfig
import VigilDashboard
import VigilModel
import VigilStorage

/// Runs a `RemoteWriteQueue` per `remote_write` entry and follows reloads: an entry whose
/// settings (or the external labels) changed is restarted and resumes from its saved
/// position; a removed entry stops and its position is deleted, so it no longer holds the
/// append log; a new entry starts at the end of the log.
final class RemoteWriteService: Service, ConfigSubscriber {
    private struct Running {
        var config: RemoteWriteConfig
        var externalLabels: Labels
        var stats: RemoteWriteStats
        var task: Task<Void, Never>
    }

    private let storage: Storage
    private let client: HTTPClient
    private let logger: Logger
    private let running = Mutex<[String: Running]>([:])
    /// Serialises `apply` calls (reload) and the final stop.
    private let applying = AsyncSerialGate()

    init(storage: Storage, metrics: SelfMetrics, logger: Logger = Logger(label: "vigil.remote")) {
        self.storage = storage
        self.logger = logger
        var configuration = HTTPClient.Configuration()
        configuration.httpVersion = .automatic
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        metrics.addCollector { [weak self] in
            RemoteWriteStats.exposition(self?.statsList ?? [], newestAppended: storage.newestSampleTime)
        }
    }

    /// The cursor name of an entry: its `name`, else its URL (both unique in a config).
    static func id(of config: RemoteWriteConfig) -> String { config.name ?? config.url }

    /// The `remote_name` label: the entry's `name`, else a short hash of its URL (Prometheus
    /// uses a hash of the whole entry).
    static func remoteName(of config: RemoteWriteConfig) -> String {
        if let name = config.name { return name }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in config.url.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let hex = String(hash, radix: 16)
        return String((String(repeating: "0", count: 16 - hex.count) + hex).prefix(6))
    }

    var statsList: [RemoteWriteStats] {
        running.withLock { $0.values.map(\.stats) }.sorted { $0.name < $1.name }
    }

    /// One line per queue for the Status page.
    var status: [RemoteWriteQueueStatus] {
        statsList.map { stats in
            let figures = stats.snapshot
            return RemoteWriteQueueStatus(
                name: stats.name, url: stats.url, shards: figures.shards, pending: figures.samplesPending,
                sent: figures.samplesSent, failed: figures.samplesFailed, dropped: figures.samplesDropped,
                retried: figures.samplesRetried, lost: figures.logRecordsLost,
                highestSent: figures.highestSentTimestamp == 0 ? nil : figures.highestSentTimestamp,
                lastError: figures.lastError, lastErrorTime: figures.lastErrorTime)
        }
    }

    func apply(_ config: VigilConfiguration) async throws {
        await applying.run { await self.reconcile(config) }
    }

    private func reconcile(_ config: VigilConfiguration) async {
        let wanted = Dictionary(config.remoteWrite.map { (Self.id(of: $0), $0) }, uniquingKeysWith: { first, _ in first })
        let external = config.global.externalLabels
        let stopping: [Task<Void, Never>] = running.withLock { running in
            var tasks: [Task<Void, Never>] = []
            for (id, queue) in running where wanted[id] != queue.config || queue.externalLabels != external {
                queue.task.cancel()
                tasks.append(queue.task)
                running[id] = nil
            }
            return tasks
        }
        for task in stopping { await task.value }
        do {
            try await storage.retainLogCursors(Set(wanted.keys))
        } catch {
            logger.error("could not delete positions of removed remote_write entries", metadata: ["err": "\(error)"])
        }
        for (id, entry) in wanted where running.withLock({ $0[id] == nil }) {
            let stats = RemoteWriteStats(name: Self.remoteName(of: entry), url: entry.url)
            let queue = RemoteWriteQueue(
                id: id, config: entry, externalLabels: external, storage: storage,
                sender: RemoteWriteClient(url: entry.url, config: entry, client: client, userAgent: "Vigil/\(BuildInfo.version)"),
                stats: stats, logger: logger)
            let task = Task { await queue.run() }
            running.withLock { $0[id] = Running(config: entry, externalLabels: external, stats: stats, task: task) }
            logger.info("started remote write queue", metadata: ["remote_name": "\(stats.name)", "url": "\(entry.url)"])
        }
    }

    func run() async throws {
        try? await gracefulShutdown()
        await applying.run {
            let tasks = self.running.withLock { running in
                defer { running.removeAll() }
                return running.values.map(\.task)
            }
            for task in tasks { task.cancel() }
            for task in tasks { await task.value }
        }
        try? await client.shutdown()
    }
}

/// Runs async bodies one at a time, in call order.
actor AsyncSerialGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func run(_ body: @Sendable () async -> Void) async {
        if busy {
            await withCheckedContinuation { waiters.append($0) }
        }
        busy = true
        await body()
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
