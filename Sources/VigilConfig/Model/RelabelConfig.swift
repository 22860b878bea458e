import VigilModel

/// One relabeling step, as in Prometheus' `relabel_configs` and `metric_relabel_configs`.
public struct RelabelConfig: Sendable, Hashable {
    public enum Action: String, Sendable, Hashable, CaseIterable {
        case replace, keep, drop, keepequal, dropequal, hashmod, labelmap, labeldrop, labelkeep
        case lowercase, uppercase
    }

    public var sourceLabels: [String] = []
    public var separator = ";"
    public var targetLabel = ""
    /// Anchored; default `(.*)`.
    public var regex: LabelRegex = try! LabelRegex("(.*)")
    public var modulus: UInt64 = 0
    public var replacement = "$1"
    public var action: Action = .replace
    public var location: ConfigLocation?

    public init() {}
}
