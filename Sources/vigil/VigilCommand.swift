import ArgumentParser
import VigilServer

/// `vigil`: the root command. Subcommands do the work.
struct VigilCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "Metrics, queries, alerts and dashboards in one process.",
        discussion: "Scrapes Prometheus-format metrics, stores them in SQLite, answers PromQL through the Prometheus HTTP API, evaluates rules, sends notifications and serves dashboards on one port.",
        version: BuildInfo.versionText,
        subcommands: [
            RunCommand.self, DemoCommand.self, CheckCommand.self, TestCommand.self, ImportCommand.self, QueryCommand.self, TSDBCommand.self, ProbeCommand.self,
        ]
    )
}

/// The entry point: maps usage errors (unknown flags, bad values) to one line on standard
/// error and exit code 2, as Prometheus' flag parser does.
@main
enum Main {
    static func main() async {
        do {
            var command = try VigilCommand.parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            let code = VigilCommand.exitCode(for: error)
            if code == .validationFailure {
                let message = VigilCommand.message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid usage"
                printError("vigil: error: \(message) (try 'vigil --help')")
                VigilCommand.exit(withError: ExitCode(2))
            }
            VigilCommand.exit(withError: error)
        }
    }
}
