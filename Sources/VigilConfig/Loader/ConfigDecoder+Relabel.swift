import VigilModel

extension ConfigDecoder {
    static let relabelKeys = ["source_labels", "separator", "target_label", "regex", "modulus", "replacement", "action"]

    /// A list of relabel configs (`relabel_configs`, `metric_relabel_configs`, …).
    func relabelConfigs(_ m: ConfigMapping, key: String) -> [RelabelConfig] {
        guard let items = m.list(key) else { return [] }
        return items.compactMap { relabelConfig($0.node, path: $0.path) }
    }

    /// One relabel config with Prometheus' defaults and its checks (model/relabel Config.Validate,
    /// classic label names), reporting the first problem as Prometheus does.
    func relabelConfig(_ node: ConfigNode, path: String) -> RelabelConfig? {
        guard !node.isNull else {
            error("empty or null relabeling rule", at: node.location, path: path)
            return nil
        }
        guard let m = mapping(node, path: path, keys: Self.relabelKeys) else { return nil }
        var config = RelabelConfig()
        config.location = m.location
        let failuresBefore = errors.count

        if let sources = m.list("source_labels") {
            for source in sources {
                guard let name = string(source.node, path: source.path) else { continue }
                if LabelName.isValid(name) {
                    config.sourceLabels.append(name)
                } else {
                    error("\"\(name)\" is not a valid label name", at: source.node.location, path: source.path)
                }
            }
        }
        if let separator = m.string("separator") { config.separator = separator }
        if let target = m.string("target_label") { config.targetLabel = target }
        if let replacement = m.string("replacement") { config.replacement = replacement }
        if let modulus = m.int("modulus", minimum: 0) { config.modulus = UInt64(modulus) }
        if let pattern = m.string("regex") {
            do {
                config.regex = try LabelRegex(pattern)
            } catch {
                m.error(error.description, at: "regex")
            }
        }
        if let action = m.string("action") {
            if action.isEmpty {
                m.error("relabel action cannot be empty", at: "action")
            } else if let parsed = RelabelConfig.Action(rawValue: action.lowercased()) {
                config.action = parsed
            } else {
                m.error("unknown relabel action \"\(action)\"", at: "action")
            }
        }
        guard errors.count == failuresBefore else { return nil }
        if let problem = relabelProblem(config, regexWritten: m.contains("regex"), sourceLabelsWritten: m.contains("source_labels")) {
            m.error(problem.message, at: problem.key)
            return nil
        }
        return config
    }

    /// The first problem Prometheus' relabel.Config.Validate finds, in its order and words.
    private func relabelProblem(_ c: RelabelConfig, regexWritten: Bool, sourceLabelsWritten: Bool) -> (key: String, message: String)? {
        let action = c.action.rawValue
        let defaults = RelabelConfig()
        let needsTarget: Set<RelabelConfig.Action> = [.replace, .hashmod, .lowercase, .uppercase, .keepequal, .dropequal]
        let caseOrEqual: Set<RelabelConfig.Action> = [.lowercase, .uppercase, .keepequal, .dropequal]
        let invalidTarget = "\"\(c.targetLabel)\" is invalid 'target_label' for \(action) action"

        if c.action == .hashmod, c.modulus == 0 {
            return ("modulus", "relabel configuration for hashmod requires non-zero modulus")
        }
        if needsTarget.contains(c.action), c.targetLabel.isEmpty {
            return ("target_label", "relabel configuration for \(action) action requires 'target_label' value")
        }
        if c.action == .replace {
            let valid = c.targetLabel.contains("$")
                ? Self.isValidTemplatedLabelName(c.targetLabel) : LabelName.isValid(c.targetLabel)
            if !valid { return ("target_label", invalidTarget) }
        }
        if caseOrEqual.contains(c.action), !LabelName.isValid(c.targetLabel) {
            return ("target_label", invalidTarget)
        }
        if caseOrEqual.contains(c.action), c.replacement != defaults.replacement {
            return ("replacement", "'replacement' can not be set for \(action) action")
        }
        if c.action == .labelmap, !Self.isValidTemplatedLabelName(c.replacement) {
            return ("replacement", "\"\(c.replacement)\" is invalid 'replacement' for \(action) action")
        }
        if c.action == .hashmod, !LabelName.isValid(c.targetLabel) {
            return ("target_label", invalidTarget)
        }
        if c.action == .keepequal || c.action == .dropequal,
           regexWritten || c.modulus != defaults.modulus || c.separator != defaults.separator
            || c.replacement != defaults.replacement {
            return ("action", "\(action) action requires only 'source_labels' and `target_label`, and no other fields")
        }
        if c.action == .labeldrop || c.action == .labelkeep,
           sourceLabelsWritten || c.targetLabel != defaults.targetLabel || c.modulus != defaults.modulus
            || c.separator != defaults.separator || c.replacement != defaults.replacement {
            return ("action", "\(action) action requires only 'regex', and no other fields")
        }
        return nil
    }

    /// A label name that may contain `$1`, `$name` or `${name}` references: Prometheus'
    /// `relabelTargetLegacy`, `^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$`.
    static func isValidTemplatedLabelName(_ name: String) -> Bool {
        func isWord(_ s: Unicode.Scalar) -> Bool {
            s == "_" || ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s)
        }
        let s = Array(name.unicodeScalars)
        guard let first = s.first, first == "$" || (isWord(first) && !("0"..."9").contains(first)) else { return false }
        var i = 0
        while i < s.count {
            if s[i] == "$" {
                i += 1
                if i < s.count, s[i] == "{" {
                    let start = i + 1
                    i = start
                    while i < s.count, isWord(s[i]) { i += 1 }
                    guard i > start, i < s.count, s[i] == "}" else { return false }
                    i += 1
                } else {
                    let start = i
                    while i < s.count, isWord(s[i]) { i += 1 }
                    guard i > start else { return false }
                }
            } else if isWord(s[i]) {
                i += 1
            } else {
                return false
            }
        }
        return true
    }
}
