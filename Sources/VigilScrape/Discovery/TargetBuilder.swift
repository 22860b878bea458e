import VigilConfig
import VigilModel

/// Turns discovered target groups into targets, as Prometheus' `PopulateLabels` and
/// `TargetsFromGroup`: defaults from the scrape config, `relabel_configs`, validation,
/// removal of `__meta_*` labels and the `instance` default.
public enum TargetBuilder {
    /// What became of one discovered target.
    public enum Outcome: Sendable, Hashable {
        case active(Target)
        /// Dropped by relabeling (kept for `/api/v1/targets` `droppedTargets`).
        case dropped(discoveredLabels: Labels)
        /// Invalid after relabeling (no address, bad interval, ...): logged, not shown.
        case failed(discoveredLabels: Labels, message: String)
    }

    /// The outcome of every target of `group` under `config`, in group order.
    public static func targets(from group: TargetGroup, config: ScrapeConfig) -> [Outcome] {
        group.targets.enumerated().map { index, targetLabels in
            let discovered = discoveredLabels(targetLabels, groupLabels: group.labels, config: config)
            switch populate(discovered, config: config) {
            case .success(let target): return target.map(Outcome.active) ?? .dropped(discoveredLabels: discovered)
            case .failure(let error):
                return .failed(discoveredLabels: discovered, message: "instance \(index) in group \(group.source): \(error.message)")
            }
        }
    }

    /// Target labels, then group labels the target does not set, then the config's
    /// defaults for labels still unset (`job`, `__scrape_interval__`, `__scrape_timeout__`,
    /// `__metrics_path__`, `__scheme__`, `__param_<name>`).
    public static func discoveredLabels(_ targetLabels: Labels, groupLabels: Labels, config: ScrapeConfig) -> Labels {
        var builder = LabelsBuilder(groupLabels)
        for label in targetLabels { builder.set(label.name, label.value) }
        let defaults: [(String, String)] = [
            (LabelName.job, config.jobName),
            (LabelName.scrapeInterval, PromDuration.format(config.scrapeInterval.inMilliseconds)),
            (LabelName.scrapeTimeout, PromDuration.format(config.scrapeTimeout.inMilliseconds)),
            (LabelName.metricsPath, config.metricsPath),
            (LabelName.scheme, config.scheme),
        ]
        for (name, value) in defaults where builder[name] == nil {
            builder.set(name, value)
        }
        for (key, values) in config.params {
            let name = LabelName.paramPrefix + key
            if let first = values.first, builder[name] == nil { builder.set(name, first) }
        }
        return builder.labels
    }

    /// Why a discovered target cannot be scraped.
    public struct Failure: Error, Sendable, Hashable {
        public var message: String
    }

    /// Relabels and validates discovered labels: a target, nil when relabeling dropped it,
    /// or why it is invalid.
    public static func populate(_ discovered: Labels, config: ScrapeConfig) -> Result<Target?, Failure> {
        var builder = LabelsBuilder(discovered)
        guard Relabeler.process(&builder, config.relabelConfigs) else { return .success(nil) }
        guard let address = builder[LabelName.address] else { return .failure(Failure(message: "no address")) }
        if address.contains("/") {
            return .failure(Failure(message: "\"\(address)\" is not a valid hostname"))
        }
        let intervalText = builder[LabelName.scrapeInterval] ?? ""
        let timeoutText = builder[LabelName.scrapeTimeout] ?? ""
        let interval: Int64
        let timeout: Int64
        do {
            interval = try PromDuration.parse(intervalText)
        } catch {
            return .failure(Failure(message: "error parsing scrape interval: \(error)"))
        }
        if interval == 0 { return .failure(Failure(message: "scrape interval cannot be 0")) }
        do {
            timeout = try PromDuration.parse(timeoutText)
        } catch {
            return .failure(Failure(message: "error parsing scrape timeout: \(error)"))
        }
        if timeout == 0 { return .failure(Failure(message: "scrape timeout cannot be 0")) }
        if timeout > interval {
            return .failure(Failure(message: "scrape timeout cannot be greater than scrape interval (\"\(timeoutText)\" > \"\(intervalText)\")"))
        }
        // Meta labels are gone after relabeling; other internal labels stay on the target.
        for name in Array(builder.names) where name.hasPrefix(LabelName.metaPrefix) {
            builder.delete(name)
        }
        if builder[LabelName.instance] == nil { builder.set(LabelName.instance, address) }
        let target = Target(
            scrapePool: config.jobName, labels: builder.labels, discoveredLabels: discovered, params: config.params,
            interval: .milliseconds(interval), timeout: .milliseconds(timeout))
        return .success(target)
    }
}
