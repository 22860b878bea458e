import Foundation
import Testing

@testable import VigilDashboard

/// The embedded assets are the files in web/, and lookups cannot leave that set.
@Suite struct WebAssetsTests {
    static var webFolder: URL { YAMLNodes.repositoryRoot.appendingPathComponent("web") }

    static func files() throws -> [String: String] {
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: webFolder.path) where !name.hasPrefix(".") {
            files[name] = try String(contentsOf: webFolder.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }

    /// The Swift source embedding `files`.
    static func generated(_ files: [String: String]) -> String {
        var out = "// Generated from web/ by `VIGIL_UPDATE_GOLDEN=1 swift test --filter WebAssetsTests`. Do not edit.\n\n"
        out += "extension WebAssets {\n    /// File name to contents.\n    static let embedded: [String: String] = [\n"
        for name in files.keys.sorted() {
            var body = files[name]!
            while body.hasSuffix("\n") { body.removeLast() }
            out += "        \"\(name)\": #\"\"\"\n\(body)\n\"\"\"#,\n"
        }
        return out + "    ]\n}\n"
    }

    @Test func embeddedAssetsMatchTheWebFolder() throws {
        let files = try Self.files()
        let source = YAMLNodes.repositoryRoot.appendingPathComponent("Sources/VigilDashboard/Assets/WebAssets+Files.swift")
        if Golden.updating {
            try Self.generated(files).write(to: source, atomically: true, encoding: .utf8)
            return
        }
        #expect(try String(contentsOf: source, encoding: .utf8) == Self.generated(files), "web/ changed: run VIGIL_UPDATE_GOLDEN=1 swift test --filter WebAssetsTests")
        #expect(Set(WebAssets.all.keys) == Set(files.keys))
        for (name, body) in files {
            var trimmed = body
            while trimmed.hasSuffix("\n") { trimmed.removeLast() }
            #expect(WebAssets.all[name]?.body == trimmed, "\(name)")
        }
    }

    @Test(arguments: [
        ("/static/vigil.css", "vigil.css"), ("vigil.js", "vigil.js"), ("/static/chart.css?v=123", "chart.css"), ("/static/favicon.svg", "favicon.svg"),
    ])
    func lookups(_ path: String, _ name: String) {
        #expect(WebAssets.asset(at: path)?.name == name)
    }

    @Test(arguments: [
        "/static/../Package.swift", "/static/%2e%2e/x", "/etc/passwd", "/static/", "/static//vigil.css", "/static/VIGIL.CSS",
        "/static/vigil.css/../vigil.js", "../web/vigil.css", "/static/web/vigil.css", "/static/vigil.css\u{0}",
    ])
    func escapesMiss(_ path: String) {
        #expect(WebAssets.asset(at: path) == nil)
    }

    @Test func assetsHaveTypesAndVersions() throws {
        let css = try #require(WebAssets.asset(at: "/static/vigil.css"))
        #expect(css.contentType == "text/css; charset=utf-8")
        #expect(css.version.count == 16)
        #expect(css.etag == "\"\(css.version)\"")
        #expect(WebAssets.url("vigil.css") == "/static/vigil.css?v=\(css.version)")
        #expect(WebAssets.asset(at: "/static/vigil.js")?.contentType == "text/javascript; charset=utf-8")
        #expect(WebAssets.asset(at: "/static/favicon.svg")?.contentType == "image/svg+xml")
        #expect(!WebAssets.standaloneChartCSS.contains("/*"))
    }
}
