import ArgumentParser
import Logging
import VigilServer

/// `vigil demo`: the walkthrough's ML service, simulated, for a first look at Vigil
/// (`make run` starts it beside `vigil run`).
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Serve a simulated ML inference service's metrics (for trying Vigil out).",
        discussion: "Answers GET /metrics like the walkthrough's FastAPI service with prometheus_client, with traffic, latencies and occasional bursts of 5xx errors, and pushes a model-quality group to Vigil's push API."
    )

    @Option(help: ArgumentHelp("Address to serve /metrics on.", valueName: "host:port"))
    var listen: String = "127.0.0.1:8000"

    @Option(help: ArgumentHelp("Vigil's URL for the push API; 'none' to not push.", valueName: "url"))
    var push: String = "http://127.0.0.1:3000"

    @Option(help: "Seconds between pushes.")
    var pushInterval: Int = 60

    @Option(help: "Seed of the simulation (the same seed replays the same traffic).")
    var seed: UInt64 = 42

    @OptionGroup var log: LogOptions

    func validate() throws {
        if ListenAddress(listen) == nil { throw ValidationError("invalid listen address '\(listen)': expected host:port") }
        if pushInterval < 1 { throw ValidationError("--push-interval must be at least 1 second") }
    }

    func run() async throws {
        log.bootstrap()
        let logger = Logger(label: "vigil.demo")
        let options = DemoServer.Options(
            listen: ListenAddress(listen)!, pushURL: push == "none" ? nil : push,
            pushInterval: .seconds(pushInterval), seed: seed, logger: logger)
        do {
            try await DemoServer.run(options)
        } catch {
            logger.error("Demo stopped", metadata: ["err": "\(error)"])
            throw ExitCode.failure
        }
    }
}
