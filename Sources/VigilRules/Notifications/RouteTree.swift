import VigilConfig
import VigilModel

/// The routing tree of `notifications.route`, resolved: each node knows its receiver,
/// grouping and timing (inherited from its parent where not set), as Alertmanager's
/// `dispatch.Route`.
public struct RouteNode: Sendable {
    /// Alertmanager's defaults for the root.
    public static let defaultGroupWait: Int64 = 30_000
    public static let defaultGroupInterval: Int64 = 300_000
    public static let defaultRepeatInterval: Int64 = 4 * 3_600_000

    /// Position in a depth-first walk, children before their parent (Alertmanager's `Idx`).
    public var index = 0
    public var receiver: String
    public var groupBy: Set<String>
    /// `group_by: ['...']`: every label groups.
    public var groupByAll: Bool
    /// Milliseconds.
    public var groupWait: Int64
    public var groupInterval: Int64
    public var repeatInterval: Int64
    /// Sorted as Alertmanager sorts them (name, value, type).
    public var matchers: [LabelMatcher]
    public var continueMatching: Bool
    public var children: [RouteNode] = []
    /// Alertmanager's `Route.Key()`: the matchers of the path from the root, `{}/{a="b"}`.
    public var key: String

    /// Builds the tree from the configured root route.
    public init(root: Route) {
        var counter = 0
        self.init(root, parent: nil, counter: &counter)
    }

    private init(_ route: Route, parent: RouteNode?, counter: inout Int) {
        receiver = route.receiver ?? parent?.receiver ?? ""
        if let groupBy = route.groupBy {
            groupByAll = groupBy.contains("...")
            self.groupBy = groupByAll ? [] : Set(groupBy)
        } else {
            groupByAll = parent?.groupByAll ?? false
            groupBy = parent?.groupBy ?? []
        }
        groupWait = route.groupWait?.inMilliseconds ?? parent?.groupWait ?? Self.defaultGroupWait
        groupInterval = route.groupInterval?.inMilliseconds ?? parent?.groupInterval ?? Self.defaultGroupInterval
        repeatInterval = route.repeatInterval?.inMilliseconds ?? parent?.repeatInterval ?? Self.defaultRepeatInterval
        matchers = route.matchers.sorted(by: Self.matcherOrder)
        continueMatching = route.continue
        let own = "{" + matchers.map(Self.matcherDescription).joined(separator: ",") + "}"
        key = parent.map { $0.key + "/" + own } ?? own
        var children: [RouteNode] = []
        for child in route.routes {
            children.append(RouteNode(child, parent: self, counter: &counter))
        }
        self.children = children
        index = counter
        counter += 1
    }

    /// The routes an alert goes to: the deepest matching nodes, continuing past a match only
    /// where `continue` is set; the node itself when no child matches.
    public func match(_ labels: Labels) -> [RouteNode] {
        guard matchers.matches(labels) else { return [] }
        var all: [RouteNode] = []
        for child in children {
            let matches = child.match(labels)
            all += matches
            if !matches.isEmpty && !child.continueMatching { break }
        }
        return all.isEmpty ? [self] : all
    }

    /// The labels an alert is grouped by on this route.
    public func groupLabels(of labels: Labels) -> Labels {
        groupByAll ? labels : Labels(sortedUnique: labels.filter { groupBy.contains($0.name) })
    }

    /// Every node, depth first.
    public var allNodes: [RouteNode] { [self] + children.flatMap(\.allNodes) }

    static func matcherOrder(_ a: LabelMatcher, _ b: LabelMatcher) -> Bool {
        if a.name != b.name { return a.name.utf8Precedes(b.name) }
        if a.value != b.value { return a.value.utf8Precedes(b.value) }
        let order: [LabelMatcher.Kind] = [.equal, .notEqual, .regexMatch, .regexNoMatch]
        return order.firstIndex(of: a.kind)! < order.firstIndex(of: b.kind)!
    }

    /// Alertmanager's `Matcher.String()`: `name="value"` with `\`, `"` and newlines escaped.
    static func matcherDescription(_ m: LabelMatcher) -> String {
        var value = ""
        for c in m.value {
            switch c {
            case "\\": value += "\\\\"
            case "\"": value += "\\\""
            case "\n": value += "\\n"
            default: value.append(c)
            }
        }
        return "\(m.name)\(m.kind.rawValue)\"\(value)\""
    }
}
