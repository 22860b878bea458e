import Foundation
import Testing
@testable import VigilRules

/// Every `promtool test rules` example of `Tests/Conformance/promtool-rules` gets the verdict
/// promtool gives it (the CLI's: `@` and negative offsets enabled), as the README there lists.
struct PromtoolConformanceTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Conformance/promtool-rules")

    struct Case: Sendable, CustomStringConvertible {
        var file: String
        var run: [String] = []
        var ignoreUnknownFields = false
        var passes: Bool
        /// Why Vigil's verdict differs, when it does.
        var knownDifference: String?
        var description: String { file + (run.isEmpty ? "" : " --run \(run.joined(separator: ","))") + (ignoreUnknownFields ? " --ignore-unknown-fields" : "") }
    }

    static let cases: [Case] = [
        Case(file: "unittest.yml", passes: true,
             knownDifference: "native histogram series (test_histogram*) need histogram support in the engine and store"),
        Case(file: "long-period.yml", passes: true),
        Case(file: "no-test-group-interval.yml", passes: true),
        Case(file: "start-time-test.yml", passes: true),
        Case(file: "at-modifier-test.yml", passes: true),
        Case(file: "negative-offset-test.yml", passes: true),
        Case(file: "bad-input-series.yml", passes: false),
        Case(file: "bad-promql.yml", passes: false),
        Case(file: "bad-rules-syntax-test.yml", passes: false),
        Case(file: "bad-rules-error-test.yml", passes: false),
        Case(file: "failing.yml", passes: false),
        Case(file: "rules_run.yml", passes: false),
        Case(file: "rules_run.yml", run: ["correct"], passes: true),
        Case(file: "rules_run.yml", run: ["wrong"], passes: false),
        Case(file: "rules_run_extrafields.yml", ignoreUnknownFields: true, passes: true),
        Case(file: "rules_run_extrafields.yml", passes: false),
        Case(file: "rules_run_no_fuzzy.yml", passes: false),
        Case(file: "rules_run_fuzzy.yml", run: ["correct"], passes: true),
        Case(file: "rules_run_fuzzy.yml", run: ["wrong"], passes: false),
    ]

    @Test(arguments: cases)
    func verdict(_ c: Case) async {
        let path = Self.directory.appendingPathComponent(c.file).path
        let outcome = await RuleTestRunner.run(files: [path], options: .init(run: c.run, ignoreUnknownFields: c.ignoreUnknownFields))
        if let reason = c.knownDifference {
            withKnownIssue(Comment(rawValue: reason)) {
                #expect((outcome.exitCode == 0) == c.passes, "\(outcome.output)")
            }
        } else {
            #expect((outcome.exitCode == 0) == c.passes, "\(outcome.output)")
        }
    }

    @Test func junitReportsOneCasePerGroup() async {
        let path = Self.directory.appendingPathComponent("failing.yml").path
        let outcome = await RuleTestRunner.run(files: [path])
        #expect(outcome.junitXML.hasPrefix("<testsuites><testsuite name=\"\(path)\" tests=\"2\" failures=\"4\" errors=\"0\""))
        #expect(outcome.junitXML.contains("<testcase name=\"Failing test\"><failure>    name: Failing test,&#xA;    alertname: Test"))
        #expect(outcome.junitXML.hasSuffix("</testcase></testsuite></testsuites>"))
    }
}
