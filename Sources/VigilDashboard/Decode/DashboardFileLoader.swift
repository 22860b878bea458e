import Foundation
import VigilConfig

/// Loads every dashboard of a configuration: the inline `dashboards:` entries and the
/// files `dashboard_files` globs match (relative to the config file's folder, as
/// `rule_files`). Run it on each (re)load; on error keep serving the previous catalog.
public enum DashboardFileLoader {
    /// Parses YAML text read from `file` into positioned nodes (VigilConfig's reader);
    /// nil for an empty file.
    public typealias ParseYAML = (_ text: String, _ file: String) throws -> ConfigNode?

    /// The catalog and the warnings found (a glob that matches no file).
    public static func load(
        _ config: VigilConfiguration, parseYAML: ParseYAML, checkQuery: QueryCheck? = nil
    ) throws(DashboardError) -> (catalog: DashboardCatalog, warnings: [String]) {
        let directory = ConfigPaths.directory(of: config.file)
        var problems: [DashboardError.Problem] = []
        var warnings: [String] = []
        var files: [ConfigNode] = []
        var seen: Set<String> = []
        let at = ConfigLocation(file: config.file, line: 0, column: 0)
        for pattern in config.dashboardFiles {
            let paths: [String]
            do {
                paths = try Glob.expand(pattern, relativeTo: directory)
            } catch {
                problems.append(.init("dashboard_files: \(error.description)", at: at))
                continue
            }
            if paths.isEmpty { warnings.append("\(config.file): no dashboard files match \"\(pattern)\"") }
            for path in paths where seen.insert(path).inserted {
                do {
                    let text = try String(contentsOfFile: path, encoding: .utf8)
                    if let node = try parseYAML(text, path) { files.append(node) }
                } catch let error as DashboardError {
                    problems += error.problems
                } catch {
                    problems.append(.init("\(error)", at: ConfigLocation(file: path, line: 0, column: 0)))
                }
            }
        }
        let catalog: DashboardCatalog
        do {
            catalog = try DashboardCatalog.decode(inline: config.dashboards, files: files, checkQuery: checkQuery)
        } catch {
            throw DashboardError(problems: problems + error.problems)
        }
        guard problems.isEmpty else { throw DashboardError(problems: problems) }
        return (catalog, warnings)
    }
}
