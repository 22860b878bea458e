import VigilModel

/// What notification templates and webhook payloads see (Alertmanager's `template.Data`):
/// the receiver, the group's status, its alerts, and the labels and annotations they share.
public struct NotificationData: Sendable {
    /// The receiver's name, regexp-quoted as Alertmanager does.
    public var receiver: String
    /// `firing` when any alert fires, else `resolved`.
    public var status: String
    public var alerts: [NotificationAlert]
    public var groupLabels: [String: String]
    public var commonLabels: [String: String]
    public var commonAnnotations: [String: String]
    public var externalURL: String

    /// Assembles the data for `alerts` (already ordered) of a group, at `now`.
    public init(receiver: String, groupLabels: Labels, alerts: [DispatchedAlert], externalURL: String, now: Timestamp) {
        self.receiver = Self.quoteMeta(receiver)
        self.alerts = alerts.map { NotificationAlert($0, now: now) }
        status = self.alerts.contains { $0.status == "firing" } ? "firing" : "resolved"
        self.groupLabels = Dictionary(groupLabels.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        self.externalURL = externalURL
        var common = alerts.first.map { Dictionary($0.labels.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }) } ?? [:]
        var commonAnnotations = alerts.first?.annotations ?? [:]
        for alert in alerts.dropFirst() {
            common = common.filter { alert.labels[$0.key] == $0.value }
            commonAnnotations = commonAnnotations.filter { alert.annotations[$0.key] == $0.value }
        }
        commonLabels = common
        self.commonAnnotations = commonAnnotations
    }

