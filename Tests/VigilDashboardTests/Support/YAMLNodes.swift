import Foundation
import VigilConfig
import Yams

/// YAML text to positioned `ConfigNode`s for tests (VigilConfig does this for real
/// config files; this keeps the dashboard tests independent of its loader).
enum YAMLNodes {
    static func parse(_ text: String, file: String = "test.yml") throws -> ConfigNode {
        guard let node = try Yams.compose(yaml: text) else { return .null(ConfigLocation(file: file, line: 1, column: 1)) }
        return convert(node, file: file)
    }

    static func convert(_ node: Node, file: String) -> ConfigNode {
        let location = ConfigLocation(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
        switch node {
        case .scalar(let scalar):
            if node.null != nil { return .null(location) }
            return .scalar(scalar.string, location)
        case .sequence(let sequence):
            return .sequence(sequence.map { convert($0, file: file) }, location)
        case .mapping(let mapping):
            return .mapping(
                mapping.map { key, value in
                    (key: key.string ?? "", keyLocation: ConfigLocation(file: file, line: key.mark?.line ?? 0, column: key.mark?.column ?? 0), value: convert(value, file: file))
                }, location)
        case .alias:
            return .null(location)
        }
    }

    /// The repository root, found from this file's path.
    static var repositoryRoot: URL {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url.deleteLastPathComponent()
        }
        return url
    }
}
