import Testing
import VigilModel
import VigilPromQL
@testable import VigilRules

/// The alert lifecycle as event transcripts: at each step the rule's expression returns
/// some label sets, and the rule's alerts must then read as written.
struct AlertLifecycleTests {
    struct Step: Sendable {
        /// Evaluation time in seconds.
        var at: Int64
        /// `instance` values the expression returns (value 1 each).
        var present: [String]
        /// The alerts after the step, one per line: `instance state active=S [fired=S] [resolved=S]`.
        var expected: String
    }

    struct Transcript: Sendable, CustomStringConvertible {
        var name: String
        var forSeconds: Int64 = 0
        var keepFiringForSeconds: Int64 = 0
        var steps: [Step]
        var description: String { name }
    }

    static func step(_ at: Int64, _ present: [String], _ expected: String) -> Step {
        Step(at: at, present: present, expected: expected)
    }

    static let transcripts: [Transcript] = [
        Transcript(name: "pending, firing after for, resolved, forgotten after 15m", forSeconds: 300, steps: [
            step(0, ["a"], "a pending active=0"),
            step(60, ["a"], "a pending active=0"),
            step(299, ["a"], "a pending active=0"),
            step(300, ["a"], "a firing active=0 fired=300"),
            step(360, [], "a inactive active=0 fired=300 resolved=360"),
            step(360 + 900, [], "a inactive active=0 fired=300 resolved=360"),
            step(360 + 901, [], ""),
        ]),
        Transcript(name: "a resolved alert that returns starts over", forSeconds: 60, steps: [
            step(0, ["a"], "a pending active=0"),
            step(60, ["a"], "a firing active=0 fired=60"),
            step(120, [], "a inactive active=0 fired=60 resolved=120"),
            step(180, ["a"], "a pending active=180"),
        ]),
        Transcript(name: "for 0 fires at once", steps: [
            step(0, ["a", "b"], "a firing active=0 fired=0\nb firing active=0 fired=0"),
            step(15, ["b"], "a inactive active=0 fired=0 resolved=15\nb firing active=0 fired=0"),
        ]),
        Transcript(name: "a pending alert that disappears is dropped, not resolved", forSeconds: 300, steps: [
            step(0, ["a"], "a pending active=0"),
            step(60, [], ""),
            step(120, ["a"], "a pending active=120"),
        ]),
        Transcript(name: "keep_firing_for holds a firing alert", keepFiringForSeconds: 120, steps: [
            step(0, ["a"], "a firing active=0 fired=0"),
            step(60, [], "a firing active=0 fired=0 keepFiringSince=60"),
            step(120, [], "a firing active=0 fired=0 keepFiringSince=60"),
            step(180, [], "a inactive active=0 fired=0 resolved=180 keepFiringSince=60"),
        ]),
        Transcript(name: "keep_firing_for resets when the condition returns", keepFiringForSeconds: 120, steps: [
            step(0, ["a"], "a firing active=0 fired=0"),
            step(60, [], "a firing active=0 fired=0 keepFiringSince=60"),
            step(120, ["a"], "a firing active=0 fired=0"),
            step(180, [], "a firing active=0 fired=0 keepFiringSince=180"),
        ]),
        Transcript(name: "keep_firing_for does not hold a pending alert", forSeconds: 300, keepFiringForSeconds: 600, steps: [
            step(0, ["a"], "a pending active=0"),
            step(60, [], ""),
        ]),
    ]

    static func render(_ rule: AlertingRule) -> String {
        rule.alerts.map { alert in
            var line = "\(alert.labels["instance"] ?? "?") \(alert.state.rawValue) active=\(alert.activeAt / 1000)"
            if let fired = alert.firedAt { line += " fired=\(fired / 1000)" }
            if let resolved = alert.resolvedAt { line += " resolved=\(resolved / 1000)" }
            if let since = alert.keepFiringSince { line += " keepFiringSince=\(since / 1000)" }
            return line
        }.joined(separator: "\n")
    }

    static func vector(_ instances: [String], at t: Timestamp) -> [VectorSample] {
        instances.map { VectorSample(labels: ["__name__": "up", "instance": $0], t: t, v: 1) }
    }

