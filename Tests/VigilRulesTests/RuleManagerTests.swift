import Foundation
import Testing
import VigilConfig
import VigilModel
import VigilPromQL
@testable import VigilRules
import VigilTestSupport

struct RuleManagerTests {
    /// Polls `condition` every 20 ms for at most `seconds`.
    static func eventually(within seconds: Double = 10, _ condition: () async -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return await condition()
    }

    static func file(_ groups: RuleGroupConfig...) -> RuleFileConfig {
        RuleFileConfig(file: "rules.yml", groups: groups)
    }

    @Test func runEvaluatesOnTheGroupsSlotsUntilCancelled() async throws {
        let engine = ScriptedEngine()
        let store = MemoryAppender()
        var group = RuleGroupTests.recordingGroup()
        group.interval = .milliseconds(100)
        engine.set(RuleGroupTests.p90Expr) { time in .vector([VectorSample(labels: .empty, t: time, v: 1)]) }
        let clock = ManualClock(epochStart: 1_000_000_050)
        var environment = RuleEnvironment(engine: engine, appender: store)
        environment.wallClock = clock.wall
        environment.clock = clock
        let manager = RuleManager(environment: environment)
        await manager.apply([Self.file(group)], defaultInterval: .seconds(60))
        let ruleGroup = try #require(await manager.ruleGroups().first)
        let firstSlot = ruleGroup.evaluationSlot(atOrBefore: clock.wall.now()) + 100
        let running = Task { try await manager.run() }

        // Each 100 ms of clock time wakes the group for one evaluation on its grid.
        for evaluation in 1...3 {
            #expect(await pollUntil { clock.sleeperCount == 1 }, "the group waits for its next slot")
            clock.advance(by: .milliseconds(100))
            #expect(await pollUntil { store.lines.count == evaluation }, "evaluation \(evaluation)")
        }
        let times = store.lines.map { Int64($0.split(separator: " ")[1])! }
        #expect(times == [firstSlot, firstSlot + 100, firstSlot + 200])

        running.cancel()
        _ = await running.result
        // The manager awaited its groups: nothing sleeps, and no time brings evaluations.
        #expect(clock.sleeperCount == 0)
        clock.advance(by: .seconds(10))
        #expect(store.lines.count == 3, "no evaluation after the manager stopped")
    }

    @Test func reloadKeepsUnchangedGroupsAndCarriesAlertsIntoChangedOnes() async throws {
        let engine = ScriptedEngine()
        let store = MemoryAppender()
        let manager = RuleManager(environment: RuleEnvironment(engine: engine, appender: store))
        engine.set(RuleGroupTests.errorRateExpr, ScriptedEngine.vector([.empty], value: 0.2))
        let alerts = RuleGroupTests.alertGroup(for: .seconds(30))
        await manager.apply([Self.file(alerts)], defaultInterval: .seconds(60))
        let first = try #require(await manager.ruleGroups().first)
        await first.evaluate(at: 0)
        await first.evaluate(at: 30_000)
        #expect(await first.status().rules[0].state == .firing)

        await manager.apply([Self.file(alerts)], defaultInterval: .seconds(60))
        #expect(await manager.ruleGroups().first === first, "an unchanged group keeps running")

        var changed = alerts
        changed.rules[0].annotations["runbook"] = "https://runbooks/errors"
        await manager.apply([Self.file(changed)], defaultInterval: .seconds(60))
        let second = try #require(await manager.ruleGroups().first)
        #expect(second !== first)
        await second.evaluate(at: 45_000)
        let rule = await second.status().rules[0]
        #expect(rule.state == .firing, "the alert keeps firing across the reload")
        #expect(rule.alerts.first?.activeAt == 0)
        #expect(rule.alerts.first?.annotations["runbook"] == "https://runbooks/errors")
    }

    @Test func removedGroupsGoStaleAfterTwoIntervals() async throws {
        let engine = ScriptedEngine()
        let store = MemoryAppender()
        let manager = RuleManager(environment: RuleEnvironment(engine: engine, appender: store))
        var group = RuleGroupTests.recordingGroup()
        group.interval = .milliseconds(50)
        engine.set(RuleGroupTests.p90Expr, ScriptedEngine.vector([["instance": "a"]], value: 1))
        await manager.apply([Self.file(group)], defaultInterval: .seconds(60))
        await manager.ruleGroups().first?.evaluate(at: 1000)
        await manager.apply([], defaultInterval: .seconds(60))
        #expect(await manager.status().isEmpty)
        let stale = await Self.eventually { store.lines.contains { $0.hasSuffix(" stale") } }
        #expect(stale)
        #expect(store.lines.first == #"job:http_request_duration_seconds:p90{instance="a"} 1000 1"#)
    }
}
