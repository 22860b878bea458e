import Testing
import VigilModel
@testable import VigilConfig

/// Rule files in Prometheus' format, checked with promtool's messages.
struct RuleFileTests {
    @Test func seedRuleFilesLoadUnchanged() throws {
        let recordingFile = Testdata.path("seed/recording-rules.yml")
        let recording = try RuleFileLoader.load(file: recordingFile)
        #expect(recording.groups.map(\.name) == ["mlops-recording"])
        let p90 = try #require(recording.groups.first?.rules.first)
        #expect(p90.kind == .recording("job:http_request_duration_seconds:p90"))
        #expect(p90.expr == "histogram_quantile(0.90, sum(rate(http_request_latency_seconds_bucket[5m])) by (le))")
        #expect(p90.exprLocation == ConfigLocation(file: recordingFile, line: 5, column: 15))

        let alertFile = Testdata.path("seed/alert-rules.yml")
        let alerts = try RuleFileLoader.load(file: alertFile)
        let rule = try #require(alerts.groups.first?.rules.first)
        #expect(alerts.groups.map(\.name) == ["mlops-alerts"])
        #expect(rule.kind == .alerting("HighErrorRate"))
        #expect(rule.expr == """
        (sum(rate(http_requests_total{status=~"5.."}[5m])) /
        sum(rate(http_requests_total[5m]))) > 0.05

        """)
        #expect(rule.forDuration == .seconds(300))
        #expect(rule.labels == ["severity": "critical"])
        #expect(rule.annotations == [
            "summary": "5xx\u{2011}Fehlerrate über 5 %",
            "description": "Die 5xx/s\u{2011}Rate der letzten 5 Minuten hat den Grenzwert überschritten.",
        ])
        // The block's text starts on the line after `expr: |`, at its indentation.
        #expect(rule.exprLocation == ConfigLocation(file: alertFile, line: 6, column: 11))
        #expect(rule.location == ConfigLocation(file: alertFile, line: 4, column: 9))
    }

    /// PromQL error offsets (UTF-8, into `expr`) map back to the file.
    @Test(arguments: [
        (0, 6, 11), (5, 6, 16), (52, 6, 63), (53, 7, 11), (60, 7, 18),
    ])
    func exprOffsetsMapToFilePositions(_ offset: Int, _ line: Int, _ column: Int) throws {
        let alerts = try RuleFileLoader.load(file: Testdata.path("seed/alert-rules.yml"))
        let rule = try #require(alerts.groups.first?.rules.first)
        #expect(rule.location(ofExprOffset: offset) == ConfigLocation(file: Testdata.path("seed/alert-rules.yml"), line: line, column: column))
    }

    @Test(arguments: [
        ("groups:\n  - name: g\n    rules:\n      - expr: \"up == 0\"\n", 4, 16),
        ("groups:\n  - name: g\n    rules:\n      - expr: >\n          up\n          == 0\n", 5, 11),
        ("groups:\n  - name: g\n    rules:\n      - expr: 'up'\n", 4, 16),
        ("groups:\n  - name: g\n    rules:\n      - expr: up\n", 4, 15),
    ])
    func exprLocationIsTheFirstCharacter(_ yaml: String, _ line: Int, _ column: Int) throws {
        let text = yaml.replacingOccurrences(of: "- expr:", with: "- alert: A\n        expr:")
        let file = try RuleFileLoader.parse(yaml: text, file: "r.yml").file
        let rule = try #require(file.groups.first?.rules.first)
        #expect(rule.exprLocation == ConfigLocation(file: "r.yml", line: line + 1, column: column))
    }

    @Test func groupSettings() throws {
        let yaml = """
        groups:
          - name: g
            interval: 30s
            limit: 10
            query_offset: 1m
            labels: {team: ml}
            rules:
              - record: a:b
                expr: sum(x)
                labels: {k: v}
              - alert: A
                expr: up == 0
                for: 1m
                keep_firing_for: 5m
                annotations: {summary: '{{ $labels.instance }} down'}
        """
        let group = try #require(try RuleFileLoader.parse(yaml: yaml, file: "r.yml").file.groups.first)
        #expect(group.interval == .seconds(30) && group.limit == 10 && group.queryOffset == .seconds(60))
        #expect(group.labels == ["team": "ml"])
        #expect(group.rules.map(\.name) == ["a:b", "A"])
        #expect(group.rules[1].keepFiringFor == .seconds(300))
        #expect(group.rules[1].annotations["summary"] == "{{ $labels.instance }} down")
    }

    static let rows: [(String, String)] = [
        ("groups:\n  - name: g\n    rules:\n      - record: a\n        alert: b\n        expr: up\n",
         #"r.yml:4:17: group "g", rule 1, "b": only one of 'record' and 'alert' must be set"#),
        ("groups:\n  - name: g\n    rules:\n      - expr: up\n",
         #"r.yml:4:9: group "g", rule 1, "": one of 'record' or 'alert' must be set"#),
        ("groups:\n  - name: g\n    rules:\n      - alert: A\n",
         #"r.yml:4:9: group "g", rule 1, "A": field 'expr' must be set in rule"#),
        ("groups:\n  - name: g\n    rules:\n      - record: 'job:x{a=\"b\"}'\n        expr: up\n",
         #"r.yml:4:18: group "g", rule 1, "job:x{a="b"}": braces present in the recording rule name; should it be in expr?: job:x{a="b"}"#),
        ("groups:\n  - name: g\n    rules:\n      - record: 1abc\n        expr: up\n",
         #"r.yml:4:17: group "g", rule 1, "1abc": invalid recording rule name: 1abc"#),
        ("groups:\n  - name: g\n    rules:\n      - record: a\n        expr: up\n        for: 5m\n",
         #"r.yml:4:17: group "g", rule 1, "a": invalid field 'for' in recording rule"#),
        ("groups:\n  - name: g\n    rules:\n      - record: a\n        expr: up\n        annotations: {x: y}\n",
         #"r.yml:4:17: group "g", rule 1, "a": invalid field 'annotations' in recording rule"#),
        ("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        labels: {__name__: x, ok: y}\n",
         #"r.yml:6:18: group "g", rule 1, "A": invalid label name: __name__"#),
        ("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        annotations: {a-b: x}\n",
         #"r.yml:6:23: group "g", rule 1, "A": invalid annotation name: a-b"#),
        ("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        for: 5 minutes\n",
         #"r.yml:6:14: not a valid duration string: "5 minutes""#),
        ("groups:\n  - name: g\n    rules:\n      - alert: A\n        exp: up\n",
         """
         r.yml:4:9: group "g", rule 1, "A": field 'expr' must be set in rule
         r.yml:5:9: unknown key "exp" in groups[0].rules[0] (did you mean "expr"?)
         """),
        ("groups:\n  - name: g\n    rules: []\n  - name: g\n    rules: []\n",
         #"r.yml:4:5: groupname: "g" is repeated in the same file"#),
        ("groups:\n  - rules: []\n", "r.yml:2:5: Groupname must not be empty"),
        ("groups:\n  - name: g\n    labels: {1x: y}\n    rules: []\n", "r.yml:3:14: invalid label name: 1x"),
        ("groups:\n  - name: g\n    evaluation_interval: 1m\n",
         #"r.yml:3:5: unknown key "evaluation_interval" in groups[0]"#),
        ("group:\n  - name: g\n", #"r.yml:1:1: unknown key "group" (did you mean "groups"?)"#),
        ("- name: g\n", "r.yml:1:1: expected a mapping with groups at the top of the rule file, got a list"),
        ("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: 'up\n",
         "r.yml:6:1: yaml: found unexpected end of stream (while scanning a quoted scalar at 5:15)"),
    ]

    @Test(arguments: rows)
    func rejected(_ yaml: String, _ expected: String) {
        do {
            _ = try RuleFileLoader.parse(yaml: yaml, file: "r.yml")
            Issue.record("accepted, expected: \(expected)")
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test func loadAllReportsEveryFileAndWarnsOnEmptyGlobs() throws {
        try Testdata.withTemporaryFolder { folder in
            try "groups: []\n".write(toFile: folder + "/a.yml", atomically: true, encoding: .utf8)
            try "groups:\n  - name: x\n    rules: [{record: 'b c', expr: up}]\n".write(toFile: folder + "/b.yml", atomically: true, encoding: .utf8)
            try "groups:\n  - {name: g, rules: [{alert: A}]}\n".write(toFile: folder + "/c.yml", atomically: true, encoding: .utf8)
            do throws(ConfigError) {
                _ = try RuleFileLoader.loadAll(["*.yml", "missing/*.yml"], relativeTo: folder, reportingAt: "vigil.yml")
                Issue.record("accepted")
            } catch {
                #expect(error.all.map(\.message) == [
                    #"group "x", rule 1, "b c": invalid recording rule name: b c"#,
                    #"group "g", rule 1, "A": field 'expr' must be set in rule"#,
                ])
                #expect(error.all.map(\.file) == [folder + "/b.yml", folder + "/c.yml"])
            }
            let good = try RuleFileLoader.loadAll(["a.yml", "a.yml", "nothing-*.yml"], relativeTo: folder, reportingAt: "vigil.yml")
            #expect(good.files.map(\.file) == [folder + "/a.yml"])
            #expect(good.warnings.map(\.description) == [#"vigil.yml: warning: no rule files match "nothing-*.yml""#])
        }
    }

    @Test func inlineRuleGroups() throws {
        let yaml = "rule_groups:\n  - name: inline\n    rules:\n      - record: a:b\n        expr: sum(up)\n"
        let config = try ConfigLoader.parse(yaml: yaml, file: "vigil.yml").config
        #expect(config.ruleGroups.map(\.name) == ["inline"])
        #expect(config.ruleGroups[0].rules[0].exprLocation == ConfigLocation(file: "vigil.yml", line: 5, column: 15))
    }
}
