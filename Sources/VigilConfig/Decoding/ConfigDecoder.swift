import VigilModel

/// Decodes positioned YAML (`ConfigNode`) into values, collecting every problem with its
/// position and key path instead of stopping at the first; `finish()` throws them as one
/// `ConfigError`. Typed readers return nil after reporting a problem, so a caller goes on
/// with a default and the user sees all mistakes of a file at once.
///
/// Other modules reuse it for sections they own (VigilDashboard decodes `dashboards:`):
/// ```swift
/// let decoder = ConfigDecoder(file: node.location.file)
/// if let panel = decoder.mapping(node, path: "dashboards[0].panels[2]", keys: ["title", "expr", "unit"]) {
///     let title = panel.string("title") ?? "Untitled"   // wrong type → reported, nil
///     if let expr = panel["expr"] { … expr.location … }
/// }
/// try decoder.finish()   // throws every problem found, in file order
/// ```
/// Not thread-safe: one decoder per decoding pass.
public final class ConfigDecoder {
    /// The file being decoded, for problems reported without a node.
    public let file: String
    /// Problems so far, in the order found.
    public private(set) var errors: [ConfigError] = []
    /// Warnings so far, in the order found.
    public private(set) var warnings: [ConfigWarning] = []

    /// A decoder reporting problems without a node against `file`.
    public init(file: String) {
        self.file = file
    }

    /// Whether any problem was reported.
    public var hasErrors: Bool { !errors.isEmpty }

    /// Reports a problem at `location` (key path `path`).
    public func error(_ message: String, at location: ConfigLocation, path: String) {
        errors.append(ConfigError(at: location, keyPath: path, message: message))
    }

    /// Reports something accepted but worth telling.
    public func warning(_ message: String, at location: ConfigLocation, path: String) {
        warnings.append(ConfigWarning(at: location, keyPath: path, message: message))
    }

    /// Throws every problem reported, sorted into file order; returns when there is none.
    public func finish() throws(ConfigError) {
        if let combined = ConfigError(combining: errors) { throw combined }
    }

    /// Sorted warnings, for handing out with the result.
    public var sortedWarnings: [ConfigWarning] {
        warnings.enumerated().sorted { a, b in
            (a.element.location.line, a.element.location.column, a.offset)
                < (b.element.location.line, b.element.location.column, b.offset)
        }.map(\.element)
    }

    // MARK: - Structure

    /// Opens `node` as a mapping whose valid keys are `keys`. Every other key is reported
    /// as `unknown key "x" in path (did you mean "y"?)`, the suggestion taken from `keys` by
    /// edit distance. A null node reads as an empty mapping; anything else that is not a
    /// mapping is reported and gives nil.
    public func mapping(_ node: ConfigNode, path: String, keys: [String]) -> ConfigMapping? {
        mapping(node, path: path, keys: keys, sections: [])
    }

    /// As `mapping(_:path:keys:)`, consulting the table of Prometheus features Vigil does
    /// not support yet for `sections` before calling a key unknown.
    func mapping(_ node: ConfigNode, path: String, keys: [String], sections: [ConfigSection]) -> ConfigMapping? {
        switch node {
        case .null(let location):
            return ConfigMapping(node: .mapping([], location), path: path, decoder: self)
        case .mapping(let entries, _):
            let known = Set(keys)
            for entry in entries where !known.contains(entry.key) {
                let entryPath = ConfigMapping.join(path, entry.key)
                if let feature = UnsupportedFeatures.lookup(entry.key, in: sections) {
                    if feature.accepts(entry.value) { continue }
                    switch feature.treatment {
                    case .notSupported:
                        error(feature.message(for: entry.key), at: entry.keyLocation, path: entryPath)
                    case .ignored:
                        warning(feature.message(for: entry.key), at: entry.keyLocation, path: entryPath)
                    }
                    continue
                }
                var message = "unknown key \"\(entry.key)\""
                if !path.isEmpty { message += " in \(path)" }
                if let suggestion = EditDistance.suggestion(for: entry.key, among: keys) {
                    message += " (did you mean \"\(suggestion)\"?)"
                }
                error(message, at: entry.keyLocation, path: entryPath)
            }
            return ConfigMapping(node: node, path: path, decoder: self)
        default:
            error("expected a mapping, got \(node.kindDescription)", at: node.location, path: path)
            return nil
        }
    }

