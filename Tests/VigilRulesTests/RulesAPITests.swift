import Foundation
import Testing
import VigilConfig
import VigilModel
import VigilPromQL
@testable import VigilRules

/// `/api/v1/rules` and `/api/v1/alerts` bodies compared with golden files in `Testdata/`
/// (rewritten with `VIGIL_UPDATE_GOLDEN=1`); evaluation durations, which vary, are zeroed.
struct RulesAPITests {
    static let testdata = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Testdata")

    static func golden(_ name: String, _ actual: String) throws {
        let url = testdata.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["VIGIL_UPDATE_GOLDEN"] == "1" {
            try (actual + "\n").write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual + "\n" == expected, "differs from \(name); VIGIL_UPDATE_GOLDEN=1 rewrites it")
    }

    /// Pretty-prints for a readable golden file (key order kept) and zeroes durations.
    static func normalized(_ json: String) throws -> String {
        let zeroed = json.replacingOccurrences(of: #""evaluationTime":[0-9.e-]+"#, with: #""evaluationTime":0"#, options: .regularExpression)
        let object = try JSONSerialization.jsonObject(with: Data(zeroed.utf8))
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    static func statuses() async -> [RuleGroupStatus] {
        let f = RuleGroupTests.Fixture()
        f.clock.set(1_700_000_000_000)
        let alerts = RuleGroup(config: RuleGroupTests.alertGroup(for: .seconds(30)), file: "rules/ml.yml",
                               defaultInterval: .seconds(60), environment: f.environment, shouldRestore: false)
        let recording = RuleGroup(config: RuleGroupTests.recordingGroup(), file: "rules/ml.yml",
                                  defaultInterval: .seconds(60), environment: f.environment, shouldRestore: false)
        f.engine.set(RuleGroupTests.errorRateExpr, ScriptedEngine.vector([["job": "ml-service"]], value: 0.123456))
        f.engine.set(RuleGroupTests.p90Expr) { _ throws(RuleQueryError) in throw RuleQueryError("query timed out") }
        await alerts.evaluate(at: 1_700_000_000_000)
        await alerts.evaluate(at: 1_700_000_030_000)
        await recording.evaluate(at: 1_700_000_030_000)
        return [await recording.status(), await alerts.status()]
    }

    @Test func rulesGolden() async throws {
        try Self.golden("rules-api.json", try Self.normalized(RulesAPI.rulesData(await Self.statuses())))
    }

    @Test func alertsGolden() async throws {
        try Self.golden("alerts-api.json", try Self.normalized(RulesAPI.alertsData(await Self.statuses())))
    }

    @Test func typeFilterAndBadParameters() async throws {
        let statuses = await Self.statuses()
        let alertsOnly = RulesAPI.rulesData(statuses, filter: try RulesAPI.Filter(type: "alert"))
        #expect(alertsOnly.contains("\"type\":\"alerting\"") && !alertsOnly.contains("\"type\":\"recording\""))
        let recordOnly = RulesAPI.rulesData(statuses, filter: try RulesAPI.Filter(type: "RECORD"))
        #expect(!recordOnly.contains("\"type\":\"alerting\"") && recordOnly.contains("\"type\":\"recording\""))
        // Go's field order.
        #expect(recordOnly.hasPrefix(#"{"groups":[{"name":"mlops-recording","file":"rules/ml.yml","rules":[{"name":"job:http_request_duration_seconds:p90","query":"#))
        #expect(recordOnly.contains(#""health":"err","lastError":"query timed out","evaluationTime":"#))
        let noAlerts = RulesAPI.rulesData(statuses, filter: try RulesAPI.Filter(type: nil, excludeAlerts: "true"))
        #expect(noAlerts.contains("\"alerts\":null"))
        #expect(RulesAPI.rulesData(statuses, filter: try RulesAPI.Filter(type: nil, ruleGroups: ["nope"])) == #"{"groups":[]}"#)
        #expect(throws: RulesAPIError(parameter: "type", message: "not supported value \"alerts\"")) {
            _ = try RulesAPI.Filter(type: "alerts")
        }
        #expect(RulesAPIError(parameter: "type", message: "not supported value \"x\"").description
            == "invalid parameter \"type\": not supported value \"x\"")
    }

    @Test(arguments: [(0.123456, "1.23456e-01"), (1.0, "1e+00"), (.nan, "NaN"), (.infinity, "+Inf"), (-2.5e-7, "-2.5e-07")])
    func alertValuesAreGoExponentForm(_ value: Double, _ text: String) {
        let alert = Alert(state: .firing, labels: [:], annotations: [:], value: value, activeAt: 0)
        #expect(RulesAPI.alert(alert).contains("\"value\":\"\(text)\""))
    }
}
