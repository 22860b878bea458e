import ArgumentParser
import VigilConfig

/// `vigil check config|rules FILE…`, like `promtool check`.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check configuration or rule files without starting.",
        subcommands: [CheckConfigCommand.self]
    )
}

/// `vigil check config FILE…`: loads each file as `vigil run` would, rule files included.
struct CheckConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", abstract: "Check configuration files.")

    @Argument(help: "Configuration files to check.")
    var files: [String]

    func run() async throws {
        var failed = false
        for file in files {
            print("Checking \(file)")
            do {
                let loaded = try ConfigLoader.load(file: file)
                for warning in loaded.warnings { print("  WARNING: \(warning)") }
                print("  SUCCESS: \(file) is valid Vigil config file syntax")
            } catch {
                print("  FAILED: \(error)")
                failed = true
            }
        }
        if failed { throw ExitCode.failure }
    }
}
