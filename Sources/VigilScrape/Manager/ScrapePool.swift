import VigilConfig
import VigilModel

/// One `scrape_configs` entry while it runs: its discovered groups and its loops.
/// Owned by the `ScrapeManager` actor.
struct ScrapePool {
    /// A running loop and the task driving it.
    struct LoopHandle {
        let loop: ScrapeLoop
        let task: Task<Void, Never>
    }

    var config: ScrapeConfig
    var settings: LoopSettings
    var baseDirectory: String
    /// Changes whenever discovery restarts, so that late updates of stopped providers
    /// are ignored.
    var discoveryGeneration: Int
    /// Groups by provider (`static`, `file:<index>`), in provider order.
    var groups: [String: [TargetGroup]] = [:]
    var providerOrder: [String] = []
    var providerTasks: [Task<Void, Never>] = []
    var loops: [UInt64: LoopHandle] = [:]
    var dropped: [Labels] = []

    init(config: ScrapeConfig, baseDirectory: String, discoveryGeneration: Int) {
        self.config = config
        self.settings = LoopSettings(config)
        self.baseDirectory = baseDirectory
        self.discoveryGeneration = discoveryGeneration
    }

    /// Whether `other` discovers targets differently (then discovery restarts).
    func discoveryDiffers(from other: ScrapeConfig, baseDirectory: String) -> Bool {
        config.staticConfigs != other.staticConfigs || config.fileSDConfigs != other.fileSDConfigs
            || self.baseDirectory != baseDirectory
    }

    /// The groups of the static configs: one per entry, sourced by its index.
    static func staticGroups(_ config: ScrapeConfig) -> [TargetGroup] {
        config.staticConfigs.enumerated().map { index, entry in
            TargetGroup(source: String(index), addresses: entry.targets, labels: entry.labels)
        }
    }

    /// Every target the groups yield under the pool's config: active ones deduplicated
    /// by identity (first wins), dropped ones, and failures.
    func resolveTargets() -> (active: [Target], dropped: [Labels], failures: [String]) {
        var active: [Target] = []
        var seen = Set<UInt64>()
        var dropped: [Labels] = []
        var failures: [String] = []
        for provider in providerOrder {
            for group in groups[provider] ?? [] {
                for outcome in TargetBuilder.targets(from: group, config: config) {
                    switch outcome {
                    case .active(let target):
                        if seen.insert(target.identity).inserted { active.append(target) }
                    case .dropped(let labels): dropped.append(labels)
                    case .failed(_, let message): failures.append(message)
                    }
                }
            }
        }
        return (active, dropped, failures)
    }
}
