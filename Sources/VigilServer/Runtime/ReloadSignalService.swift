import ServiceLifecycle
import UnixSignals

/// Reloads the configuration on `SIGHUP`, as Prometheus does.
struct ReloadSignalService: Service {
    let manager: ConfigManager

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        // Ends when the service group shuts down (the task is cancelled).
        for await _ in signals.cancelOnGracefulShutdown() {
            _ = await manager.reload()
        }
    }
}
