import ArgumentParser
import Logging
import VigilExposition
import VigilStorage

/// `vigil import openmetrics FILE [--data DIR]`: backfill, like `promtool tsdb
/// create-blocks-from openmetrics`, straight into the store.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import historical data into the store.",
        subcommands: [ImportOpenMetricsCommand.self]
    )
}

struct ImportOpenMetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openmetrics",
        abstract: "Import an OpenMetrics file whose samples all carry timestamps.",
        discussion: "The whole file goes in as one transaction: on an error (printed with its line and column) the store is left as it was. Stop Vigil first: the store allows one process at a time."
    )

    @Argument(help: "The OpenMetrics file (ends with # EOF).")
    var file: String

    @Option(help: ArgumentHelp("Data directory (env VIGIL_DATA; default \(RunCommand.defaultDataDirectory)).", valueName: "dir"))
    var data: String?

    @OptionGroup var log: LogOptions

    func run() async throws {
        log.bootstrap()
        let directory = data ?? environment("VIGIL_DATA") ?? RunCommand.defaultDataDirectory
        let storage: Storage
        do {
            storage = try Storage.open(directory: directory, logger: quietLogger("vigil.storage"))
        } catch {
            printError("vigil import: \(error)")
            throw ExitCode.failure
        }
        let showProgress = standardErrorIsTerminal
        let outcome: Result<ImportSummary, ImportError>
        do {
            outcome = .success(try await storage.importSamples(
                file: file, reader: { ExpositionParser(unsafeBytes: $0, format: .openMetrics) }, progress: showProgress ? Self.draw : nil))
        } catch {
            outcome = .failure(error)
        }
        if showProgress { printError("\r\u{1B}[2K", newline: false) }
        try? await storage.close()
        switch outcome {
        case .success(let summary):
            print(summary.description)
        case .failure(let error):
            printError("vigil import: \(error)")
            throw ExitCode.failure
        }
    }

    @Sendable static func draw(_ progress: ImportProgress) {
        printError("\r\(progress.bar())", newline: false)
    }
}