    /// The items of a list with their key paths (`path[0]`, …); null reads as empty.
    public func list(_ node: ConfigNode, path: String) -> [(node: ConfigNode, path: String)]? {
        switch node {
        case .null: return []
        case .sequence(let items, _): return items.enumerated().map { ($0.element, "\(path)[\($0.offset)]") }
        default:
            error("expected a list, got \(node.kindDescription)", at: node.location, path: path)
            return nil
        }
    }

    // MARK: - Scalars

    /// The text of a scalar (numbers and booleans read as their text, as yaml.v2 does).
    public func string(_ node: ConfigNode, path: String) -> String? {
        switch node {
        case .scalar(let text, _): return text
        case .null: return ""
        default:
            error("expected a string, got \(node.kindDescription)", at: node.location, path: path)
            return nil
        }
    }

    private static let trueSpellings: Set<String> = ["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"]
    private static let falseSpellings: Set<String> = ["false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"]

    /// A YAML 1.1 boolean (`true`/`false`, also `yes`/`no`/`on`/`off`, as yaml.v2 reads them).
    public func bool(_ node: ConfigNode, path: String) -> Bool? {
        guard let text = scalarText(node, path: path, expected: "a boolean") else { return nil }
        if Self.trueSpellings.contains(text) { return true }
        if Self.falseSpellings.contains(text) { return false }
        error("expected a boolean (true or false), got \"\(text)\"", at: node.location, path: path)
        return nil
    }

    /// A decimal integer no smaller than `minimum`.
    public func int(_ node: ConfigNode, path: String, minimum: Int = .min) -> Int? {
        guard let text = scalarText(node, path: path, expected: "an integer") else { return nil }
        guard let value = Int(text) else {
            error("expected an integer, got \"\(text)\"", at: node.location, path: path)
            return nil
        }
        guard value >= minimum else {
            let what = minimum == 0 ? "a non-negative integer" : minimum == 1 ? "a positive integer" : "an integer of at least \(minimum)"
            error("expected \(what), got \(value)", at: node.location, path: path)
            return nil
        }
        return value
    }

    /// A floating-point number.
    public func double(_ node: ConfigNode, path: String) -> Double? {
        guard let text = scalarText(node, path: path, expected: "a number") else { return nil }
        guard let value = Double(text) else {
            error("expected a number, got \"\(text)\"", at: node.location, path: path)
            return nil
        }
        return value
    }

    /// A Prometheus duration (`1h30m`, `15s`, `2d`, `1w`, `1y`, `500ms`, `0`).
    public func duration(_ node: ConfigNode, path: String) -> Duration? {
        guard let text = scalarText(node, path: path, expected: "a duration") else { return nil }
        do {
            return .milliseconds(try PromDuration.parse(text))
        } catch {
            // Worded as Prometheus' model.ParseDuration.
            let message = text.isEmpty ? "empty duration string" : "\(error.message): \"\(text)\""
            self.error(message, at: node.location, path: path)
            return nil
        }
    }

    /// A list of strings (a single scalar is not a list).
    public func stringList(_ node: ConfigNode, path: String) -> [String]? {
        guard let items = list(node, path: path) else { return nil }
        var strings: [String] = []
        for item in items {
            guard let text = string(item.node, path: item.path) else { return nil }
            strings.append(text)
        }
        return strings
    }

    /// A mapping of strings to strings in file order, with where each key and value is.
    public func stringMap(_ node: ConfigNode, path: String) -> [ConfigStringEntry]? {
        switch node {
        case .null: return []
        case .mapping(let entries, _):
            var result: [ConfigStringEntry] = []
            for entry in entries {
                let entryPath = ConfigMapping.join(path, entry.key)
                guard let value = string(entry.value, path: entryPath) else { continue }
                result.append(ConfigStringEntry(key: entry.key, keyLocation: entry.keyLocation,
                                                value: value, valueLocation: entry.value.location))
            }
            return result
        default:
            error("expected a mapping, got \(node.kindDescription)", at: node.location, path: path)
            return nil
        }
    }

    private func scalarText(_ node: ConfigNode, path: String, expected: String) -> String? {
        if case .scalar(let text, _) = node { return text }
        error("expected \(expected), got \(node.kindDescription)", at: node.location, path: path)
        return nil
    }
}

/// One `key: value` of a string mapping (labels, annotations, headers).
public struct ConfigStringEntry: Sendable, Hashable {
    public var key: String
    public var keyLocation: ConfigLocation
    public var value: String
    public var valueLocation: ConfigLocation

    public init(key: String, keyLocation: ConfigLocation, value: String, valueLocation: ConfigLocation) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
        self.valueLocation = valueLocation
    }
}
