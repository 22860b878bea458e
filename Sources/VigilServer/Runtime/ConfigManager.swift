import Logging
import VigilConfig
import VigilModel

/// A part of Vigil that takes a new configuration on reload (scraping, rules, dashboards…).
public protocol ConfigSubscriber: Sendable {
    /// Adopts `config`. Throwing rejects the reload; subscribers applied before keep the
    /// new config, as Prometheus' reload does, and the error is reported.
    func apply(_ config: VigilConfiguration) async throws
}

/// What a reload did.
public enum ReloadOutcome: Sendable {
    case applied(warnings: [ConfigWarning])
    case rejected(String)
}

/// Owns the current configuration and reloads it (`SIGHUP`, `POST /-/reload`): a new file
/// that does not load is rejected and the running config stays in force.
public actor ConfigManager {
    public typealias Loader = @Sendable () throws -> LoadedConfig

    public private(set) var current: VigilConfiguration
    /// The outcome of the latest load or reload, for `/api/v1/status/runtimeinfo`.
    public private(set) var lastReload: (successful: Bool, lastSuccess: Timestamp) = (true, .now())
    /// Why the latest reload was rejected; nil after a successful one (the Status page shows it).
    public private(set) var lastReloadError: String?
    private let load: Loader
    private var subscribers: [any ConfigSubscriber] = []
    private let metrics: SelfMetrics?
    private let logger: Logger

    /// Loads the first config; throws when it does not load (Vigil then does not start).
    public init(load: @escaping Loader, metrics: SelfMetrics?, logger: Logger) throws {
        let first = try load()
        self.current = first.config
        self.load = load
        self.metrics = metrics
        self.logger = logger
        for warning in first.warnings { logger.warning("\(warning)") }
        metrics?.recordReload(successful: true, at: Double(Timestamp.now()) / 1000)
    }

    /// Adds a part to be told about reloads.
    public func subscribe(_ subscriber: any ConfigSubscriber) {
        subscribers.append(subscriber)
    }

    /// Re-reads the config file and applies it to every subscriber.
    public func reload() async -> ReloadOutcome {
        let loaded: LoadedConfig
        do {
            loaded = try load()
        } catch {
            return reject("\(error)")
        }
        do {
            for subscriber in subscribers { try await subscriber.apply(loaded.config) }
        } catch {
            return reject("\(error)")
        }
        current = loaded.config
        lastReload = (true, .now())
        lastReloadError = nil
        for warning in loaded.warnings { logger.warning("\(warning)") }
        metrics?.recordReload(successful: true, at: Double(Timestamp.now()) / 1000)
        logger.info("Completed loading of configuration file", metadata: ["file": "\(loaded.config.file)"])
        return .applied(warnings: loaded.warnings)
    }

    private func reject(_ message: String) -> ReloadOutcome {
        metrics?.recordReload(successful: false, at: 0)
        lastReload.successful = false
        lastReloadError = message
        logger.error("Error reloading config", metadata: ["err": "\(message)"])
        return .rejected(message)
    }
}
