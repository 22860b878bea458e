import VigilModel

extension ConfigDecoder {
    static let globalKeys = [
        "scrape_interval", "scrape_timeout", "evaluation_interval", "external_labels", "rule_query_offset",
        "query_log_file", "sample_limit", "label_limit", "label_name_length_limit", "label_value_length_limit",
        "body_size_limit",
    ]

    /// `global:` with Prometheus' defaults and checks (config.GlobalConfig.UnmarshalYAML).
    func globalConfig(_ m: ConfigMapping, environment: [String: String]) -> GlobalConfig {
        var global = GlobalConfig()
        let defaults = GlobalConfig()
        // As Prometheus: a zero interval means the default; the timeout may not exceed the
        // interval; an unset timeout is 10s, capped to the interval when that is smaller.
        if let interval = m.duration("scrape_interval"), interval > .zero { global.scrapeInterval = interval }
        let timeout = m.duration("scrape_timeout") ?? .zero
        if timeout > global.scrapeInterval {
            m.error("global scrape timeout greater than scrape interval", at: "scrape_timeout")
        }
        global.scrapeTimeout = timeout > .zero ? timeout : min(defaults.scrapeTimeout, global.scrapeInterval)
        if let evaluation = m.duration("evaluation_interval"), evaluation > .zero { global.evaluationInterval = evaluation }
        if let offset = m.duration("rule_query_offset") { global.ruleQueryOffset = offset }
        if let external = m.stringMap("external_labels") {
            global.externalLabels = externalLabels(external, path: m.path("external_labels"), environment: environment)
        }
        if let queryLog = m.string("query_log_file") {
            global.queryLogFile = queryLog
            m.decoder.warning("query_log_file is ignored by Vigil (queries are not logged to a file)",
                              at: m.keyLocation(of: "query_log_file"), path: m.path("query_log_file"))
        }
        global.sampleLimit = m.int("sample_limit", minimum: 0) ?? 0
        global.labelLimit = m.int("label_limit", minimum: 0) ?? 0
        global.labelNameLengthLimit = m.int("label_name_length_limit", minimum: 0) ?? 0
        global.labelValueLengthLimit = m.int("label_value_length_limit", minimum: 0) ?? 0
        global.bodySizeLimitBytes = m.byteSize("body_size_limit") ?? 0
        return global
    }

    /// External labels: valid names, then `$VAR`/`${VAR}` expanded from the environment
    /// (`$$` is a dollar sign), as Prometheus' config.Load does with `os.Expand`.
    private func externalLabels(_ entries: [ConfigStringEntry], path: String, environment: [String: String]) -> Labels {
        var labels: [Label] = []
        for entry in entries {
            let entryPath = ConfigMapping.join(path, entry.key)
            guard LabelName.isValid(entry.key) else {
                error("\"\(entry.key)\" is not a valid label name", at: entry.keyLocation, path: entryPath)
                continue
            }
            let value = EnvironmentExpansion.expand(entry.value) { name in
                if let value = environment[name], !value.isEmpty { return value }
                warning("empty environment variable \"\(name)\" in external label \"\(entry.key)\"",
                        at: entry.valueLocation, path: entryPath)
                return ""
            }
            labels.append(Label(entry.key, value))
        }
        return Labels(labels)
    }

    /// Checks label names of a `labels:` mapping and builds the label set (empty values dropped).
    func labelSet(_ entries: [ConfigStringEntry], path: String) -> Labels {
        var labels: [Label] = []
        for entry in entries {
            guard LabelName.isValid(entry.key) else {
                error("\"\(entry.key)\" is not a valid label name", at: entry.keyLocation, path: ConfigMapping.join(path, entry.key))
                continue
            }
            labels.append(Label(entry.key, entry.value))
        }
        return Labels(labels)
    }
}

/// Go's `os.Expand`: `$name` and `${name}` replaced by `lookup(name)`; `$$` gives `$`
/// (a special one-character name that Prometheus maps to `$`); a `$` not followed by a name
/// stays; bad `${…}` syntax is dropped.
enum EnvironmentExpansion {
    static func expand(_ text: String, lookup: (String) -> String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "$", index + 1 < scalars.count else {
                out.append(scalars[index])
                index += 1
                continue
            }
            let (name, width) = shellName(scalars, from: index + 1)
            if name.isEmpty && width > 0 {
                // Invalid syntax such as "${}": eaten, as os.Expand does.
            } else if name.isEmpty {
                out.append("$")
            } else if name == "$" {
                out.append("$")
            } else {
                out.append(contentsOf: lookup(name).unicodeScalars)
            }
            index += 1 + width
        }
        return String(out)
    }

    private static func isShellSpecial(_ s: Unicode.Scalar) -> Bool {
        "*#$@!?-".unicodeScalars.contains(s) || ("0"..."9").contains(s)
    }

    private static func isNameScalar(_ s: Unicode.Scalar) -> Bool {
        s == "_" || ("0"..."9").contains(s) || ("a"..."z").contains(s) || ("A"..."Z").contains(s)
    }

    /// The name after a `$` and how many scalars it spans (os.Expand's getShellName).
    private static func shellName(_ s: [Unicode.Scalar], from start: Int) -> (String, Int) {
        if s[start] == "{" {
            if start + 2 < s.count, isShellSpecial(s[start + 1]), s[start + 2] == "}" {
                return (String(s[start + 1]), 3)
            }
            var end = start + 1
            while end < s.count, s[end] != "}" { end += 1 }
            if end == s.count { return ("", 1) }
            if end == start + 1 { return ("", 2) }
            return (String(String.UnicodeScalarView(s[(start + 1)..<end])), end - start + 1)
        }
        if isShellSpecial(s[start]) { return (String(s[start]), 1) }
        var end = start
        while end < s.count, isNameScalar(s[end]) { end += 1 }
        return (String(String.UnicodeScalarView(s[start..<end])), end - start)
    }
}