    /// Go's `regexp.QuoteMeta`.
    static func quoteMeta(_ s: String) -> String {
        var out = ""
        for c in s {
            if "\\.+*?()|[]{}^$".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    /// The data as a template value (`.Receiver`, `.Alerts.Firing`, `.CommonLabels.SortedPairs`, …).
    public var templateValue: TemplateValue { .object(DataObject(data: self)) }
}

/// One alert of a notification (Alertmanager's `template.Alert`).
public struct NotificationAlert: Sendable {
    /// `firing` or `resolved`.
    public var status: String
    public var labels: [String: String]
    public var annotations: [String: String]
    public var startsAt: Timestamp
    /// Nil for firing alerts (Go's zero time).
    public var endsAt: Timestamp?
    public var generatorURL: String
    /// Alertmanager's fingerprint of the label set, 16 hex digits.
    public var fingerprint: String

    init(_ alert: DispatchedAlert, now: Timestamp) {
        let resolved = alert.isResolved(at: now)
        status = resolved ? "resolved" : "firing"
        labels = Dictionary(alert.labels.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        annotations = alert.annotations
        startsAt = alert.startsAt
        // As Alertmanager's flush: firing alerts go out without an end time.
        endsAt = resolved ? alert.endsAt : nil
        generatorURL = alert.generatorURL
        fingerprint = alert.fingerprint.hex
    }
}

// MARK: - Template objects

/// Alertmanager's `KV`: a string map with `SortedPairs`, `Names`, `Values` and `Remove`.
struct KVObject: TemplateObject {
    var entries: [String: String]

    var typeName: String { "template.KV" }
    var mapValue: TemplateMap? { TemplateMap(entries.mapValues { .string($0) }, elementType: "string") }
    var stringer: String? { Self.pairsDescription(sortedPairs) }

    /// Pairs sorted by name, `alertname` first (Alertmanager's `SortedPairs`).
    var sortedPairs: [(String, String)] {
        var keys = entries.keys.filter { $0 != LabelName.alertName }.sorted { $0.utf8Precedes($1) }
        if entries[LabelName.alertName] != nil { keys.insert(LabelName.alertName, at: 0) }
        return keys.map { ($0, entries[$0]!) }
    }

    static func pairsDescription(_ pairs: [(String, String)]) -> String {
        pairs.map { "\($0.0)=\($0.1)" }.joined(separator: ", ")
    }

    func method(_ name: String) -> TemplateFunction? {
        let kv = self
        switch name {
        case "SortedPairs": return TemplateFunction([]) { _ in .object(PairsObject(pairs: kv.sortedPairs)) }
        case "Names": return TemplateFunction([]) { _ in .object(StringsObject(items: kv.sortedPairs.map(\.0))) }
        case "Values": return TemplateFunction([]) { _ in .object(StringsObject(items: kv.sortedPairs.map(\.1))) }
        case "String": return TemplateFunction([]) { _ in .string(kv.stringer ?? "") }
        case "Remove":
            return TemplateFunction([.stringList]) { args in
                let drop = Set((args[0].elements ?? []).compactMap(\.stringValue))
                return .object(KVObject(entries: kv.entries.filter { !drop.contains($0.key) }))
            }
        default: return nil
        }
    }
}

/// Alertmanager's `Pairs` (with `Names`, `Values`, `String`).
struct PairsObject: TemplateObject {
    var pairs: [(String, String)]

    var typeName: String { "template.Pairs" }
    var elements: [TemplateValue]? { pairs.map { .object(PairObject(name: $0.0, value: $0.1)) } }
    var stringer: String? { KVObject.pairsDescription(pairs) }

    func method(_ name: String) -> TemplateFunction? {
        let pairs = self.pairs
        switch name {
        case "Names": return TemplateFunction([]) { _ in .object(StringsObject(items: pairs.map(\.0))) }
        case "Values": return TemplateFunction([]) { _ in .object(StringsObject(items: pairs.map(\.1))) }
        case "String": return TemplateFunction([]) { _ in .string(KVObject.pairsDescription(pairs)) }
        default: return nil
        }
    }
}

/// Alertmanager's `Pair` (`.Name`, `.Value`).
struct PairObject: TemplateObject {
    var name: String
    var value: String

    var typeName: String { "template.Pair" }
    var plainDescription: String { "{\(name) \(value)}" }

    func field(_ field: String) -> TemplateValue? {
        switch field {
        case "Name": return .string(name)
        case "Value": return .string(value)
        default: return nil
        }
    }
}

/// Alertmanager's `Strings` (a `[]string` with `Join`).
struct StringsObject: TemplateObject {
    var items: [String]

    var typeName: String { "template.Strings" }
    var elements: [TemplateValue]? { items.map { .string($0) } }

    func method(_ name: String) -> TemplateFunction? {
        let items = self.items
        guard name == "Join" else { return nil }
        return TemplateFunction([.string]) { args in .string(items.joined(separator: args[0].stringValue ?? "")) }
    }
}

/// Alertmanager's `Alert` as templates see it.
struct AlertObject: TemplateObject {
    var alert: NotificationAlert

    var typeName: String { "template.Alert" }

    func field(_ name: String) -> TemplateValue? {
        switch name {
        case "Status": return .string(alert.status)
        case "Labels": return .object(KVObject(entries: alert.labels))
        case "Annotations": return .object(KVObject(entries: alert.annotations))
        case "StartsAt": return .object(GoTime(milliseconds: alert.startsAt))
        case "EndsAt": return .object(alert.endsAt.map { GoTime(milliseconds: $0) } ?? GoTime(unixNanos: GoTime.zeroTimeNanos))
        case "GeneratorURL": return .string(alert.generatorURL)
        case "Fingerprint": return .string(alert.fingerprint)
        default: return nil
        }
    }

    var plainDescription: String {
        "{\(alert.status) \(KVObject(entries: alert.labels).stringer ?? "") \(KVObject(entries: alert.annotations).stringer ?? "") \(alert.generatorURL) \(alert.fingerprint)}"
    }
}

/// Alertmanager's `Alerts` (with `Firing` and `Resolved`).
struct AlertsObject: TemplateObject {
    var alerts: [NotificationAlert]

    var typeName: String { "template.Alerts" }
    var elements: [TemplateValue]? { alerts.map { .object(AlertObject(alert: $0)) } }

    func method(_ name: String) -> TemplateFunction? {
        let alerts = self.alerts
        switch name {
        case "Firing":
            return TemplateFunction([]) { _ in .list(alerts.filter { $0.status == "firing" }.map { .object(AlertObject(alert: $0)) }, elementType: "template.Alert") }
        case "Resolved":
            return TemplateFunction([]) { _ in .list(alerts.filter { $0.status == "resolved" }.map { .object(AlertObject(alert: $0)) }, elementType: "template.Alert") }
        default: return nil
        }
    }
}

/// `*template.Data`.
struct DataObject: TemplateObject {
    var data: NotificationData

    var typeName: String { "*template.Data" }

    func field(_ name: String) -> TemplateValue? {
        switch name {
        case "Receiver": return .string(data.receiver)
        case "Status": return .string(data.status)
        case "Alerts": return .object(AlertsObject(alerts: data.alerts))
        case "GroupLabels": return .object(KVObject(entries: data.groupLabels))
        case "CommonLabels": return .object(KVObject(entries: data.commonLabels))
        case "CommonAnnotations": return .object(KVObject(entries: data.commonAnnotations))
        case "ExternalURL": return .string(data.externalURL)
        default: return nil
        }
    }
}
