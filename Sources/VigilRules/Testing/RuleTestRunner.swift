import Foundation
import VigilConfig
import VigilModel
import VigilPromQL
import Yams

/// `vigil test rules FILE…`: rule unit tests in `promtool test rules` format, with
/// promtool's semantics and messages. Each test group gets a fresh store and fresh rule
/// state; input series load step by step as evaluation proceeds (promtool's lazy loader);
/// every rule group is evaluated at each `evaluation_interval` up to the largest
/// `eval_time`; alerts are checked at the evaluation at or before their `eval_time`, and
/// expressions are queried after the last evaluation.
public enum RuleTestRunner {
    public struct Options: Sendable {
        /// `--run`: only test groups whose name matches one of these regular expressions.
        public var run: [String] = []
        /// `--ignore-unknown-fields`: unknown keys in rule files are dropped, not errors.
        public var ignoreUnknownFields = false

        public init(run: [String] = [], ignoreUnknownFields: Bool = false) {
            self.run = run
            self.ignoreUnknownFields = ignoreUnknownFields
        }
    }

    /// What promtool prints, and its exit status (0 when every test group passed, else 1).
    public struct Outcome: Sendable {
        public var output: String
        public var exitCode: Int32
    }

    public static func run(files: [String], options: Options = Options()) async -> Outcome {
        var output = ""
        var failed = false
        var runFilter: GoRegex?
        if !options.run.isEmpty {
            do {
                runFilter = try GoRegex(options.run.joined(separator: "|"))
            } catch {
                return Outcome(output: "invalid --run pattern: \(error.message)\n", exitCode: 1)
            }
        }
        for file in files {
            output += "Unit Testing:  \(file)\n"
            let (errors, warnings) = await testFile(file, options: options, runFilter: runFilter)
            output += warnings.map { "  WARNING: \($0)\n" }.joined()
            if errors.isEmpty {
                output += "  SUCCESS\n"
            } else {
                failed = true
                output += "  FAILED:\n"
                for error in errors { output += error + "\n\n" }
            }
            output += "\n"
        }
        return Outcome(output: output, exitCode: failed ? 1 : 0)
    }

    /// The errors (each possibly several lines) and warnings of one test file.
    static func testFile(_ path: String, options: Options, runFilter: GoRegex?) async -> (errors: [String], warnings: [String]) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            return (["open \(path): no such file or directory"], [])
        }
        let file: RuleTestFile
        do {
            file = try RuleTestFile.decode(text)
        } catch {
            return ([error.description], [])
        }
        var warnings: [String] = []
        let directory = (path as NSString).deletingLastPathComponent
        var ruleFiles: [String] = []
        for pattern in file.ruleFiles {
            let resolved = ConfigPaths.join(directory.isEmpty ? "." : directory, pattern)
            let matches = (try? Glob.expand(pattern, relativeTo: directory.isEmpty ? "." : directory)) ?? []
            if matches.isEmpty { warnings.append("no file match pattern \(resolved)") }
            ruleFiles += matches
        }
        var order: [String: Int] = [:]
        for (index, name) in file.groupEvalOrder.enumerated() {
            guard order[name] == nil else { return (["group name repeated in evaluation order: \(name)"], warnings) }
            order[name] = index
        }
        var errors: [String] = []
        for (index, group) in file.tests.enumerated() {
            if let runFilter, !runFilter.matches(group.name) { continue }
            let name = group.name.isEmpty ? "unnamed#\(index)" : group.name
            var test = RuleTestGroupRun(
                file: file, group: group, name: name, ruleFiles: ruleFiles, groupOrder: order, options: options)
            errors += await test.run()
            warnings += test.warnings
        }
        return (errors, warnings)
    }

    // MARK: - Formatting as promtool

    /// Go's `indentLines`: `indent` before every line but the first.
    static func indentLines(_ text: String, _ indent: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset == 0 ? String($0.element) : indent + $0.element }.joined(separator: "\n")
    }

    /// A label set as Go's `labels.Labels.String()` prints it.
    static func goLabels(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\($0.0)=\(GoFormat.quote($0.1))" }.joined(separator: ", ") + "}"
    }

    /// Prometheus' `model.Duration.String()` (`5m`, `1h30m`, `0s`).
    static func modelDuration(_ ms: Int64) -> String { PromDuration.format(ms) }

    /// Go's `time.Duration.String()` of milliseconds (`1m0s`).
    static func goDuration(_ ms: Int64) -> String { GoDuration.format(ms * 1_000_000) }
}
