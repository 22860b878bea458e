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
        /// The results as promtool's `--junit` file: one suite per file, one case per group.
        public var junitXML = "<testsuites></testsuites>"
    }

    /// One test file's result: its cases (test groups) and their failures, or an error that
    /// stopped the file before its groups ran.
    struct FileResult {
        var cases: [(name: String, failures: [String])] = []
        var error: String?
        var warnings: [String] = []
        var errors: [String] { (error.map { [$0] } ?? []) + cases.flatMap(\.failures) }
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
        var suites: [String] = []
        for file in files {
            output += "Unit Testing:  \(file)\n"
            let result = await testFile(file, options: options, runFilter: runFilter)
            suites.append(junitSuite(file, result))
            let errors = result.errors
            output += result.warnings.map { "  WARNING: \($0)\n" }.joined()
            if errors.isEmpty {
                output += "  SUCCESS\n"
            } else {
                failed = true
                output += "  FAILED:\n"
                for error in errors { output += error + "\n\n" }
            }
            output += "\n"
        }
        return Outcome(output: output, exitCode: failed ? 1 : 0, junitXML: "<testsuites>" + suites.joined() + "</testsuites>")
    }

    /// The result of one test file.
    static func testFile(_ path: String, options: Options, runFilter: GoRegex?) async -> FileResult {
        var result = FileResult()
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            result.error = "open \(path): no such file or directory"
            return result
        }
        let file: RuleTestFile
        do {
            file = try RuleTestFile.decode(text)
        } catch {
            result.error = error.description
            return result
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
        result.warnings = warnings
        var order: [String: Int] = [:]
        for (index, name) in file.groupEvalOrder.enumerated() {
            guard order[name] == nil else {
                result.error = "group name repeated in evaluation order: \(name)"
                return result
            }
            order[name] = index
        }
        for (index, group) in file.tests.enumerated() {
            if let runFilter, !runFilter.matches(group.name) { continue }
            let name = group.name.isEmpty ? "unnamed#\(index)" : group.name
            var test = RuleTestGroupRun(
                file: file, group: group, name: name, ruleFiles: ruleFiles, groupOrder: order, options: options)
            result.cases.append((name, await test.run()))
            result.warnings += test.warnings
        }
        return result
    }

    /// promtool's JUnit suite of one file (Go's `encoding/xml` output of `junitxml`).
    static func junitSuite(_ file: String, _ result: FileResult) -> String {
        var cases = result.cases
        if result.error != nil && cases.isEmpty { cases = [("unknown", [])] }
        let failures = cases.reduce(0) { $0 + $1.failures.count }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        var out = "<testsuite name=\"\(xmlEscape(file))\" tests=\"\(cases.count)\" failures=\"\(failures)\" "
            + "errors=\"\(result.error == nil ? 0 : 1)\" skipped=\"0\" timestamp=\"\(formatter.string(from: Date()))\">"
        for (index, testCase) in cases.enumerated() {
            out += "<testcase name=\"\(xmlEscape(testCase.name))\">"
            out += testCase.failures.map { "<failure>\(xmlEscape($0))</failure>" }.joined()
            if index == cases.count - 1, let error = result.error { out += "<error>\(xmlEscape(error))</error>" }
            out += "</testcase>"
        }
        return out + "</testsuite>"
    }

    /// Go's `xml.EscapeText`.
    static func xmlEscape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            case "\t": out += "&#x9;"
            case "\n": out += "&#xA;"
            case "\r": out += "&#xD;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    // MARK: - Formatting as promtool

    /// Go's `indentLines`: `indent` before every line but the first.
    static func indentLines(_ text: String, _ indent: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset == 0 ? String($0.element) : indent + $0.element }.joined(separator: "\n")
    }

    /// A label set as Go's `labels.Labels.String()` prints it.
    static func goLabels(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\($0.0)=\(GoQuote.string($0.1))" }.joined(separator: ", ") + "}"
    }

    /// Prometheus' `model.Duration.String()` (`5m`, `1h30m`, `0s`).
    static func modelDuration(_ ms: Int64) -> String { PromDuration.format(ms) }

    /// Go's `time.Duration.String()` of milliseconds (`1m0s`).
    static func goDuration(_ ms: Int64) -> String { GoDuration.format(ms * 1_000_000) }
}
