import Foundation
import Testing
import VigilConfig
import VigilModel
import VigilPromQL
@testable import VigilRules

struct RuleGroupTests {
    static let errorRateSource = """
        (sum(rate(http_requests_total{status=~"5.."}[5m])) /
        sum(rate(http_requests_total[5m]))) > 0.05
        """
    static let p90Source = "histogram_quantile(0.90, sum(rate(http_request_latency_seconds_bucket[5m])) by (le))"
    /// The expressions as rules query them: Prometheus' printed form.
    static let errorRateExpr = "\(try! Parser.parse(errorRateSource))"
    static let p90Expr = "\(try! Parser.parse(p90Source))"

    static func recordingGroup() -> RuleGroupConfig {
        var group = RuleGroupConfig(name: "mlops-recording")
        group.rules = [RuleConfig(kind: .recording("job:http_request_duration_seconds:p90"), expr: p90Source)]
        return group
    }

    static func alertGroup(for duration: Duration = .seconds(300)) -> RuleGroupConfig {
        var rule = RuleConfig(kind: .alerting("HighErrorRate"), expr: errorRateSource)
        rule.forDuration = duration
        rule.labels = ["severity": "critical"]
        rule.annotations = ["summary": "5xx rate {{ $value | humanizePercentage }}"]
        var group = RuleGroupConfig(name: "mlops-alerts")
        group.interval = .seconds(15)
        group.rules = [rule]
        return group
    }

    struct Fixture {
        let engine = ScriptedEngine()
        let store = MemoryAppender()
        let sink = AlertSink()
        let clock = ManualWallClock(1_000_000)
        var environment: RuleEnvironment {
            var environment = RuleEnvironment(engine: engine, appender: store, queryable: store, notify: sink.notify)
            environment.wallClock = clock
            environment.externalURL = "http://vigil:3000"
            return environment
        }
    }

