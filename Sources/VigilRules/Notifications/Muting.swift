import VigilConfig
import VigilModel

/// Alertmanager's inhibition: an alert matching a rule's target matchers is muted while
/// another firing alert matches its source matchers and has the same values for the
/// rule's `equal` labels (a label missing on both counts as equal). When an alert matches
/// both sides, sources that also match both sides do not count (so it cannot inhibit
/// itself), as Alertmanager's `hasEqual`.
struct Inhibitor: Sendable {
    var rules: [InhibitRule]

    func mutes(_ labels: Labels, firing sources: [DispatchedAlert]) -> Bool {
        for rule in rules where rule.targetMatchers.matches(labels) {
            let targetIsSource = rule.sourceMatchers.matches(labels)
            for source in sources where rule.sourceMatchers.matches(source.labels) {
                if targetIsSource && rule.targetMatchers.matches(source.labels) { continue }
                if rule.equal.allSatisfy({ source.labels[$0] == labels[$0] }) { return true }
            }
        }
        return false
    }
}

/// A silence: alerts matching all matchers are muted between `startsAt` and `endsAt`.
public struct Silence: Sendable, Hashable, Identifiable {
    public var id: String
    public var matchers: [LabelMatcher]
    public var startsAt: Timestamp
    public var endsAt: Timestamp
    public var createdBy: String
    public var comment: String

    public init(id: String, matchers: [LabelMatcher], startsAt: Timestamp, endsAt: Timestamp, createdBy: String = "", comment: String = "") {
        self.id = id
        self.matchers = matchers
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.createdBy = createdBy
        self.comment = comment
    }

    /// `pending`, `active` or `expired` at `now`, as Alertmanager reports silences.
    public func state(at now: Timestamp) -> String {
        if now < startsAt { return "pending" }
        return now < endsAt ? "active" : "expired"
    }

    func mutes(_ labels: Labels, at now: Timestamp) -> Bool {
        state(at: now) == "active" && matchers.matches(labels)
    }
}

/// What was last notified per group and integration (Alertmanager's notification log),
/// deciding whether a flush needs to notify again.
struct NotificationLog: Sendable {
    struct Key: Hashable, Sendable {
        var groupKey: String
        var receiver: String
        var integration: String
    }

    struct Entry: Sendable {
        var firing: Set<AlertFingerprint>
        var resolved: Set<AlertFingerprint>
        var timestamp: Timestamp
    }

    /// How long entries are kept (Alertmanager's default `--data.retention`).
    static let retention: Int64 = 120 * 3_600_000

    private var entries: [Key: Entry] = [:]

    /// Alertmanager's `DedupStage.needsUpdate`.
    func needsUpdate(
        _ key: Key, firing: Set<AlertFingerprint>, resolved: Set<AlertFingerprint>, sendResolved: Bool,
        repeatInterval: Int64, now: Timestamp
    ) -> Bool {
        guard let entry = entries[key] else { return !firing.isEmpty }
        if !firing.isSubset(of: entry.firing) { return true }
        // All resolved: notify only if the receiver was told about firing alerts.
        if firing.isEmpty { return !entry.firing.isEmpty }
        if sendResolved && !resolved.isSubset(of: entry.resolved) { return true }
        return entry.timestamp < now - repeatInterval
    }

    mutating func log(_ key: Key, firing: Set<AlertFingerprint>, resolved: Set<AlertFingerprint>, now: Timestamp) {
        entries[key] = Entry(firing: firing, resolved: resolved, timestamp: now)
        entries = entries.filter { $0.value.timestamp > now - Self.retention }
    }
}
