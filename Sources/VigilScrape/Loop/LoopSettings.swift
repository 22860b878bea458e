import VigilConfig
import VigilModel

/// The parts of a `ScrapeConfig` a running loop uses (targets carry the rest in labels).
/// Loops of a pool keep running across a reload only while these are unchanged.
struct LoopSettings: Sendable, Hashable {
    var http: HTTPClientConfig
    var bodySizeLimitBytes: Int64
    var sampleLimit: Int
    var labelLimits: SampleLabeling.LabelLimits
    var honorLabels: Bool
    var honorTimestamps: Bool
    var metricRelabelConfigs: [RelabelConfig]

    init(_ config: ScrapeConfig) {
        http = config.http
        bodySizeLimitBytes = config.bodySizeLimitBytes
        sampleLimit = config.sampleLimit
        labelLimits = SampleLabeling.LabelLimits(
            labelLimit: config.labelLimit, labelNameLengthLimit: config.labelNameLengthLimit,
            labelValueLengthLimit: config.labelValueLengthLimit)
        honorLabels = config.honorLabels
        honorTimestamps = config.honorTimestamps
        metricRelabelConfigs = config.metricRelabelConfigs
    }

    /// Whether a loop's cached final labels stay valid under `other` (Prometheus'
    /// `reusableCache`: only HTTP settings and the sample limit may differ).
    func cacheIsReusable(under other: LoopSettings) -> Bool {
        honorLabels == other.honorLabels && honorTimestamps == other.honorTimestamps
            && metricRelabelConfigs == other.metricRelabelConfigs && labelLimits == other.labelLimits
    }
}
