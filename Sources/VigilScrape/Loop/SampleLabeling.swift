import VigilConfig
import VigilModel

/// How a scraped series gets its final labels: the target's labels merged in (with
/// `honor_labels` deciding conflicts), then `metric_relabel_configs`, then the checks that
/// fail a scrape. Prometheus' `mutateSampleLabels` and `verifyLabelLimits`.
struct SampleLabeling: Sendable {
    /// Public labels of the target (`job`, `instance`, …).
    var targetLabels: Labels
    var honorLabels: Bool
    var metricRelabelConfigs: [RelabelConfig]
    var limits: LabelLimits

    /// Zero means no limit, as in the config.
    struct LabelLimits: Sendable, Hashable {
        var labelLimit = 0
        var labelNameLengthLimit = 0
        var labelValueLengthLimit = 0
    }

    /// The final labels of an exposed series, or nil when relabeling dropped it.
    func finalLabels(_ exposed: Labels) -> Labels? {
        var builder = LabelsBuilder(exposed)
        if honorLabels {
            // Exposed labels win; target labels fill in what is missing.
            for label in targetLabels where exposed[label.name] == nil {
                builder.set(label.name, label.value)
            }
        } else {
            // Target labels win; exposed values move to `exported_<name>`, shortest names
            // first, adding more `exported_` prefixes while a name is taken.
            var conflicts: [Label] = []
            for label in targetLabels {
                if let existing = exposed[label.name] { conflicts.append(Label(label.name, existing)) }
                builder.set(label.name, label.value)
            }
            if !conflicts.isEmpty {
                for conflict in conflicts.enumerated().sorted(by: {
                    ($0.element.name.utf8.count, $0.offset) < ($1.element.name.utf8.count, $1.offset)
                }).map(\.element) {
                    var name = conflict.name
                    repeat { name = "exported_" + name } while builder[name] != nil
                    builder.set(name, conflict.value)
                }
            }
        }
        guard Relabeler.process(&builder, metricRelabelConfigs) else { return nil }
        let labels = builder.labels
        return labels.isEmpty ? nil : labels
    }

    /// Why a series fails the scrape: no metric name, or over a label limit. Nil if fine.
    func violation(_ labels: Labels) -> ScrapeFailure? {
        guard let name = labels.metricName, !name.isEmpty else {
            return ScrapeFailure(.invalidSeries, "missing metric name (__name__ label)")
        }
        if labels.contains(where: { $0.name.isEmpty }) {
            return ScrapeFailure(.invalidSeries, "invalid metric name or label names: \(labels)")
        }
        let metric = Self.truncated(name)
        if limits.labelLimit > 0, labels.count > limits.labelLimit {
            return ScrapeFailure(
                .labelLimit,
                "label_limit exceeded (metric: \(metric), number of labels: \(labels.count), limit: \(limits.labelLimit))")
        }
        guard limits.labelNameLengthLimit > 0 || limits.labelValueLengthLimit > 0 else { return nil }
        for label in labels {
            let nameLength = label.name.utf8.count
            if limits.labelNameLengthLimit > 0, nameLength > limits.labelNameLengthLimit {
                return ScrapeFailure(
                    .labelLimit,
                    "label_name_length_limit exceeded (metric: \(metric), label name: \(Self.truncated(label.name)), length: \(nameLength), limit: \(limits.labelNameLengthLimit))")
            }
            let valueLength = label.value.utf8.count
            if limits.labelValueLengthLimit > 0, valueLength > limits.labelValueLengthLimit {
                return ScrapeFailure(
                    .labelLimit,
                    "label_value_length_limit exceeded (metric: \(metric), label name: \(Self.truncated(label.name)), value: \(LabelValue.quoted(Self.truncated(label.value))), length: \(valueLength), limit: \(limits.labelValueLengthLimit))")
            }
        }
        return nil
    }

    /// Go's `%.50s`: at most 50 runes (Unicode scalars).
    static func truncated(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > 50 else { return text }
        return String(String.UnicodeScalarView(scalars.prefix(50)))
    }
}
