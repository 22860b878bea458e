/// Reads rule files in Prometheus' format (`groups:` of recording and alerting rules).
///
/// Structure and names are checked here with promtool's messages; the PromQL in `expr` and
/// the templates in labels and annotations are checked by VigilRules, which places its
/// errors with `RuleConfig.exprLocation` / `location(ofExprOffset:)`.
public enum RuleFileLoader {
    /// Reads and checks one rule file.
    public static func load(file: String) throws(ConfigError) -> RuleFileConfig {
        try parse(yaml: ConfigFiles.read(file), file: file).file
    }

    /// Checks rule-file text as if read from `file`, with the warnings found.
    public static func parse(yaml: String, file: String) throws(ConfigError) -> (file: RuleFileConfig, warnings: [ConfigWarning]) {
        let (root, readWarnings) = try YAMLDocument.read(yaml: yaml, file: file)
        let decoder = ConfigDecoder(file: file)
        readWarnings.forEach { decoder.warning($0.message, at: $0.location, path: $0.keyPath) }
        var groups: [RuleGroupConfig] = []
        if let root {
            if root.entries == nil, !root.isNull {
                decoder.error("expected a mapping with groups at the top of the rule file, got \(root.kindDescription)",
                              at: root.location, path: "")
            } else if let top = decoder.mapping(root, path: "", keys: ["groups"]) {
                groups = decoder.ruleGroups(top, key: "groups")
            }
        }
        try decoder.finish()
        return (RuleFileConfig(file: file, groups: groups), decoder.sortedWarnings)
    }

    /// Expands `patterns` (globs, relative to `directory`) and reads every file they match,
    /// each once, in pattern order. Problems of all files come together in one error. A
    /// pattern that matches nothing gives a warning, as promtool's check does.
    public static func loadAll(_ patterns: [String], relativeTo directory: String, reportingAt configFile: String)
        throws(ConfigError) -> LoadedRuleFiles
    {
        var result = LoadedRuleFiles()
        var problems: [ConfigError] = []
        var seen: Set<String> = []
        let at = ConfigLocation(file: configFile, line: 0, column: 0)
        for pattern in patterns {
            let files: [String]
            do {
                files = try Glob.expand(pattern, relativeTo: directory)
            } catch {
                problems.append(ConfigError(at: at, keyPath: "rule_files", message: error.description))
                continue
            }
            if files.isEmpty {
                result.warnings.append(ConfigWarning(at: at, keyPath: "rule_files", message: "no rule files match \"\(pattern)\""))
            }
            for file in files where seen.insert(file).inserted {
                do {
                    let (rules, warnings) = try parse(yaml: ConfigFiles.read(file), file: file)
                    result.files.append(rules)
                    result.warnings += warnings
                } catch {
                    problems.append(error)
                }
            }
        }
        if let combined = ConfigError(combining: problems) { throw combined }
        return result
    }

    /// The rule files of a loaded config (`rule_files`, relative to its folder).
    public static func loadAll(for config: VigilConfiguration) throws(ConfigError) -> LoadedRuleFiles {
        try loadAll(config.ruleFiles, relativeTo: config.directory, reportingAt: config.file)
    }
}

/// Rule files read by `RuleFileLoader.loadAll`.
public struct LoadedRuleFiles: Sendable, Hashable {
    public var files: [RuleFileConfig] = []
    public var warnings: [ConfigWarning] = []

    public init(files: [RuleFileConfig] = [], warnings: [ConfigWarning] = []) {
        self.files = files
        self.warnings = warnings
    }
}
