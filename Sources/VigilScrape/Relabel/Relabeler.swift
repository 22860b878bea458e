import VigilConfig
import VigilModel

/// Applies `relabel_configs` / `metric_relabel_configs` exactly as Prometheus'
/// `model/relabel.ProcessBuilder` does: the steps run in order on one label set, and a
/// `keep`, `drop`, `keepequal` or `dropequal` that rejects the set stops processing.
///
/// Label names are validated with Prometheus 3's default UTF-8 scheme: any non-empty name
/// is accepted as a `replace` target.
public enum Relabeler {
    /// The relabeled set, or nil when a step dropped it. An empty result is also a drop for
    /// targets (Prometheus treats a target without labels as dropped); callers decide.
    public static func process(_ labels: Labels, _ configs: [RelabelConfig]) -> Labels? {
        if configs.isEmpty { return labels }
        var builder = LabelsBuilder(labels)
        guard process(&builder, configs) else { return nil }
        return builder.labels
    }

    /// Applies `configs` to `builder` in place; false when a step dropped the set (the
    /// builder then holds the state reached before the dropping step).
    public static func process(_ builder: inout LabelsBuilder, _ configs: [RelabelConfig]) -> Bool {
        for config in configs where !apply(config, to: &builder) {
            return false
        }
        return true
    }

    /// Applies one step; false when it dropped the set.
    public static func apply(_ config: RelabelConfig, to builder: inout LabelsBuilder) -> Bool {
        let value = sourceValue(config, builder)
        switch config.action {
        case .drop:
            if config.regex.matches(value) { return false }
        case .keep:
            if !config.regex.matches(value) { return false }
        case .dropequal:
            if (builder[config.targetLabel] ?? "") == value { return false }
        case .keepequal:
            if (builder[config.targetLabel] ?? "") != value { return false }
        case .replace:
            replace(config, value, &builder)
        case .lowercase:
            builder.set(config.targetLabel, value.lowercased())
        case .uppercase:
            builder.set(config.targetLabel, value.uppercased())
        case .hashmod:
            guard config.modulus > 0 else { break }
            builder.set(config.targetLabel, String(hashMod(value, config.modulus)))
        case .labelmap:
            // Iterate a snapshot in label order, as Prometheus' Builder.Range does, so
            // renamed labels are not themselves renamed again in the same step.
            for label in builder.labels.pairs {
                guard let groups = config.regex.captures(label.name) else { continue }
                let newName = config.regex.expand(config.replacement, groups: groups)
                builder.set(newName, label.value)
            }
        case .labeldrop:
            for label in builder.labels.pairs where config.regex.matches(label.name) {
                builder.delete(label.name)
            }
        case .labelkeep:
            for label in builder.labels.pairs where !config.regex.matches(label.name) {
                builder.delete(label.name)
            }
        }
        return true
    }

    /// Prometheus' hashmod: the last 8 bytes of the MD5 of `value`, big-endian, modulo `modulus`.
    public static func hashMod(_ value: String, _ modulus: UInt64) -> UInt64 {
        let digest = MD5.digest(value.utf8)
        var tail: UInt64 = 0
        for byte in digest[8..<16] { tail = tail << 8 | UInt64(byte) }
        return tail % modulus
    }

    // MARK: - Private

    private static func sourceValue(_ config: RelabelConfig, _ builder: LabelsBuilder) -> String {
        switch config.sourceLabels.count {
        case 0: return ""
        case 1: return builder[config.sourceLabels[0]] ?? ""
        default: return config.sourceLabels.map { builder[$0] ?? "" }.joined(separator: config.separator)
        }
    }

    private static let defaultRegexPattern = "(.*)"

    private static func replace(_ config: RelabelConfig, _ value: String, _ builder: inout LabelsBuilder) {
        // As Prometheus' fast path: with the default regex and no `$` in the target or the
        // replacement, an empty source sets the target to the replacement verbatim.
        if value.isEmpty, config.regex.pattern == defaultRegexPattern,
            !config.targetLabel.contains("$"), !config.replacement.contains("$")
        {
            builder.set(config.targetLabel, config.replacement)
            return
        }
        // No match means no replacement.
        guard let groups = config.regex.captures(value) else { return }
        let target = config.regex.expand(config.targetLabel, groups: groups)
        guard isValidLabelName(target) else { return }
        let result = config.regex.expand(config.replacement, groups: groups)
        if result.isEmpty {
            builder.delete(target)
        } else {
            builder.set(target, result)
        }
    }

    /// Prometheus 3's UTF-8 validation: a name is valid when it is non-empty.
    static func isValidLabelName(_ name: String) -> Bool { !name.isEmpty }
}
