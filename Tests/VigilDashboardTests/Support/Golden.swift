import Foundation
import Testing

/// Compares rendered output with `Testdata/<name>`; `VIGIL_UPDATE_GOLDEN=1` rewrites it.
enum Golden {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Testdata")
    }

    static var updating: Bool { ProcessInfo.processInfo.environment["VIGIL_UPDATE_GOLDEN"] == "1" }

    /// Asset links carry a content hash (`?v=…`) that changes with every CSS edit; goldens
    /// keep a placeholder so that they change only when markup does.
    static func normalized(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let range = rest.firstRange(of: "?v=") {
            out += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            let hex = rest.prefix { $0.isHexDigit }
            if hex.count == 16 {
                out += "VERSION"
                rest = rest.dropFirst(16)
            }
        }
        return out + rest
    }

    static func check(_ rendered: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let actual = normalized(rendered)
        let url = directory.appendingPathComponent(name)
        if updating {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden file Testdata/\(name); run with VIGIL_UPDATE_GOLDEN=1", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let line = Array(zip(a, b)).firstIndex { $0 != $1 } ?? min(a.count, b.count)
            func excerpt(_ lines: [Substring], _ other: [Substring]) -> String {
                guard line < lines.count else { return "<end>" }
                let text = Array(lines[line]), otherText = line < other.count ? Array(other[line]) : []
                let column = Array(zip(text, otherText)).firstIndex { $0 != $1 } ?? min(text.count, otherText.count)
                let from = max(0, column - 60)
                return "…" + String(text[from..<min(text.count, column + 120)]) + "… (column \(column + 1))"
            }
            let want = excerpt(a, b)
            let got = excerpt(b, a)
            Issue.record("Testdata/\(name) differs at line \(line + 1):\n  want: \(want)\n  got:  \(got)\n(VIGIL_UPDATE_GOLDEN=1 rewrites it)", sourceLocation: sourceLocation)
        }
    }

    /// Writes `content` to `$VIGIL_RENDER_SAMPLES/<name>` when that variable names a folder,
    /// with the web assets under `static/`, so the pages can be served and screenshot.
    static func sample(_ content: String, _ name: String) throws {
        guard let folder = ProcessInfo.processInfo.environment["VIGIL_RENDER_SAMPLES"] else { return }
        let root = URL(fileURLWithPath: folder)
        let staticFolder = root.appendingPathComponent("static")
        try FileManager.default.createDirectory(at: staticFolder, withIntermediateDirectories: true)
        for asset in VigilDashboardAssets.all {
            try asset.body.write(to: staticFolder.appendingPathComponent(asset.name), atomically: true, encoding: .utf8)
        }
        try content.write(to: root.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
}

import VigilDashboard

enum VigilDashboardAssets {
    static var all: [WebAssets.Asset] { Array(WebAssets.all.values) }
}
