/// A positioned YAML value, kept for sections another module decodes (dashboards).
/// Sendable, unlike Yams' `Node`.
///
/// Positions: a block mapping or list is at its first entry, a flow one (`{…}`, `[…]`) at
/// its opening bracket; a scalar is where its text starts
/// (after an opening quote, and on the first content line of a `|` or `>` block), so a
/// position inside the text can be computed from it. Aliases are resolved and `<<` merge
/// keys applied when the node is built; plain `~`, `null` and empty values are `.null`.
///
/// Decoding: read a mapping with `ConfigDecoder.mapping(_:path:keys:)`, which reports
/// unknown keys with a did-you-mean and wrong types with positions; or look around with
/// the accessors below (`node["key"]`, `text`, `items`, `entries`).
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

// MARK: - Accessors

extension ConfigNode {
    /// The text of a scalar; nil for null, lists and mappings.
    public var text: String? {
        if case .scalar(let text, _) = self { return text }
        return nil
    }

    /// Whether the value is YAML null (`~`, `null`, or nothing after the colon).
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The items of a list; nil for anything else.
    public var items: [ConfigNode]? {
        if case .sequence(let items, _) = self { return items }
        return nil
    }

    /// The entries of a mapping in file order; nil for anything else.
    public var entries: [(key: String, keyLocation: ConfigLocation, value: ConfigNode)]? {
        if case .mapping(let entries, _) = self { return entries }
        return nil
    }

    /// The value under `key` of a mapping (nil when absent or when this is no mapping).
    public subscript(key: String) -> ConfigNode? {
        entries?.first { $0.key == key }?.value
    }

    /// Where `key` itself is written in a mapping.
    public func keyLocation(_ key: String) -> ConfigLocation? {
        entries?.first { $0.key == key }?.keyLocation
    }

    /// "a mapping", "a list", "a string" or "null": for messages like
    /// `expected a list, got a mapping`.
    public var kindDescription: String {
        switch self {
        case .scalar: return "a string"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .null: return "null"
        }
    }
}