    @Test func recordingRulesWriteWithTheirNameAndMarkVanishedSeriesStale() async {
        let f = Fixture()
        var config = Self.recordingGroup()
        config.labels = ["team": "ml"]
        let group = RuleGroup(config: config, file: "rules.yml", defaultInterval: .seconds(60), environment: f.environment, shouldRestore: false)
        f.engine.set(Self.p90Expr, ScriptedEngine.vector([["le": "x"], ["instance": "b"]], value: 0.25))
        await group.evaluate(at: 60_000)
        f.engine.set(Self.p90Expr, ScriptedEngine.vector([["instance": "b"]], value: 0.5))
        await group.evaluate(at: 120_000)
        #expect(f.store.lines == [
            #"job:http_request_duration_seconds:p90{le="x", team="ml"} 60000 0.25"#,
            #"job:http_request_duration_seconds:p90{instance="b", team="ml"} 60000 0.25"#,
            #"job:http_request_duration_seconds:p90{instance="b", team="ml"} 120000 0.5"#,
            #"job:http_request_duration_seconds:p90{le="x", team="ml"} 120000 stale"#,
        ])
        let status = await group.status()
        #expect(status.rules.map(\.health) == [.ok])
    }

    @Test func queryOffsetShiftsQueryAndSampleTimes() async {
        let f = Fixture()
        var config = Self.recordingGroup()
        config.queryOffset = .seconds(30)
        let group = RuleGroup(config: config, file: "r", defaultInterval: .seconds(60), environment: f.environment, shouldRestore: false)
        f.engine.set(Self.p90Expr) { time in .vector([VectorSample(labels: ["at": "\(time)"], t: time, v: 1)]) }
        await group.evaluate(at: 60_000)
        #expect(f.store.lines == [#"job:http_request_duration_seconds:p90{at="30000"} 30000 1"#])
    }

    @Test func failingQueryMakesTheRuleUnhealthyUntilItRecovers() async {
        let f = Fixture()
        let group = RuleGroup(config: Self.recordingGroup(), file: "r", defaultInterval: .seconds(60), environment: f.environment, shouldRestore: false)
        f.engine.set(Self.p90Expr) { _ throws(RuleQueryError) in throw RuleQueryError("many-to-many matching not allowed") }
        await group.evaluate(at: 60_000)
        var rule = await group.status().rules[0]
        #expect(rule.health == .err)
        #expect(rule.lastError == "many-to-many matching not allowed")
        f.engine.set(Self.p90Expr) { time in .scalar(time, 3) }
        await group.evaluate(at: 120_000)
        rule = await group.status().rules[0]
        #expect(rule.health == .ok)
        #expect(rule.lastError == nil)
        #expect(f.store.lines == ["job:http_request_duration_seconds:p90 120000 3"])
    }

    @Test func stringResultsAreAnError() async {
        let f = Fixture()
        let group = RuleGroup(config: Self.recordingGroup(), file: "r", defaultInterval: .seconds(60), environment: f.environment, shouldRestore: false)
        f.engine.set(Self.p90Expr) { _ in .string(0, "x") }
        await group.evaluate(at: 60_000)
        #expect(await group.status().rules[0].lastError == "rule result is not a vector or scalar")
    }

    @Test func alertGoesPendingFiresAfterForAndResolves() async {
        let f = Fixture()
        let group = RuleGroup(config: Self.alertGroup(for: .seconds(30)), file: "r", defaultInterval: .seconds(60), environment: f.environment, shouldRestore: false)
        f.engine.set(Self.errorRateExpr, ScriptedEngine.vector([.empty], value: 0.1))
        for t in stride(from: Int64(0), through: 30_000, by: 15_000) { await group.evaluate(at: t) }
        let firing = await group.status().rules[0]
        #expect(firing.state == .firing)
        #expect(firing.alerts.map { $0.annotations["summary"] } == ["5xx rate 10%"])
        f.engine.set(Self.errorRateExpr, ScriptedEngine.vector([], value: 0))
        await group.evaluate(at: 45_000)
        #expect(f.store.lines == [
            #"ALERTS{alertname="HighErrorRate", alertstate="pending", severity="critical"} 0 1"#,
            #"ALERTS_FOR_STATE{alertname="HighErrorRate", severity="critical"} 0 0"#,
            #"ALERTS{alertname="HighErrorRate", alertstate="pending", severity="critical"} 15000 1"#,
            #"ALERTS_FOR_STATE{alertname="HighErrorRate", severity="critical"} 15000 0"#,
            #"ALERTS{alertname="HighErrorRate", alertstate="firing", severity="critical"} 30000 1"#,
            #"ALERTS_FOR_STATE{alertname="HighErrorRate", severity="critical"} 30000 0"#,
            #"ALERTS{alertname="HighErrorRate", alertstate="pending", severity="critical"} 30000 stale"#,
            #"ALERTS{alertname="HighErrorRate", alertstate="firing", severity="critical"} 45000 stale"#,
            #"ALERTS_FOR_STATE{alertname="HighErrorRate", severity="critical"} 45000 stale"#,
        ])
        #expect(f.sink.lines == [
            #"{alertname="HighErrorRate", severity="critical"} starts=30 ends=270"#,
            #"{alertname="HighErrorRate", severity="critical"} starts=30 ends=45"#,
        ])
        #expect(await group.status().rules[0].state == .inactive)
    }

    @Test func anEvaluationDuringAnotherIsMissed() async {
        let engine = ScriptedEngine(delay: 300)
        let store = MemoryAppender()
        let group = RuleGroup(
            config: Self.recordingGroup(), file: "r", defaultInterval: .seconds(60),
            environment: RuleEnvironment(engine: engine, appender: store), shouldRestore: false)
        async let first: Void = group.evaluate(at: 60_000)
        try? await Task.sleep(for: .milliseconds(50))
        await group.evaluate(at: 120_000)
        await first
        #expect(await group.status().iterationsMissed == 1)
    }

    @Test func evaluationSlotsAreStableAndOnTheGroupsPhase() {
        let f = Fixture()
        let group = RuleGroup(config: Self.alertGroup(), file: "/etc/vigil/rules.yml", defaultInterval: .seconds(60), environment: f.environment, shouldRestore: false)
        let a = group.evaluationSlot(atOrBefore: 1_700_000_000_123)
        let b = group.evaluationSlot(atOrBefore: 1_700_000_007_000)
        #expect(a <= 1_700_000_000_123 && a > 1_700_000_000_123 - 15_000)
        #expect((b - a) % 15_000 == 0)
        #expect(group.evaluationSlot(atOrBefore: a) == a)
        #expect(group.evaluationSlot(atOrBefore: a - 1) == a - 15_000)
    }

    @Test(arguments: [
        ("", UInt64(0xEF46_DB37_51D8_E999)),
        ("a", UInt64(0xD24E_C4F1_A98C_6E5B)),
        ("abc", UInt64(0x44BC_2CF5_AD77_0999)),
        ("Nobody inspects the spammish repetition", UInt64(0xFBCE_A83C_8A37_8BF1)),
    ])
    func xxhash(_ text: String, _ expected: UInt64) {
        #expect(XXHash64.hash(Array(text.utf8)) == expected)
    }

    @Test func restoreReadsAlertsForState() async throws {
        let f = Fixture()
        let group = RuleGroup(config: Self.alertGroup(for: .seconds(1800)), file: "r", defaultInterval: .seconds(60), environment: f.environment, shouldRestore: true)
        // Before the restart the alert was pending since t=1000s; the last sample is at 1600s.
        f.store.store(["__name__": "ALERTS_FOR_STATE", "alertname": "HighErrorRate", "severity": "critical"], [Sample(t: 1_600_000, v: 1000)])
        f.engine.set(Self.errorRateExpr, ScriptedEngine.vector([.empty], value: 0.1))
        await group.evaluate(at: 1_990_000)
        await group.evaluate(at: 2_000_000)
        #expect(f.store.lines.isEmpty, "nothing is written before the state is restored")
        await group.restoreForState(now: 2_000_000)
        await group.evaluate(at: 2_015_000)
        let alert = try #require(await group.status().rules[0].alerts.first)
        #expect(alert.activeAt == 1_000_000 + (2_000_000 - 1_600_000))
        #expect(f.store.lines.last == #"ALERTS_FOR_STATE{alertname="HighErrorRate", severity="critical"} 2015000 1400"#)
    }
}

