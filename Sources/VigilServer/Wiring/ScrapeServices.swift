import Logging
import VigilConfig
import VigilModel
import VigilScrape

/// Scraping and the push API, configured from the config and re-configured on reload.
struct ScrapeServices: ConfigSubscriber {
    let manager: ScrapeManager
    let push: PushGroupStore

    init(config: VigilConfiguration, appender: any Appender, dataDirectory: String) {
        push = PushGroupStore(
            appender: appender, file: dataDirectory + "/push-groups.json", defaultTTL: config.push.defaultTTL,
            interval: config.push.interval ?? config.global.scrapeInterval, logger: Logger(label: "vigil.push"))
        manager = ScrapeManager(
            appender: appender,
            options: ScrapeOptions(
                userAgent: "Vigil/\(BuildInfo.version)",
                offsetSeed: ScrapeOptions.offsetSeed(hostname: Host.name, externalLabels: config.global.externalLabels)),
            pushStore: push, logger: Logger(label: "vigil.scrape"))
    }

    func apply(_ config: VigilConfiguration) async {
        await push.configure(defaultTTL: config.push.defaultTTL, interval: config.push.interval ?? config.global.scrapeInterval)
        await manager.apply(config.scrapeConfigs, baseDirectory: config.directory)
    }
}
