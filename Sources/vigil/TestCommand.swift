import ArgumentParser
import Foundation
import VigilRules

/// `vigil test rules FILE…`: promtool-compatible rule unit tests.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Unit-test rule files.",
        subcommands: [TestRulesCommand.self]
    )
}

struct TestRulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Run rule unit tests written for `promtool test rules`."
    )

    @Argument(help: "Test files.")
    var files: [String]

    @Option(help: "Only run test groups whose name matches this regular expression (repeatable).")
    var run: [String] = []

    @Flag(name: .customLong("ignore-unknown-fields"), help: "Drop unknown keys in rule files instead of failing.")
    var ignoreUnknownFields = false

    @Option(help: ArgumentHelp("Also write the results as JUnit XML to this file.", valueName: "file"))
    var junit: String?

    func run() async throws {
        let outcome = await RuleTestRunner.run(files: files, options: .init(run: run, ignoreUnknownFields: ignoreUnknownFields))
        print(outcome.output, terminator: "")
        if let junit {
            do {
                try outcome.junitXML.write(toFile: junit, atomically: true, encoding: .utf8)
            } catch {
                printError("vigil test rules: cannot write \(junit): \(error)")
                throw ExitCode.failure
            }
        }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}
