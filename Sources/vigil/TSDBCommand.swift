import ArgumentParser
import Logging
import VigilStorage

/// `vigil tsdb stats`: the store's figures, like Prometheus' TSDB status page.
struct TSDBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tsdb",
        abstract: "Inspect the store.",
        subcommands: [TSDBStatsCommand.self]
    )
}

struct TSDBStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Print series, samples, bytes per sample and the largest metrics and label pairs."
    )

    @Option(help: ArgumentHelp("Data directory (env VIGIL_DATA; default \(RunCommand.defaultDataDirectory)).", valueName: "dir"))
    var data: String?

    @Option(help: "Entries in each top list.")
    var limit: Int = 10

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
    }

    @OptionGroup var log: LogOptions

    func run() async throws {
        log.bootstrap()
        let directory = data ?? environment("VIGIL_DATA") ?? RunCommand.defaultDataDirectory
        guard fileExists(directory) else {
            printError("vigil tsdb stats: no store at \(directory)")
            throw ExitCode.failure
        }
        let storage: Storage
        do {
            storage = try Storage.open(directory: directory, logger: quietLogger("vigil.storage"))
        } catch {
            printError("vigil tsdb stats: \(error)")
            throw ExitCode.failure
        }
        print(storage.stats(limit: limit).report)
        try? await storage.close()
    }
}