    @Test(arguments: transcripts)
    func lifecycle(_ transcript: Transcript) throws {
        var rule = AlertingRule(
            name: "Down", expr: "up == 0", holdDuration: transcript.forSeconds * 1000,
            keepFiringFor: transcript.keepFiringForSeconds * 1000)
        for step in transcript.steps {
            _ = try rule.evaluate(Self.vector(step.present, at: step.at * 1000), at: step.at * 1000, template: AlertTemplate())
            #expect(Self.render(rule) == step.expected, "at \(step.at)s")
        }
    }

    @Test func longerForAfterReloadTurnsFiringBackToPending() throws {
        var old = AlertingRule(name: "Down", expr: "up == 0", holdDuration: 60_000)
        _ = try old.evaluate(Self.vector(["a"], at: 0), at: 0, template: AlertTemplate())
        _ = try old.evaluate(Self.vector(["a"], at: 60_000), at: 60_000, template: AlertTemplate())
        #expect(Self.render(old) == "a firing active=0 fired=60")
        var reloaded = AlertingRule(name: "Down", expr: "up == 0", holdDuration: 600_000)
        reloaded.adoptState(of: old)
        _ = try reloaded.evaluate(Self.vector(["a"], at: 120_000), at: 120_000, template: AlertTemplate())
        #expect(Self.render(reloaded) == "a pending active=0")
    }

