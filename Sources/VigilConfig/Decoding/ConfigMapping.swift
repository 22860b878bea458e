/// One mapping opened by `ConfigDecoder.mapping(_:path:keys:)`: typed reads by key that
/// report wrong types at the value's position under the key path `path.key`.
///
/// A key written with a null value (`key:` with nothing after it) reads as absent, as
/// yaml.v2 leaves the field at its default.
public struct ConfigMapping {
    /// The mapping node (empty for a null section).
    public let node: ConfigNode
    /// Key path of the mapping, e.g. `scrape_configs[0]`.
    public let path: String
    /// The decoder problems are reported to.
    public let decoder: ConfigDecoder

    /// Where the mapping is (its first key).
    public var location: ConfigLocation { node.location }

    /// The value under `key`; nil when absent or null.
    public subscript(key: String) -> ConfigNode? {
        guard let value = node[key], !value.isNull else { return nil }
        return value
    }

    /// Whether `key` is written with a non-null value.
    public func contains(_ key: String) -> Bool { self[key] != nil }

    /// The key path of `key` in this mapping.
    public func path(_ key: String) -> String { Self.join(path, key) }

    /// Where the value of `key` is, or the mapping itself when the key is absent.
    public func location(of key: String) -> ConfigLocation {
        node[key]?.location ?? location
    }

    /// Where `key` itself is written, or the mapping when the key is absent.
    public func keyLocation(of key: String) -> ConfigLocation {
        node.keyLocation(key) ?? location
    }

    /// Reports a problem at the value of `key` (or at the mapping when absent).
    public func error(_ message: String, at key: String) {
        decoder.error(message, at: location(of: key), path: path(key))
    }

    /// Reports a problem about the mapping as a whole.
    public func error(_ message: String) {
        decoder.error(message, at: location, path: path)
    }

    /// The text under `key` (numbers and booleans as written); nil when absent or not a scalar.
    public func string(_ key: String) -> String? { self[key].flatMap { decoder.string($0, path: path(key)) } }
    /// A boolean under `key`; nil when absent or not a boolean (reported).
    public func bool(_ key: String) -> Bool? { self[key].flatMap { decoder.bool($0, path: path(key)) } }
    /// A decimal integer of at least `minimum` under `key`; nil when absent or invalid (reported).
    public func int(_ key: String, minimum: Int = .min) -> Int? {
        self[key].flatMap { decoder.int($0, path: path(key), minimum: minimum) }
    }
    /// A floating-point number under `key`; nil when absent or invalid (reported).
    public func double(_ key: String) -> Double? { self[key].flatMap { decoder.double($0, path: path(key)) } }
    /// A Prometheus duration under `key`; nil when absent or invalid (reported).
    public func duration(_ key: String) -> Duration? { self[key].flatMap { decoder.duration($0, path: path(key)) } }
    /// A list of strings under `key`; nil when absent or not such a list (reported).
    public func stringList(_ key: String) -> [String]? { self[key].flatMap { decoder.stringList($0, path: path(key)) } }
    /// A string-to-string mapping under `key` in file order; nil when absent or invalid (reported).
    public func stringMap(_ key: String) -> [ConfigStringEntry]? { self[key].flatMap { decoder.stringMap($0, path: path(key)) } }

    /// The items of the list under `key` with their key paths; nil when absent.
    public func list(_ key: String) -> [(node: ConfigNode, path: String)]? {
        self[key].flatMap { decoder.list($0, path: path(key)) }
    }

    /// Opens the mapping under `key`; nil when absent or not a mapping (reported).
    public func mapping(_ key: String, keys: [String]) -> ConfigMapping? {
        self[key].flatMap { decoder.mapping($0, path: path(key), keys: keys) }
    }

    func mapping(_ key: String, keys: [String], sections: [ConfigSection]) -> ConfigMapping? {
        self[key].flatMap { decoder.mapping($0, path: path(key), keys: keys, sections: sections) }
    }

    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }
}
