import VigilModel

/// A set of targets sharing labels, as service discovery produces them (Prometheus'
/// `targetgroup.Group`). Each target is a label set holding at least `__address__`.
public struct TargetGroup: Sendable, Hashable {
    /// Identifies the group within its provider: `static:<index>` or `<file>:<index>`.
    /// A later group with the same source replaces the earlier one; an empty one removes it.
    public var source: String
    public var targets: [Labels]
    /// Labels every target of the group gets unless it sets them itself.
    public var labels: Labels

    public init(source: String, targets: [Labels], labels: Labels = .empty) {
        self.source = source
        self.targets = targets
        self.labels = labels
    }

    /// A group of `host:port` addresses.
    public init(source: String, addresses: [String], labels: Labels = .empty) {
        self.init(source: source, targets: addresses.map { [LabelName.address: $0] }, labels: labels)
    }
}
