import Foundation

/// Files of the repository's `Tests/` folder, found from this source file's path.
enum TestFiles {
    static let testsDirectory: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.lastPathComponent != "Tests", url.pathComponents.count > 1 {
            url.deleteLastPathComponent()
        }
        return url
    }()

    /// `Tests/<path>`.
    static func url(_ path: String) -> URL {
        testsDirectory.appendingPathComponent(path)
    }

    /// The bytes of `Tests/<path>`.
    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(path)))
    }

    /// The names of the entries of `Tests/<path>`, sorted.
    static func list(_ path: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url(path).path).sorted()
    }
}
