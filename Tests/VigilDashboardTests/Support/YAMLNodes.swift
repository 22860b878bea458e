import Foundation
import VigilConfig

/// YAML text to positioned `ConfigNode`s for tests, through VigilConfig's reader.
enum YAMLNodes {
    static func parse(_ text: String, file: String = "test.yml") throws -> ConfigNode {
        try ConfigNode.read(yaml: text, file: file).node ?? .null(ConfigLocation(file: file, line: 1, column: 1))
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
