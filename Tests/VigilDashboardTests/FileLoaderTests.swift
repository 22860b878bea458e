import Foundation
import Testing
import VigilConfig

@testable import VigilDashboard

/// Dashboards from the config file: inline ones and `dashboard_files` globs.
@Suite struct FileLoaderTests {
    static func parse(_ text: String, _ file: String) throws -> ConfigNode? {
        try YAMLNodes.parse(text, file: file)
    }

    @Test func shippedConfigLoadsItsDashboards() throws {
        let file = YAMLNodes.repositoryRoot.appendingPathComponent("config/vigil.yml").path
        let config = try ConfigLoader.load(file: file, environment: [:]).config
        let (catalog, warnings) = try DashboardFileLoader.load(config, parseYAML: Self.parse)
        #expect(warnings.isEmpty)
        #expect(catalog["ml-service"]?.title == "ML service")
        #expect(catalog["vigil"] != nil)
    }

    @Test func globsInlineDashboardsAndErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-dash-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("boards"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "title: From file\npanels: [{expr: up}]\n".write(to: folder.appendingPathComponent("boards/a.yml"), atomically: true, encoding: .utf8)
        var config = VigilConfiguration(file: folder.appendingPathComponent("vigil.yml").path)
        config.dashboardFiles = ["boards/*.yml", "missing/*.yml"]
        config.dashboards = [try YAMLNodes.parse("{title: Inline, panels: [{expr: up}]}", file: "vigil.yml")]
        let (catalog, warnings) = try DashboardFileLoader.load(config, parseYAML: Self.parse)
        #expect(catalog.dashboards.map(\.uid) == ["inline", "from-file"])
        #expect(warnings.count == 1 && warnings[0].hasSuffix("no dashboard files match \"missing/*.yml\""))

        try "title: Broken\npanels: [{expr: up, width: 99}]\n".write(to: folder.appendingPathComponent("boards/b.yml"), atomically: true, encoding: .utf8)
        do {
            _ = try DashboardFileLoader.load(config, parseYAML: Self.parse)
            Issue.record("a broken file must fail the load")
        } catch {
            #expect(error.description == "\(folder.path)/boards/b.yml:2:28: width must be between 1 and 24, not 99")
        }
    }
}
