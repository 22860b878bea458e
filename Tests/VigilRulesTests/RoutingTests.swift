import Testing
import VigilConfig
import VigilModel
@testable import VigilRules

/// The routing tree, inhibition and the notification log as tables.
struct RoutingTests {
    static func route(
        _ receiver: String?, _ matchers: [LabelMatcher] = [], groupBy: [String]? = nil, continue: Bool = false,
        groupWait: Duration? = nil, _ children: [Route] = []
    ) -> Route {
        var route = Route()
        route.receiver = receiver
        route.matchers = matchers
        route.groupBy = groupBy
        route.continue = `continue`
        route.groupWait = groupWait
        route.routes = children
        return route
    }

    static let tree = RouteNode(root: route("default", groupBy: ["alertname"], [
        route("pager", [.equal("severity", "critical")], groupWait: .seconds(10), [
            route("db-pager", [.equal("team", "db")]),
        ]),
        route("audit", [try! LabelMatcher(.regexMatch, "team", "db|web")], groupBy: ["..."], continue: true),
        route("web", [.equal("team", "web")]),
    ]))

    static let routings: [(Labels, [String])] = [
        (["alertname": "A"], ["default"]),
        (["alertname": "A", "severity": "critical"], ["pager"]),
        (["alertname": "A", "severity": "critical", "team": "db"], ["db-pager"]),
        (["alertname": "A", "team": "db"], ["audit"]),
        (["alertname": "A", "team": "web"], ["audit", "web"]),
        (["alertname": "A", "team": "web", "severity": "critical"], ["pager"]),
    ]

    @Test(arguments: routings)
    func routing(_ labels: Labels, _ receivers: [String]) {
        #expect(Self.tree.match(labels).map(\.receiver) == receivers)
    }

    @Test func childrenInheritAndKeysNameThePath() throws {
        let pager = try #require(Self.tree.children.first)
        #expect(pager.groupWait == 10_000)
        #expect(pager.groupInterval == RouteNode.defaultGroupInterval)
        #expect(pager.groupBy == ["alertname"])
        #expect(pager.children[0].groupWait == 10_000)
        #expect(pager.children[0].key == #"{}/{severity="critical"}/{team="db"}"#)
        #expect(Self.tree.children[1].groupByAll)
        #expect(Self.tree.children[1].groupLabels(of: ["a": "1", "b": "2"]) == ["a": "1", "b": "2"])
        #expect(Self.tree.groupLabels(of: ["alertname": "X", "b": "2"]) == ["alertname": "X"])
        // Indexes are unique, children numbered before their parents.
        #expect(Set(Self.tree.allNodes.map(\.index)).count == Self.tree.allNodes.count)
        #expect(Self.tree.index == Self.tree.allNodes.count - 1)
    }

    static let inhibit: Inhibitor = {
        var rule = InhibitRule()
        rule.sourceMatchers = [.equal("severity", "critical")]
        rule.targetMatchers = [.equal("severity", "warning")]
        rule.equal = ["cluster"]
        return Inhibitor(rules: [rule])
    }()

    static func firing(_ labels: Labels) -> DispatchedAlert {
        DispatchedAlert(OutgoingAlert(labels: labels, startsAt: 0, endsAt: 10_000), now: 0, resolveTimeout: 300_000)
    }

    static let inhibitions: [(Labels, [Labels], Bool)] = [
        (["severity": "warning", "cluster": "a"], [["severity": "critical", "cluster": "a"]], true),
        (["severity": "warning", "cluster": "a"], [["severity": "critical", "cluster": "b"]], false),
        (["severity": "warning"], [["severity": "critical"]], true),
        (["severity": "critical", "cluster": "a"], [["severity": "critical", "cluster": "a"]], false),
        (["severity": "warning", "cluster": "a"], [], false),
    ]

    @Test(arguments: inhibitions)
    func inhibition(_ target: Labels, _ sources: [Labels], _ muted: Bool) {
        #expect(Self.inhibit.mutes(target, firing: sources.map(Self.firing)) == muted)
    }

    @Test func notificationLogDecidesWhenToNotifyAgain() {
        var log = NotificationLog()
        let key = NotificationLog.Key(groupKey: "g", receiver: "r", integration: "webhook[0]")
        let a = AlertFingerprint(["a": "1"]), b = AlertFingerprint(["b": "1"])
        func needs(_ firing: Set<AlertFingerprint>, _ resolved: Set<AlertFingerprint>, sendResolved: Bool = true, now: Timestamp) -> Bool {
            log.needsUpdate(key, firing: firing, resolved: resolved, sendResolved: sendResolved, repeatInterval: 3_600_000, now: now)
        }
        #expect(!needs([], [a], now: 0), "only resolved alerts, never notified: nothing to say")
        #expect(needs([a], [], now: 0), "first firing alert")
        log.log(key, firing: [a], resolved: [], now: 0)
        #expect(!needs([a], [], now: 60_000), "nothing changed")
        #expect(needs([a, b], [], now: 60_000), "a new firing alert")
        #expect(needs([a], [], now: 3_600_001), "repeat interval passed")
        log.log(key, firing: [a, b], resolved: [], now: 60_000)
        #expect(!needs([a], [], now: 120_000), "a firing alert went away without resolving")
        #expect(needs([a], [b], now: 120_000), "a resolution, with send_resolved")
        #expect(!needs([a], [b], sendResolved: false, now: 120_000), "a resolution, without send_resolved")
        #expect(needs([], [a, b], sendResolved: false, now: 120_000), "all resolved: always notified")
    }
}
