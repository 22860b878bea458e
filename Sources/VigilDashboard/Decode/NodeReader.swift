import VigilConfig
import VigilModel

/// Collects problems while a dashboard decodes, so one run reports all of them.
final class Diagnostics {
    var problems: [DashboardError.Problem] = []

    func report(_ message: String, at location: ConfigLocation?) {
        problems.append(DashboardError.Problem(message, at: location))
    }
}

/// Reads one YAML mapping: typed values by key, unknown keys reported with a suggestion.
struct MappingReader {
    let location: ConfigLocation
    let what: String
    private let entries: [(key: String, keyLocation: ConfigLocation, value: ConfigNode)]
    private let diagnostics: Diagnostics

    /// A reader over `node`, or nil (with a problem reported) when it is not a mapping.
    init?(_ node: ConfigNode, what: String, diagnostics: Diagnostics) {
        guard case .mapping(let entries, let location) = node else {
            diagnostics.report("\(what) must be a mapping, not \(node.kindName)", at: node.location)
            return nil
        }
        self.entries = entries
        self.location = location
        self.what = what
        self.diagnostics = diagnostics
        var seen: Set<String> = []
        for entry in entries where !seen.insert(entry.key).inserted {
            diagnostics.report("duplicate key \"\(entry.key)\" in \(what)", at: entry.keyLocation)
        }
    }

    /// The keys written, in order.
    var keys: [String] { entries.map(\.key) }

    /// The node under `key`; a YAML null counts as absent.
    func node(_ key: String) -> ConfigNode? {
        guard let node = entries.first(where: { $0.key == key })?.value else { return nil }
        if case .null = node { return nil }
        return node
    }

    func has(_ key: String) -> Bool { node(key) != nil }

    /// Reports every key not in `allowed`, suggesting the nearest allowed one.
    func rejectUnknownKeys(allowed: [String], hint: String? = nil) {
        for entry in entries where !allowed.contains(entry.key) {
            var message = "unknown key \"\(entry.key)\" in \(what)"
            if let suggestion = Suggestion.nearest(to: entry.key, in: allowed) {
                message += "; did you mean \"\(suggestion)\"?"
            } else if let hint {
                message += "; \(hint)"
            }
            diagnostics.report(message, at: entry.keyLocation)
        }
    }

    // MARK: - Typed values

    func string(_ key: String) -> String? {
        guard let node = node(key) else { return nil }
        guard case .scalar(let text, _) = node else {
            diagnostics.report("\(key) must be a string, not \(node.kindName)", at: node.location)
            return nil
        }
        return text
    }

    func requiredString(_ key: String) -> String? {
        guard has(key) else {
            diagnostics.report("\(what) needs \"\(key)\"", at: location)
            return nil
        }
        return string(key)
    }

    func int(_ key: String, in range: ClosedRange<Int>? = nil) -> Int? {
        guard let text = string(key), let valueNode = node(key) else { return nil }
        guard let value = Int(text.trimmingSpaces) else {
            diagnostics.report("\(key) must be a whole number, not \"\(text)\"", at: valueNode.location)
            return nil
        }
        if let range, !range.contains(value) {
            diagnostics.report("\(key) must be between \(range.lowerBound) and \(range.upperBound), not \(value)", at: valueNode.location)
            return nil
        }
        return value
    }

    func double(_ key: String) -> Double? {
        guard let text = string(key), let valueNode = node(key) else { return nil }
        guard let value = MappingReader.parseDouble(text) else {
            diagnostics.report("\(key) must be a number, not \"\(text)\"", at: valueNode.location)
            return nil
        }
        return value
    }

    func bool(_ key: String) -> Bool? {
        guard let text = string(key), let valueNode = node(key) else { return nil }
        switch text {
        case "true", "True", "TRUE", "yes", "on": return true
        case "false", "False", "FALSE", "no", "off": return false
        default:
            diagnostics.report("\(key) must be true or false, not \"\(text)\"", at: valueNode.location)
            return nil
        }
    }

    /// A Prometheus duration (`30s`, `5m`), in milliseconds.
    func duration(_ key: String) -> Int64? {
        guard let text = string(key), let valueNode = node(key) else { return nil }
        do {
            return try PromDuration.parse(text.trimmingSpaces)
        } catch {
            diagnostics.report("\(key): \(error.description)", at: valueNode.location)
            return nil
        }
    }

    /// One of a fixed set of words.
    func choice<T: RawRepresentable & CaseIterable>(_ key: String, of type: T.Type) -> T? where T.RawValue == String {
        guard let text = string(key), let valueNode = node(key) else { return nil }
        if let value = T(rawValue: text.trimmingSpaces) { return value }
        let names = T.allCases.map(\.rawValue)
        var message = "\(key) must be one of \(names.joined(separator: ", ")), not \"\(text)\""
        if let suggestion = Suggestion.nearest(to: text, in: names) { message += "; did you mean \"\(suggestion)\"?" }
        diagnostics.report(message, at: valueNode.location)
        return nil
    }

    /// A list of strings; a single string counts as a list of one, and `a, b` (custom
    /// variable values, as Grafana writes them) splits at commas when `splitCommas`.
    func strings(_ key: String, splitCommas: Bool = false) -> [String]? {
        guard let node = node(key) else { return nil }
        switch node {
        case .scalar(let text, _):
            if splitCommas {
                return text.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
            }
            return [text]
        case .sequence(let items, _):
            var out: [String] = []
            for item in items {
                guard case .scalar(let text, _) = item else {
                    diagnostics.report("\(key) must list strings, not \(item.kindName)", at: item.location)
                    continue
                }
                out.append(text)
            }
            return out
        default:
            diagnostics.report("\(key) must be a list of strings, not \(node.kindName)", at: node.location)
            return nil
        }
    }

    /// The items of a sequence under `key`.
    func sequence(_ key: String) -> [ConfigNode]? {
        guard let node = node(key) else { return nil }
        guard case .sequence(let items, _) = node else {
            diagnostics.report("\(key) must be a list, not \(node.kindName)", at: node.location)
            return nil
        }
        return items
    }

    /// Where `key` itself is written.
    func keyLocation(_ key: String) -> ConfigLocation {
        entries.first { $0.key == key }?.keyLocation ?? location
    }

    func report(_ message: String, key: String) {
        diagnostics.report(message, at: node(key)?.location ?? location)
    }

    /// Parses numbers as YAML writes them, with `.inf`, `+Inf` and `NaN`.
    static func parseDouble(_ text: String) -> Double? {
        let trimmed = text.trimmingSpaces
        switch trimmed.lowercased() {
        case ".inf", "+.inf", "inf", "+inf": return .infinity
        case "-.inf", "-inf": return -.infinity
        case ".nan", "nan": return .nan
        default: return Double(trimmed)
        }
    }
}

extension ConfigNode {
    /// `a string`, `a list`, `a mapping`, `null`: for messages.
    var kindName: String {
        switch self {
        case .scalar: return "a string"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .null: return "null"
        }
    }
}

/// Did-you-mean suggestions by edit distance.
enum Suggestion {
    /// The candidate closest to `word`, if close enough to be a likely typo.
    static func nearest(to word: String, in candidates: [String]) -> String? {
        let limit = max(2, word.count / 3)
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            if distance <= limit, distance < (best?.1 ?? .max) { best = (candidate, distance) }
        }
        return best?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
