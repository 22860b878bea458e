import Yams

/// Reads YAML text into a positioned `ConfigNode` tree with Yams' composer, turning
/// syntax errors into `ConfigError`s at the position libyaml reports.
enum YAMLDocument {
    /// The first document of `yaml` (nil when there is none: an empty file). Later
    /// documents are ignored with a warning, as Prometheus reads only the first.
    static func read(yaml: String, file: String) throws(ConfigError) -> (root: ConfigNode?, warnings: [ConfigWarning]) {
        let root: Node?
        var warnings: [ConfigWarning] = []
        do {
            let parser = try Parser(yaml: yaml)
            root = try parser.nextRoot()
            if let extra = try parser.nextRoot() {
                warnings.append(ConfigWarning(
                    at: ConfigLocation(file: file, line: extra.mark?.line ?? 1, column: extra.mark?.column ?? 1),
                    message: "only the first YAML document of a file is read; the others are ignored"))
            }
        } catch {
            throw syntaxError(error, yaml: yaml, file: file)
        }
        guard let root else { return (nil, warnings) }
        var builder = Builder(file: file, source: yaml)
        let node = try builder.build(root)
        return (node, warnings)
    }

    /// Where and what: libyaml's problem, with its context when it has one (the problem
    /// mark often points past the construct, the context names where it started).
    private static func syntaxError(_ error: any Error, yaml: String, file: String) -> ConfigError {
        guard let error = error as? YamlError else {
            return ConfigError(file: file, line: 0, column: 0, message: "yaml: \(error)")
        }
        func located(_ mark: Mark, _ message: String) -> ConfigError {
            ConfigError(file: file, line: mark.line, column: mark.column, message: message)
        }
        func locatedAt(_ position: (line: Int, column: Int), _ message: String) -> ConfigError {
            ConfigError(file: file, line: position.line, column: position.column, message: message)
        }
        func withContext(_ problem: String, _ context: YamlError.Context?) -> String {
            guard let context else { return "yaml: \(problem)" }
            return "yaml: \(problem) (\(context.text) at \(context.mark.line):\(context.mark.column))"
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return located(mark, withContext(problem, context))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            return located(context.mark, "yaml: mapping key \(keys) is defined more than once")
        case .reader(let problem, let offset, _, _):
            let position = SourceLocator(yaml).position(ofUTF8Offset: offset ?? 0)
            return locatedAt(position, "yaml: \(problem)")
        default:
            return ConfigError(file: file, line: 0, column: 0, message: "yaml: \(error)")
        }
    }
}

// MARK: - Node building

/// Converts Yams nodes, resolving merge keys and placing scalars where their text starts.
private struct Builder {
    let file: String
    let locator: SourceLocator

    init(file: String, source: String) {
        self.file = file
        locator = SourceLocator(source)
    }

    private static let nullSpellings: Set<String> = ["", "~", "null", "Null", "NULL"]
    private static let stringTag = "tag:yaml.org,2002:str"

    mutating func build(_ node: Node) throws(ConfigError) -> ConfigNode {
        let mark = (line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        let location = ConfigLocation(file: file, line: mark.line, column: mark.column)
        switch node {
        case .scalar(let scalar):
            switch scalar.style {
            case .plain, .any:
                if Self.nullSpellings.contains(scalar.string), scalar.tag.description != Self.stringTag {
                    return .null(location)
                }
                return .scalar(scalar.string, location)
            case .singleQuoted, .doubleQuoted:
                return .scalar(scalar.string, ConfigLocation(file: file, line: mark.line, column: mark.column + 1))
            case .literal, .folded:
                let start = scalar.string.isEmpty ? mark : locator.blockContentStart(afterIndicatorAt: mark)
                return .scalar(scalar.string, ConfigLocation(file: file, line: start.line, column: start.column))
            }
        case .sequence(let sequence):
            var items: [ConfigNode] = []
            for item in sequence { items.append(try build(item)) }
            return .sequence(items, location)
        case .mapping(let mapping):
            var entries: [(key: String, keyLocation: ConfigLocation, value: ConfigNode)] = []
            var merged: [(key: String, keyLocation: ConfigLocation, value: ConfigNode)] = []
            for (keyNode, valueNode) in mapping {
                guard case .scalar(let key) = keyNode else {
                    throw ConfigError(at: try build(keyNode).location, message: "mapping keys must be strings")
                }
                let keyLocation = try build(keyNode).location
                let value = try build(valueNode)
                if key.string == "<<", key.style == .plain {
                    // YAML merge key: entries of the merged mapping(s) fill in keys not
                    // written here, the first source winning (as yaml.v2 merges).
                    for source in value.items ?? [value] {
                        guard let sourceEntries = source.entries else {
                            throw ConfigError(at: source.location, message: "yaml: map merge requires a mapping or a list of mappings")
                        }
                        merged.append(contentsOf: sourceEntries)
                    }
                    continue
                }
                entries.append((key.string, keyLocation, value))
            }
            var written = Set(entries.map(\.key))
            for entry in merged where !written.contains(entry.key) {
                written.insert(entry.key)
                entries.append(entry)
            }
            return .mapping(entries, location)
        case .alias:
            // Yams' composer resolves aliases to the anchored node; kept for completeness.
            throw ConfigError(at: location, message: "yaml: unresolved alias")
        }
    }
}

// MARK: - Positions in the source

/// Line and column lookups in YAML source, columns counted in Unicode scalars as libyaml does.
struct SourceLocator {
    private let lines: [[Unicode.Scalar]]
    private let source: String

    init(_ source: String) {
        self.source = source
        lines = source.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
    }

    /// The first content character of a `|`/`>` block scalar whose indicator is at `mark`:
    /// the first non-blank line after the indicator's line, at its indentation.
    func blockContentStart(afterIndicatorAt mark: (line: Int, column: Int)) -> (line: Int, column: Int) {
        var lineIndex = mark.line // 0-based index of the line after the indicator
        while lineIndex < lines.count {
            let line = lines[lineIndex]
            if let first = line.firstIndex(where: { $0 != " " && $0 != "\t" && $0 != "\r" }) {
                return (lineIndex + 1, first + 1)
            }
            lineIndex += 1
        }
        return mark
    }

    /// The 1-based position of a UTF-8 offset.
    func position(ofUTF8Offset offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var consumed = 0
        for scalar in source.unicodeScalars {
            if consumed >= offset { break }
            consumed += UTF8.width(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}

extension ConfigNode {
    /// The first document of `yaml` as positioned nodes (nil for an empty document), for
    /// files other modules decode themselves (dashboard files). Errors are `file:line:col`.
    public static func read(yaml: String, file: String) throws(ConfigError) -> (node: ConfigNode?, warnings: [ConfigWarning]) {
        let document = try YAMLDocument.read(yaml: yaml, file: file)
        return (document.root, document.warnings)
    }
}
