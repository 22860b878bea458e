import Foundation
import VigilModel
import Yams

/// A file-SD file that could not be used. Prometheus then keeps the file's previous groups.
public struct FileSDError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based line in `file` when known (YAML positions; JSON errors carry none).
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}

/// Reads Prometheus file-SD files: a JSON (`.json`) or YAML (`.yml`, `.yaml`) list of
/// `{targets: [host:port…], labels: {name: value…}}`. Unknown keys are errors (Prometheus
/// decodes strictly); every group gets `__meta_filepath` and the source `<file>:<index>`.
public enum FileSDParser {
    /// The meta label naming the file a target came from.
    public static let filepathLabel = LabelName.metaPrefix + "filepath"

    /// Whether `path` has an extension file SD reads (Prometheus accepts these only).
    public static func isSupported(_ path: String) -> Bool {
        let ext = (path as NSString).pathExtension.lowercased()
        return ext == "json" || ext == "yml" || ext == "yaml"
    }

    /// The groups of file `path` whose content is `bytes`.
    public static func parse(_ bytes: [UInt8], path: String) throws(FileSDError) -> [TargetGroup] {
        let ext = (path as NSString).pathExtension.lowercased()
        let tree: Tree
        switch ext {
        case "json": tree = try jsonTree(bytes, path: path)
        case "yml", "yaml": tree = try yamlTree(bytes, path: path)
        default: throw FileSDError(file: path, message: "unsupported file extension \"\(ext)\"")
        }
        guard case .list(let items, _) = tree else {
            if case .null = tree { return [] }
            throw FileSDError(file: path, line: tree.line, message: "expected a list of target groups")
        }
        var groups: [TargetGroup] = []
        for (index, item) in items.enumerated() {
            groups.append(try group(item, index: index, path: path))
        }
        return groups
    }

    // MARK: - One group

    private static func group(_ tree: Tree, index: Int, path: String) throws(FileSDError) -> TargetGroup {
        guard case .map(let entries, _) = tree else {
            if case .null = tree { throw FileSDError(file: path, line: tree.line, message: "nil target group item found") }
            throw FileSDError(file: path, line: tree.line, message: "target group \(index) is not a mapping")
        }
        var addresses: [String] = []
        var labels = LabelsBuilder()
        for (key, value) in entries {
            switch key {
            case "targets":
                if case .null = value { continue }
                guard case .list(let items, _) = value else {
                    throw FileSDError(file: path, line: value.line, message: "\"targets\" must be a list of strings")
                }
                for item in items {
                    guard case .string(let address, _) = item else {
                        throw FileSDError(file: path, line: item.line, message: "a target must be a string")
                    }
                    addresses.append(address)
                }
            case "labels":
                if case .null = value { continue }
                guard case .map(let pairs, _) = value else {
                    throw FileSDError(file: path, line: value.line, message: "\"labels\" must be a mapping of label names to values")
                }
                for (name, labelValue) in pairs {
                    guard Relabeler.isValidLabelName(name) else {
                        throw FileSDError(file: path, line: labelValue.line, message: "\"\(name)\" is not a valid label name")
                    }
                    switch labelValue {
                    case .string(let text, _): labels.set(name, text)
                    case .null: continue
                    default: throw FileSDError(file: path, line: labelValue.line, message: "the value of label \"\(name)\" must be a string")
                    }
                }
            default:
                throw FileSDError(file: path, line: value.line, message: "unknown field \"\(key)\" in target group (expected \"targets\" or \"labels\")")
            }
        }
        labels.set(filepathLabel, path)
        return TargetGroup(source: "\(path):\(index)", addresses: addresses, labels: labels.labels)
    }

    // MARK: - A tree both formats decode into

    private indirect enum Tree {
        case string(String, line: Int?)
        case list([Tree], line: Int?)
        case map([(String, Tree)], line: Int?)
        case null(line: Int?)
        case other(line: Int?)

        var line: Int? {
            switch self {
            case .string(_, let l), .list(_, let l), .map(_, let l), .null(let l), .other(let l): return l
            }
        }
    }

    private static func jsonTree(_ bytes: [UInt8], path: String) throws(FileSDError) -> Tree {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            throw FileSDError(file: path, message: "invalid JSON: \((error as NSError).localizedDescription)")
        }
        return jsonTree(object)
    }

    private static func jsonTree(_ object: Any) -> Tree {
        switch object {
        case let string as String: return .string(string, line: nil)
        case let array as [Any]: return .list(array.map(jsonTree), line: nil)
        case let dictionary as [String: Any]:
            return .map(dictionary.keys.sorted().map { ($0, jsonTree(dictionary[$0]!)) }, line: nil)
        case is NSNull: return .null(line: nil)
        default: return .other(line: nil)
        }
    }

    private static func yamlTree(_ bytes: [UInt8], path: String) throws(FileSDError) -> Tree {
        let text = String(decoding: bytes, as: UTF8.self)
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw FileSDError(file: path, message: "invalid YAML: \(error)")
        } catch {
            throw FileSDError(file: path, message: "invalid YAML: \(error)")
        }
        guard let node else { return .null(line: 1) }
        return yamlTree(node)
    }

    private static func yamlTree(_ node: Node) -> Tree {
        let line = node.mark?.line
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return .null(line: line) }
            return .string(scalar.string, line: line)
        case .sequence(let sequence): return .list(sequence.map(yamlTree), line: line)
        case .mapping(let mapping):
            return .map(mapping.map { (key: $0.key.string ?? "", value: yamlTree($0.value)) }, line: line)
        case .alias: return .other(line: line)
        }
    }
}
