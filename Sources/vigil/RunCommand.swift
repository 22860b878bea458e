import ArgumentParser
import Logging
import VigilConfig
import VigilServer

/// `vigil run`: starts the server.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Start Vigil: scrape, store, evaluate rules and serve the UI and API."
    )

    static let defaultConfigFile = "config/vigil.yml"
    static let defaultDataDirectory = "./data"
    static let defaultListen = "0.0.0.0:3000"

    @Option(help: ArgumentHelp("Configuration file (env VIGIL_CONFIG).", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("Data directory (env VIGIL_DATA; default \(defaultDataDirectory)).", valueName: "dir"))
    var data: String?

    @Option(help: ArgumentHelp("Address to listen on (env VIGIL_LISTEN; default \(defaultListen)).", valueName: "host:port"))
    var listen: String?

    @OptionGroup var log: LogOptions

    func validate() throws {
        if let listen = listen ?? environment("VIGIL_LISTEN"), ListenAddress(listen) == nil {
            throw ValidationError("invalid listen address '\(listen)': expected host:port")
        }
    }

    func run() async throws {
        log.bootstrap()
        let logger = Logger(label: "vigil")
        let source = ConfigSource.resolve(flag: config, logger: logger)

        // The first load decides where data lives and where to listen when flags don't say.
        let first: LoadedConfig
        do {
            first = try source.load()
        } catch {
            printError("vigil: error loading config: \(error)")
            throw ExitCode.failure
        }
        let dataDirectory = data ?? environment("VIGIL_DATA") ?? first.config.storage.path ?? Self.defaultDataDirectory
        let listenText = listen ?? environment("VIGIL_LISTEN") ?? first.config.web.listen ?? Self.defaultListen
        guard let address = ListenAddress(listenText) else {
            printError("vigil: error: invalid listen address '\(listenText)' in \(first.config.file)")
            throw ExitCode(2)
        }

        let metrics = SelfMetrics()
        metrics.bootstrap()
        logger.info("Starting Vigil", metadata: ["version": "\(BuildInfo.version)", "config": "\(first.config.file)"])
        let options = ServerOptions(
            loadConfig: { try source.load() },
            dataDirectory: dataDirectory,
            listen: address,
            logger: logger,
            flags: [
                "config": first.config.file, "data": dataDirectory, "listen": address.description,
                "log.level": log.level.defaultValueDescription, "log.format": log.format.rawValue,
            ]
        )
        do {
            try await VigilServer.run(options, metrics: metrics)
        } catch {
            logger.error("Vigil stopped", metadata: ["err": "\(error)"])
            throw ExitCode.failure
        }
    }
}

/// Where the configuration comes from: a file named by flag or environment, the default
/// file when it exists, else the configuration built into the binary.
struct ConfigSource: Sendable {
    let file: String?

    static func resolve(flag: String?, logger: Logger) -> ConfigSource {
        if let named = flag ?? environment("VIGIL_CONFIG") { return ConfigSource(file: named) }
        if fileExists(RunCommand.defaultConfigFile) { return ConfigSource(file: RunCommand.defaultConfigFile) }
        logger.notice("No \(RunCommand.defaultConfigFile) here: using the built-in default configuration")
        return ConfigSource(file: nil)
    }

    func load() throws(ConfigError) -> LoadedConfig {
        guard let file else { return try ConfigLoader.loadDefault() }
        return try ConfigLoader.load(file: file)
    }
}
