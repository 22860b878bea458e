import VigilModel

/// The series Prometheus writes for every scrape of a target, in the order it writes
/// them (docs: "Automatically generated labels and time series").
public enum ReportSeries: Int, CaseIterable, Sendable {
    case up
    case duration
    case samplesScraped
    case samplesPostMetricRelabeling
    case seriesAdded

    /// The metric name.
    public var name: String {
        switch self {
        case .up: "up"
        case .duration: "scrape_duration_seconds"
        case .samplesScraped: "scrape_samples_scraped"
        case .samplesPostMetricRelabeling: "scrape_samples_post_metric_relabeling"
        case .seriesAdded: "scrape_series_added"
        }
    }

    /// TYPE, HELP and UNIT as Prometheus declares them.
    public var metadata: MetricMetadata {
        switch self {
        case .up:
            MetricMetadata(type: .gauge, help: "Health of the scrape target. 1 means the target is healthy, 0 if the scrape failed.", unit: "targets")
        case .duration: MetricMetadata(type: .gauge, help: "Duration of the last scrape in seconds.", unit: "seconds")
        case .samplesScraped: MetricMetadata(type: .gauge, help: "Number of samples last scraped.", unit: "samples")
        case .samplesPostMetricRelabeling:
            MetricMetadata(type: .gauge, help: "Number of samples remaining after metric relabeling was applied.", unit: "samples")
        case .seriesAdded: MetricMetadata(type: .gauge, help: "Number of series in the last scrape.", unit: "series")
        }
    }

    /// The series' labels for a target: the name plus the target's public labels, which
    /// win over nothing (Prometheus' `mutateReportSampleLabels`).
    public func labels(for targetLabels: Labels) -> Labels {
        var pairs = targetLabels.pairs.filter { $0.name != LabelName.metric }
        pairs.append(Label(LabelName.metric, name))
        return Labels(pairs)
    }
}
