import Testing
import VigilConfig
import VigilModel

@testable import VigilDashboard

/// Dashboard YAML decodes to the model; mistakes report file:line:column.
@Suite struct DecoderTests {
    static func decode(_ yaml: String, checkQuery: QueryCheck? = nil) throws -> Dashboard {
        try DashboardDecoder.decode(try YAMLNodes.parse(yaml, file: "d.yml"), checkQuery: checkQuery)
    }

    static func problems(_ yaml: String, checkQuery: QueryCheck? = nil) -> String {
        do {
            _ = try decode(yaml, checkQuery: checkQuery)
            return ""
        } catch let error as DashboardError {
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func fullDashboard() throws {
        let dashboard = try Self.decode(
            """
            uid: ml
            title: ML $job
            tags: [a, b]
            time: 3h
            refresh: 10s
            variables:
              - {name: job, query: 'label_values(up{team="x", env=~"a,b"}, job)', default: ml-service, regex: "/ml-(.*)/"}
              - {name: q, type: custom, values: "0.5, 0.9,0.99", multi: true, include_all: true, all_value: ".*"}
              - {name: res, type: interval, values: [auto, 1m, 5m]}
              - {name: env, type: constant, values: [prod]}
            panels:
              - title: Rate
                expr: sum(rate(x[$__rate_interval])) by (status)
                legend_format: "{{status}}"
                unit: reqps
                width: 8
                style: stacked
                legend: {mode: table, calcs: [last, max], sort_by: max, placement: right}
                thresholds: [{color: green}, {value: 5, color: "#abc"}, {value: 1, color: orange}]
                overrides: [{match: "5..", color: red}]
            rows:
              - title: More
                collapsed: true
                panels:
                  - {id: 7, title: S, type: stat, expr: up, reduce: mean, color_mode: background}
                  - {title: T, type: text, content: "# hi"}
                  - {title: H, type: heatmap, expr: "sum(rate(b[5m])) by (le)", scheme: viridis}
            """)
        #expect(dashboard.uid == "ml")
        #expect(dashboard.tags == ["a", "b"])
        #expect(dashboard.time.from.text == "now-3h")
        #expect(dashboard.refresh == 10_000)
        #expect(dashboard.variables.count == 4)
        #expect(dashboard.variables[0].source == .labelValues(label: "job", selector: "up{team=\"x\", env=~\"a,b\"}"))
        #expect(dashboard.variables[0].regex?.pattern == "ml-(.*)")
        #expect(dashboard.variables[1].source == .custom(["0.5", "0.9", "0.99"]))
        #expect(dashboard.variables[1].allValue == ".*")
        #expect(dashboard.variables[3].hidden)
        #expect(dashboard.rows.count == 2)
        #expect(dashboard.rows[1].collapsed)
        let rate = dashboard.panels[0]
        #expect(rate.id == 1)
        #expect(rate.width == 8)
        #expect(rate.queries == [PanelQuery(expr: "sum(rate(x[$__rate_interval])) by (status)", legend: "{{status}}", refID: "A", location: rate.queries[0].location)])
        #expect(rate.field.unit == .requestsPerSecond)
        #expect(rate.field.thresholds.steps.map(\.value) == [1, 5])
        #expect(rate.field.thresholds.steps[1].color.hex == "#aabbcc")
        guard case .timeSeries(let options) = rate.kind else { Issue.record("not a time series"); return }
        #expect(options.style == .stacked)
        #expect(options.fillOpacity == 60)
        #expect(options.legend == LegendOptions(mode: .table, placement: .right, calcs: [.last, .max], sortBy: .max))
        #expect(dashboard.panels.map(\.id) == [1, 7, 2, 3])
        guard case .stat(let stat) = dashboard.panels[1].kind else { Issue.record("not a stat"); return }
        #expect(stat.reduce == .mean && stat.colorMode == .background)
        #expect(dashboard.panels[1].height == 5)
    }

    @Test(arguments: [
        ("title: x\npanels: [{expr: up, tittle: y}]", "d.yml:2:21: unknown key \"tittle\" in panel; did you mean \"title\"?"),
        ("title: x\npanels: [{expr: up, type: timeserie}]", "d.yml:2:27: panel type must be one of bargauge, gauge, heatmap, stat, table, text, timeseries, not \"timeserie\"; did you mean \"timeseries\"?"),
        ("title: x\npanels: [{expr: up, reduce: max}]", "d.yml:2:21: \"reduce\" is an option of bargauge, gauge, stat panels, not timeseries"),
        ("title: x\npanels: [{expr: up, width: 30}]", "d.yml:2:28: width must be between 1 and 24, not 30"),
        ("title: x\npanels: [{title: a}]", "d.yml:2:18: timeseries panel \"a\" needs \"expr\" or \"queries\""),
        ("title: x\npanels: [{expr: up, unit: s, thresholds: [{color: purplish}]}]", "d.yml:2:51: unknown colour \"purplish\" (a name like green, dark-red, or #rrggbb)"),
        ("title: x\npanels: [{expr: up, id: 2}, {expr: up, id: 2}]", "d.yml:2:44: panel id 2 is already used at d.yml:2:25"),
        ("title: x\nrefresh: soon\npanels: [{expr: up}]", "d.yml:2:10: refresh: not a valid duration string \"soon\""),
        ("title: x\nvariables: [{name: a}]\npanels: [{expr: up}]", "d.yml:2:20: variable \"a\" needs a type (query, custom, interval, constant, textbox)"),
        ("title: x\nvariables: [{name: a, query: 'metrics(x)'}]\npanels: [{expr: up}]", "d.yml:2:30: variable query must be label_values(label), label_values(selector, label) or query_result(expr), not \"metrics(x)\""),
        ("title: x\nvariables: [{name: __a, type: custom}]\npanels: [{expr: up}]", "d.yml:2:20: variable name \"__a\" must be [a-zA-Z_][a-zA-Z0-9_]* and not start with \"__\""),
        ("title: x\npanels: [{expr: up, legend: '{{job}}'}]", "d.yml:2:29: legend must be table, list, hidden or a mapping, not \"{{job}}\" (series names go in legend_format)"),
        ("title: x\npanels: [{expr: up, style: bars}]", "d.yml:2:28: style must be one of lines, area, stacked, points, not \"bars\""),
        ("title: x\nuid: 'a b'\npanels: [{expr: up}]", "d.yml:2:6: uid \"a b\" may hold only letters, digits, \"-\" and \"_\" (at most 64)"),
        ("title: x\npanels: [{expr: up, overrides: [{match: '(', color: red}]}]", "d.yml:2:41: match: error parsing regexp: invalid regular expression: `(`"),
        ("panels: [{expr: up}]", "d.yml:1:1: dashboard needs \"title\""),
        ("title: x", "d.yml:1:8: dashboard \"x\" has no panels (add \"panels\" or \"rows\")"),
        ("- a", "d.yml:1:1: dashboard must be a mapping, not a list"),
    ])
    func errors(_ yaml: String, _ expected: String) {
        #expect(Self.problems(yaml) == expected)
    }

    @Test func severalProblemsAreReportedTogether() {
        let text = Self.problems("title: x\nbogus: 1\npanels: [{expr: up, width: 0, colour: red}]")
        #expect(text.split(separator: "\n").count == 3, "\(text)")
    }

    @Test func queryCheckReportsPositionInTheFile() {
        let check: QueryCheck = { query in query.contains("((") ? QueryIssue(message: "unexpected \"(\"", offset: query.firstRange(of: "((")!.lowerBound.utf16Offset(in: query)) : nil }
        let text = Self.problems("title: x\nvariables: [{name: j, type: custom, values: [a]}]\npanels:\n  - expr: sum(( up{job=\"$j\"})", checkQuery: check)
        #expect(text == "d.yml:4:11: bad query: unexpected \"(\" (at 1:4 of \"sum(( up{job=\"x\"})\")")
        #expect(Self.problems("title: x\npanels: [{expr: 'rate(x[$__rate_interval])'}]", checkQuery: check) == "")
    }

    @Test func sampleExpansionGivesDurationsToIntervals() {
        let variables = [
            TemplateVariable(name: "res", source: .interval(["1m"])), TemplateVariable(name: "job", source: .custom(["a"])),
        ]
        #expect(PanelDecoder.sampleExpansion("rate(x{job=\"$job\"}[$res]) [$__rate_interval]", variables: variables) == "rate(x{job=\"x\"}[5m]) [1m0s]")
    }

    @Test func fileWithSeveralDashboards() throws {
        let node = try YAMLNodes.parse("dashboards:\n  - {title: A, panels: [{expr: up}]}\n  - {title: B, panels: [{expr: up}]}", file: "f.yml")
        let dashboards = try DashboardDecoder.decodeFile(node)
        #expect(dashboards.map(\.uid) == ["a", "b"])
    }

    @Test func catalogRejectsDuplicateUIDs() throws {
        let a = try YAMLNodes.parse("{title: Same, panels: [{expr: up}]}", file: "a.yml")
        let b = try YAMLNodes.parse("{title: Same, panels: [{expr: up}]}", file: "b.yml")
        #expect(throws: DashboardError.self) { try DashboardCatalog.decode(inline: [a], files: [b]) }
        let catalog = try DashboardCatalog.decode(inline: [a], files: [])
        #expect(catalog["same"]?.title == "Same")
    }

    @Test(arguments: [
        ("label_values(job)", TemplateVariable.Source.labelValues(label: "job", selector: nil)),
        ("label_values(up, instance)", .labelValues(label: "instance", selector: "up")),
        ("label_values(x{a=\"1,2\", b=~\"c|d\"},  path )", .labelValues(label: "path", selector: "x{a=\"1,2\", b=~\"c|d\"}")),
        ("query_result(topk(5, up))", .queryResult("topk(5, up)")),
    ])
    func variableQueries(_ text: String, _ source: TemplateVariable.Source) {
        #expect(DashboardDecoder.parseVariableQuery(text) == source)
    }

    @Test(arguments: ["ML service", "A  b!c", "", "Ünïcode 日本"])
    func uidsFromTitles(_ title: String) {
        let uid = Dashboard.uid(fromTitle: title)
        #expect(DashboardDecoder.isValidUID(uid), "\(uid)")
    }
}
