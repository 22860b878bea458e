import VigilModel

extension ScrapeManager {
    /// Active and dropped targets for `/api/v1/targets`, pools sorted by name and targets
    /// by URL. `scrapePool` restricts both lists to one pool.
    public func targetsSnapshot(
        state: TargetStateFilter = .any, scrapePool: String? = nil, globalURL: GlobalURLOptions? = nil
    ) async -> TargetDiscovery {
        var result = TargetDiscovery(activeTargets: [], droppedTargets: [], droppedTargetCounts: nil)
        let names = pools.keys.sorted().filter { scrapePool == nil || scrapePool == "" || $0 == scrapePool }
        if state.showsActive {
            for name in names {
                for status in await statuses(of: name) {
                    let target = status.target
                    result.activeTargets.append(ActiveTarget(
                        discoveredLabels: LabelsJSON(target.discoveredLabels), labels: LabelsJSON(target.publicLabels),
                        scrapePool: name, scrapeUrl: target.url, globalUrl: globalURL?.globalURL(target.url) ?? target.url,
                        lastError: status.lastError, lastScrape: RFC3339.format(status.lastScrape),
                        lastScrapeDuration: status.lastScrapeDuration.inSeconds, health: status.health.rawValue,
                        scrapeInterval: target[label: LabelName.scrapeInterval], scrapeTimeout: target[label: LabelName.scrapeTimeout]))
                }
            }
        }
        if state.showsDropped {
            result.droppedTargetCounts = pools.mapValues { $0.dropped.count }
            for name in names {
                for labels in pools[name]?.dropped ?? [] {
                    result.droppedTargets.append(DroppedTarget(discoveredLabels: LabelsJSON(labels), scrapePool: name))
                }
            }
        }
        return result
    }

    /// The status of every active target of a pool, sorted by URL.
    public func statuses(of pool: String) async -> [TargetStatus] {
        var statuses: [TargetStatus] = []
        for loop in loops(of: pool) { statuses.append(await loop.currentStatus()) }
        return statuses.sorted { ($0.target.url, $0.target.publicLabels) < ($1.target.url, $1.target.publicLabels) }
    }

    /// `/api/v1/targets/metadata`: metadata per target whose labels match every matcher,
    /// for one family (`metric`) or all. As Prometheus, `limit` is checked before each
    /// target, so it bounds the targets matched, not the entries.
    public func targetMetadata(matchTarget: [LabelMatcher] = [], metric: String? = nil, limit: Int? = nil) async -> [TargetMetadataEntry] {
        var result: [TargetMetadataEntry] = []
        for name in pools.keys.sorted() {
            for status in await statuses(of: name) {
                if let limit, limit >= 0, result.count >= limit { return result }
                let labels = status.target.publicLabels
                guard matchTarget.matches(labels) else { continue }
                guard let loop = loops(of: name).first(where: { $0.target.identity == status.target.identity }) else { continue }
                if let metric, !metric.isEmpty {
                    if let metadata = await loop.metadata(family: metric) {
                        result.append(TargetMetadataEntry(
                            target: LabelsJSON(labels), metric: nil, type: metadata.type.rawValue, help: metadata.help, unit: metadata.unit))
                    }
                } else {
                    for (family, metadata) in await loop.metadata() {
                        result.append(TargetMetadataEntry(
                            target: LabelsJSON(labels), metric: family, type: metadata.type.rawValue, help: metadata.help, unit: metadata.unit))
                    }
                }
            }
        }
        return result
    }

    /// `/api/v1/metadata`: the distinct metadata of each family over every target and the
    /// pushed groups. `limit` bounds the families, `limitPerMetric` the entries of each.
    public func metricMetadata(metric: String? = nil, limit: Int? = nil, limitPerMetric: Int? = nil) async -> [String: [MetadataEntry]] {
        var families: [String: [MetadataEntry]] = [:]
        func add(_ family: String, _ metadata: MetricMetadata) {
            if let metric, !metric.isEmpty, family != metric { return }
            let entry = MetadataEntry(metadata)
            var entries = families[family] ?? []
            guard !entries.contains(entry) else { return }
            if let limitPerMetric, limitPerMetric > 0, entries.count >= limitPerMetric { return }
            entries.append(entry)
            families[family] = entries
        }
        for name in pools.keys.sorted() {
            for loop in loops(of: name) {
                for (family, metadata) in await loop.metadata() { add(family, metadata) }
            }
        }
        if let pushStore {
            for (family, entries) in await pushStore.metadata() { entries.forEach { add(family, $0) } }
        }
        guard let limit, limit >= 0, families.count > limit else { return families }
        let kept = Set(families.keys.sorted().prefix(limit))
        return families.filter { kept.contains($0.key) }
    }
}
