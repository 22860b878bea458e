import VigilModel

/// Synthetic metrics written as one OpenMetrics backfill file and loaded into both the
/// reference Prometheus and Vigil. Families keep their metrics, metrics their points in time
/// order, so the file is valid OpenMetrics (families contiguous, one group per timestamp)
/// and sorted per series by time, as `promtool tsdb create-blocks-from openmetrics` needs.
struct Dataset: Sendable {
    /// The OpenMetrics type of a family, spelled as on its `# TYPE` line.
    enum FamilyType: String, Sendable {
        case counter, gauge, histogram, summary, unknown
    }

    /// One sample line of a point: the name suffix (`_total`, `_bucket`, `""`), an extra
    /// label (`le` or `quantile`) and the value.
    struct Line: Sendable {
        var suffix: String
        var extraLabel: Label?
        var value: Double
    }

    /// Everything a metric exposes at one timestamp (an OpenMetrics MetricPoint).
    struct Point: Sendable {
        var timestamp: Timestamp
        var lines: [Line]
    }

    /// One metric of a family: its labels (no name) and its points in time order.
    struct Metric: Sendable {
        var labels: [Label]
        var points: [Point]
    }

    /// A metric family as exposed: name without suffixes, type, help text and metrics.
    struct Family: Sendable {
        var name: String
        var type: FamilyType
        var help: String
        var metrics: [Metric]
    }

    var families: [Family]

    /// Every stored series: full label set (with `__name__`) and its samples, sorted by labels.
    var series: [(labels: Labels, samples: [Sample])] {
        var result: [Labels: [Sample]] = [:]
        for family in families {
            for metric in family.metrics {
                // Label sets per line kind, built once per metric rather than per sample.
                var labelsByLine: [String: Labels] = [:]
                for point in metric.points {
                    for line in point.lines {
                        let key = line.suffix + "\u{0}" + (line.extraLabel.map { "\($0.name)=\($0.value)" } ?? "")
                        let labels = labelsByLine[key] ?? {
                            var builder = LabelsBuilder()
                            builder.set(LabelName.metric, family.name + line.suffix)
                            for label in metric.labels { builder.set(label.name, label.value) }
                            if let extra = line.extraLabel { builder.set(extra.name, extra.value) }
                            labelsByLine[key] = builder.labels
                            return builder.labels
                        }()
                        result[labels, default: []].append(Sample(t: point.timestamp, v: line.value))
                    }
                }
            }
        }
        return result.map { ($0.key, $0.value) }.sorted { $0.labels < $1.labels }
    }
}
