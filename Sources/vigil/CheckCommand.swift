import ArgumentParser
import VigilConfig
import VigilRules

/// `vigil check config|rules FILE…`, like `promtool check`.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check configuration or rule files without starting.",
        subcommands: [CheckConfigCommand.self, CheckRulesCommand.self]
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
            let loaded: LoadedConfig
            do {
                loaded = try ConfigLoader.load(file: file)
            } catch {
                print("  FAILED: \(error)")
                failed = true
                continue
            }
            for warning in loaded.warnings { print("  WARNING: \(warning)") }
            print("  SUCCESS: \(file) is valid Vigil config file syntax")
            // As promtool: the rule files the config names are checked too.
            do {
                let rules = try RuleFileLoader.loadAll(for: loaded.config)
                for ruleFile in rules.files {
                    let problems = RuleChecker.check(ruleFile)
                    let errors = problems.filter { !$0.isWarning }
                    print("  \(errors.isEmpty ? "SUCCESS" : "FAILED"): \(ruleFile.file): \(ruleFile.groups.reduce(0) { $0 + $1.rules.count }) rules found")
                    for problem in problems { print("    \(problem)") }
                    if !errors.isEmpty { failed = true }
                }
            } catch {
                print("  FAILED: \(error)")
                failed = true
            }
        }
        if failed { throw ExitCode.failure }
    }
}

/// `vigil check rules FILE…`: like `promtool check rules`.
struct CheckRulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "Check rule files.")

    @Argument(help: "Rule files to check.")
    var files: [String]

    func run() async throws {
        let result = RuleChecker.run(files: files)
        print(result.output, terminator: "")
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }
}
