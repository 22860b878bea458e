import Foundation
import Testing
@testable import VigilRules

/// `vigil check rules`: each problem at `file:line:column`, with promtool's wording; the
/// verdict is the installed promtool's when there is one.
struct RuleCheckerTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var yaml: String
        /// Lines the output must contain (`FILE` stands for the file's path).
        var expected: [String]
        var passes: Bool
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "the seed's rules", yaml: SeedEndToEndTests.seedRules, expected: ["  SUCCESS: 2 rules found"], passes: true),
        Case(name: "bad PromQL on one line", yaml: """
            groups:
            - name: g
              rules:
              - record: job:x:rate5m
                expr: sum(rate(x[5m])
            """,
             expected: [#"FILE:5:26: group "g", rule 1, "job:x:rate5m": could not parse expression: 1:16: parse error: unclosed left parenthesis"#],
             passes: false),
        Case(name: "bad PromQL on the second line of a block", yaml: """
            groups:
            - name: g
              rules:
              - alert: A
                expr: |
                  sum(rate(x[5m]))
                    > bool
            """,
             expected: [#"FILE:7:15: group "g", rule 1, "A": could not parse expression: 2:9: parse error: unexpected end of input"#],
             passes: false),
        Case(name: "bad template in an annotation", yaml: """
            groups:
            - name: g
              rules:
              - alert: A
                expr: up == 0
                annotations:
                  summary: "{{ $labels.instance"
            """,
             expected: [#"FILE:4:5: group "g", rule 1, "A": annotation "summary": template: __alert_A:1: unclosed action"#],
             passes: false),
        Case(name: "a function the templates do not know", yaml: """
            groups:
            - name: g
              rules:
              - alert: A
                expr: up == 0
                labels:
                  severity: "{{ nope }}"
            """,
             expected: [#"FILE:4:5: group "g", rule 1, "A": label "severity": template: __alert_A:1: function "nope" not defined"#],
             passes: false),
        Case(name: "duplicate rules are a warning", yaml: """
            groups:
            - name: g
              rules:
              - record: a:b
                expr: up
              - record: a:b
                expr: up * 2
            """,
             expected: ["  SUCCESS: 2 rules found", #"  WARNING: FILE:6:5: group "g", rule 2, "a:b": duplicate rule: same name and labels as rule 1 of group "g""#],
             passes: true),
        Case(name: "structure errors come from the loader", yaml: """
            groups:
            - name: g
              rules:
              - record: a:b
                expr: up
                for: 5m
            """,
             expected: ["  FAILED:", #"group "g", rule 1, "a:b": invalid field 'for' in recording rule"#],
             passes: false),
    ]

    @Test(arguments: cases)
    func check(_ c: Case) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("rules.yml").path
        try c.yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let (output, exitCode) = RuleChecker.run(files: [path])
        #expect((exitCode == 0) == c.passes, "\(output)")
        for line in c.expected {
            #expect(output.contains(line.replacingOccurrences(of: "FILE", with: path)), "missing \(line) in\n\(output)")
        }
        if let promtool = PromtoolRunner.find() {
            let reference = try PromtoolRunner.run(promtool, files: ["rules.yml": c.yaml], arguments: ["check", "rules", "--lint=none", "rules.yml"])
            #expect(reference.contains("SUCCESS") == c.passes, "promtool says:\n\(reference)")
        }
    }
}
