import VigilModel

/// The metrics pushed under one grouping key, as the Pushgateway keeps them.
public struct PushGroup: Sendable, Hashable {
    /// `job` and the other labels of the push URL. Values may be empty (a distinct key,
    /// as in the Pushgateway), so this is not a `Labels`.
    public var groupingKey: [String: String]
    /// Families by name; their samples already carry the grouping labels.
    public var families: [String: PushedFamily]
    /// Last successful push (`push_time_seconds`); nil if none yet.
    public var pushTime: Timestamp?
    /// Last refused push (`push_failure_time_seconds`); nil if none.
    public var pushFailureTime: Timestamp?
    /// This group's expiry, overriding the configured default; `.zero` never expires.
    public var ttl: Duration?

    public init(groupingKey: [String: String], families: [String: PushedFamily] = [:]) {
        self.groupingKey = groupingKey
        self.families = families
    }

    /// Identifies the group: its grouping labels sorted by name, as the Pushgateway's key.
    public var id: String { Self.id(groupingKey) }

    static func id(_ key: [String: String]) -> String {
        key.keys.sorted().map { $0 + "\u{ff}" + key[$0]! }.joined(separator: "\u{ff}")
    }

    /// The grouping labels as a label set (empty values dropped).
    public var groupingLabels: Labels { Labels(groupingKey) }

    /// When the group last changed, what expiry counts from.
    var lastActivity: Timestamp? {
        switch (pushTime, pushFailureTime) {
        case (let a?, let b?): max(a, b)
        case (let a?, nil): a
        case (nil, let b?): b
        case (nil, nil): nil
        }
    }

    /// `push_time_seconds` and `push_failure_time_seconds` of the group (0 for never).
    var timestampSamples: [(name: String, labels: Labels, value: Double)] {
        [
            (PushGroupStore.pushTimeMetric, groupingLabels.setting(LabelName.metric, to: PushGroupStore.pushTimeMetric),
             pushTime.map { Double($0) / 1000 } ?? 0),
            (PushGroupStore.pushFailureTimeMetric, groupingLabels.setting(LabelName.metric, to: PushGroupStore.pushFailureTimeMetric),
             pushFailureTime.map { Double($0) / 1000 } ?? 0),
        ]
    }
}
