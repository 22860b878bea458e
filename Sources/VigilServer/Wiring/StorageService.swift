import Logging
import ServiceLifecycle
import VigilConfig
import VigilModel
import VigilStorage

/// Keeps the store healthy while Vigil runs (retention, head checkpoints, free-page reuse
/// through `Storage.upkeep`, then free heap pages back to the system) and closes it — flushing the head — when the service group
/// shuts down. It is the first service of the group, so it stops last.
struct StorageService: Service {
    let storage: Storage
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            if Task.isShuttingDownGracefully || Task.isCancelled { break }
            do {
                _ = try await storage.upkeep()
                HeapTrim.run()
            } catch {
                logger.error("storage upkeep failed", metadata: ["err": "\(error)"])
            }
        }
        do {
            try await storage.close()
        } catch {
            logger.error("closing storage failed", metadata: ["err": "\(error)"])
        }
    }
}

extension StorageOptions {
    /// The `storage` section of the config as the store's options.
    init(_ config: StorageConfig) {
        self.init(
            retentionTime: config.retentionTime,
            retentionBytes: config.retentionSizeBytes > 0 ? config.retentionSizeBytes : nil,
            retentionRules: config.seriesRetention.map { ($0.matchers, $0.retention) }
        )
    }
}