    @Test func alertsSeriesCarryStateLabelsAndActiveTime() throws {
        var rule = AlertingRule(
            name: "HighErrorRate", expr: "x > 0.05", holdDuration: 60_000, labels: ["severity": "critical"])
        let first = try rule.evaluate(
            [VectorSample(labels: ["job": "ml"], t: 10_000, v: 0.1)], at: 10_500, queryOffset: 500, template: AlertTemplate())
        #expect(first.map { "\($0.labels) \($0.t) \($0.v)" } == [
            #"{__name__="ALERTS", alertname="HighErrorRate", alertstate="pending", job="ml", severity="critical"} 10000 1.0"#,
            #"{__name__="ALERTS_FOR_STATE", alertname="HighErrorRate", job="ml", severity="critical"} 10000 10.0"#,
        ])
        let later = try rule.evaluate([VectorSample(labels: ["job": "ml"], t: 70_000, v: 0.1)], at: 70_500, queryOffset: 500, template: AlertTemplate())
        #expect(later.first?.labels["alertstate"] == "firing")
        #expect(later.last?.v == 10)
    }

    @Test func nothingIsWrittenBeforeRestoration() throws {
        var rule = AlertingRule(name: "A", expr: "x", restored: false)
        #expect(try rule.evaluate(Self.vector(["a"], at: 0), at: 0, template: AlertTemplate()).isEmpty)
    }

    @Test func templatesExpandPerAlert() throws {
        var rule = AlertingRule(
            name: "High", expr: "x", labels: ["severity": "{{ if gt $value 10.0 }}page{{ else }}ticket{{ end }}"],
            annotations: ["summary": "{{ $labels.instance }} at {{ $value | humanize }}", "empty": "{{ $labels.nope }}"])
        _ = try rule.evaluate(
            [VectorSample(labels: ["instance": "a"], t: 0, v: 12_345), VectorSample(labels: ["instance": "b"], t: 0, v: 2)],
            at: 0, template: AlertTemplate())
        let alerts = rule.alerts
        #expect(alerts.map(\.labels) == [
            ["alertname": "High", "instance": "a", "severity": "page"],
            ["alertname": "High", "instance": "b", "severity": "ticket"],
        ])
        #expect(alerts.map { $0.annotations["summary"] } == ["a at 12.35k", "b at 2"])
        #expect(alerts[0].annotations["empty"] == "")
    }

    @Test func sameLabelSetTwiceIsAnError() {
        var rule = AlertingRule(name: "A", expr: "x")
        #expect(throws: RuleEvaluationError("vector contains metrics with the same labelset after applying alert labels")) {
            _ = try rule.evaluate(
                [VectorSample(labels: ["__name__": "a", "x": "1"], t: 0, v: 1), VectorSample(labels: ["__name__": "b", "x": "1"], t: 0, v: 1)],
                at: 0, template: AlertTemplate())
        }
    }

    @Test func limitDropsAllState() throws {
        var rule = AlertingRule(name: "A", expr: "x")
        #expect(throws: RuleEvaluationError("exceeded limit of 1 with 2 alerts")) {
            _ = try rule.evaluate(Self.vector(["a", "b"], at: 0), at: 0, template: AlertTemplate(), limit: 1)
        }
        #expect(rule.active.isEmpty)
    }

    // MARK: - Sending

    @Test func sendingFollowsResendDelayAndEndsAt() throws {
        var rule = AlertingRule(name: "A", expr: "x", holdDuration: 60_000)
        let minute: Int64 = 60_000
        func send(at t: Int64) -> [String] {
            rule.alertsToSend(at: t, resendDelay: minute, interval: 15_000, generatorURL: "u").map {
                "starts=\($0.startsAt.map { String($0 / 1000) } ?? "-") ends=\($0.endsAt.map { String($0 / 1000) } ?? "-")"
            }
        }
        _ = try rule.evaluate(Self.vector(["a"], at: 0), at: 0, template: AlertTemplate())
        #expect(send(at: 0).isEmpty, "pending alerts are not sent")
        _ = try rule.evaluate(Self.vector(["a"], at: minute), at: minute, template: AlertTemplate())
        #expect(send(at: minute) == ["starts=60 ends=300"], "firing: endsAt = now + 4 × max(interval, resendDelay)")
        #expect(send(at: minute + 15_000).isEmpty, "within the resend delay")
        #expect(send(at: 2 * minute).isEmpty, "exactly at the resend delay: not yet")
        #expect(send(at: 2 * minute + 15_000) == ["starts=60 ends=375"])
        _ = try rule.evaluate([], at: 3 * minute, template: AlertTemplate())
        #expect(send(at: 3 * minute) == ["starts=60 ends=180"], "the resolution is sent at once")
        #expect(send(at: 3 * minute + 15_000).isEmpty)
        #expect(send(at: 4 * minute + 30_000) == ["starts=60 ends=180"], "and re-sent during retention")
    }

    // MARK: - Restoring `for` state after a restart

    struct Restore: Sendable, CustomStringConvertible {
        var name: String
        var forMinutes: Int64
        /// The last ALERTS_FOR_STATE sample: its time and the active time it recorded (s).
        var downAt: Int64
        var recordedActiveAt: Int64
        var stale = false
        /// Restart time (s) and the active time expected after restoring (s).
        var now: Int64
        var expectedActiveAt: Int64
        var description: String { name }
    }

    static let restores: [Restore] = [
        Restore(name: "firing before the restart keeps its active time", forMinutes: 15, downAt: 3000, recordedActiveAt: 1000,
                now: 3600, expectedActiveAt: 1000),
        Restore(name: "pending: the downtime does not count", forMinutes: 30, downAt: 1600, recordedActiveAt: 1000,
                now: 2000, expectedActiveAt: 1400),
        Restore(name: "almost due: a grace period of 10m", forMinutes: 15, downAt: 1600, recordedActiveAt: 1000,
                now: 5000, expectedActiveAt: 5000 + 600 - 900),
        Restore(name: "a stale sample means it was not active", forMinutes: 30, downAt: 1600, recordedActiveAt: 1000, stale: true,
                now: 2000, expectedActiveAt: 2000),
        Restore(name: "for shorter than the grace period is not restored", forMinutes: 5, downAt: 1600, recordedActiveAt: 1000,
                now: 2000, expectedActiveAt: 2000),
    ]

    @Test(arguments: restores)
    func restoreForState(_ c: Restore) throws {
        var rule = AlertingRule(name: "A", expr: "x", holdDuration: c.forMinutes * 60_000, restored: false)
        _ = try rule.evaluate(Self.vector(["a"], at: c.now * 1000), at: c.now * 1000, template: AlertTemplate())
        let key: Labels = ["alertname": "A", "instance": "a"]
        let value = c.stale ? StaleMarker.value : Double(c.recordedActiveAt)
        rule.restore(from: [key: Sample(t: c.downAt * 1000, v: value)], now: c.now * 1000, forGracePeriod: 600_000)
        #expect(rule.restored)
        #expect(rule.alerts.first?.activeAt == c.expectedActiveAt * 1000)
    }
}
