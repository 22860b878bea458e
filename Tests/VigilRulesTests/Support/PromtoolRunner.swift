import Foundation
@testable import VigilRules

/// Runs Debian's `promtool` (the reference) in a temporary folder, for differential tests.
enum PromtoolRunner {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The promtool executable on PATH, or nil.
    static func find() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/promtool"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Writes `files` into a fresh folder, runs promtool there with `arguments`, and returns
    /// its combined output. Bounded: promtool is killed after 60 seconds.
    static func run(_ promtool: String, files: [String: String], arguments: [String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-promtool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, content) in files {
            try content.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: promtool)
        process.arguments = arguments
        process.currentDirectoryURL = dir
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        // Bounded: a promtool that hangs is stopped after 60 seconds.
        DispatchQueue.global().asyncAfter(deadline: .now() + 60) {
            if process.isRunning { process.terminate() }
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The `Annotations:{a="…", …}` map of the first alert promtool printed, unquoted.
    static func annotations(in output: String) -> [String: String]? {
        guard let line = output.split(separator: "\n").first(where: { $0.contains("Annotations:{") }) else { return nil }
        var rest = Substring(line[line.range(of: "Annotations:{")!.upperBound...])
        var result: [String: String] = [:]
        while let equals = rest.firstIndex(of: "=") {
            let key = String(rest[..<equals]).trimmingCharacters(in: .whitespaces)
            rest = rest[rest.index(after: equals)...]
            guard rest.first == "\"" else { return nil }
            var index = rest.index(after: rest.startIndex)
            while index < rest.endIndex, rest[index] != "\"" {
                if rest[index] == "\\" { index = rest.index(after: index) }
                index = rest.index(after: index)
            }
            guard index < rest.endIndex else { return nil }
            let quoted = String(rest[...index])
            result[key] = GoFormat.unquote(quoted)
            rest = rest[rest.index(after: index)...]
            if rest.hasPrefix(", ") { rest = rest.dropFirst(2) } else { break }
        }
        return result
    }
}
