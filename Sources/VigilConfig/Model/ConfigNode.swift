/// A positioned YAML value, kept for sections another module decodes (dashboards).
/// Sendable, unlike Yams' `Node`.
public indirect enum ConfigNode: Sendable, Hashable {
    case scalar(String, ConfigLocation)
    case sequence([ConfigNode], ConfigLocation)
    case mapping([(key: String, keyLocation: ConfigLocation, value: ConfigNode)], ConfigLocation)
    case null(ConfigLocation)

    public var location: ConfigLocation {
        switch self {
        case .scalar(_, let l), .sequence(_, let l), .mapping(_, let l), .null(let l): return l
        }
    }

    public static func == (a: ConfigNode, b: ConfigNode) -> Bool {
        switch (a, b) {
        case (.scalar(let x, let l1), .scalar(let y, let l2)): return x == y && l1 == l2
        case (.sequence(let x, let l1), .sequence(let y, let l2)): return x == y && l1 == l2
        case (.null(let l1), .null(let l2)): return l1 == l2
        case (.mapping(let x, let l1), .mapping(let y, let l2)):
            return l1 == l2 && x.count == y.count
                && zip(x, y).allSatisfy { $0.key == $1.key && $0.keyLocation == $1.keyLocation && $0.value == $1.value }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(location)
    }
}
