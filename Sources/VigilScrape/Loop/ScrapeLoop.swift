import Logging
import Metrics
import VigilConfig
import VigilModel

/// Scrapes one target on its interval and writes each scrape as one `AppendBatch`.
///
/// As Prometheus' `scrapeLoop`: the first scrape waits for the target's stable offset;
/// later ones follow on the interval grid; a scrape's timestamp snaps to its scheduled
/// time when within 2 ms (at most 1 % of the interval), so regular series compress to
/// almost nothing. Owns the target's scrape cache and health.
actor ScrapeLoop {
    nonisolated let target: Target
    nonisolated let settings: LoopSettings
    private var ingest: ScrapeIngest
    private let fetcher: any TargetFetcher
    private let parsers: any ScrapeParserFactory
    private let appender: any Appender
    private let wallClock: any WallClock
    private let offsetSeed: UInt64
    private let logger: Logger

    private var status: TargetStatus
    private var endOfRunStalenessDisabled = false

    /// Prometheus' `ScrapeTimestampTolerance`.
    static let timestampTolerance: Int64 = 2

    struct Dependencies: Sendable {
        var fetcher: any TargetFetcher
        var parsers: any ScrapeParserFactory
        var appender: any Appender
        var wallClock: any WallClock
        var offsetSeed: UInt64
        var logger: Logger
    }

    /// A loop for `target`; `cache` continues an earlier loop's cache when still valid.
    init(target: Target, settings: LoopSettings, dependencies: Dependencies, cache: ScrapeCache? = nil) {
        self.target = target
        self.settings = settings
        let labeling = SampleLabeling(
            targetLabels: target.publicLabels, honorLabels: settings.honorLabels,
            metricRelabelConfigs: settings.metricRelabelConfigs, limits: settings.labelLimits)
        ingest = ScrapeIngest(
            cache: cache ?? ScrapeCache(), labeling: labeling, sampleLimit: settings.sampleLimit,
            honorTimestamps: settings.honorTimestamps)
        fetcher = dependencies.fetcher
        parsers = dependencies.parsers
        appender = dependencies.appender
        wallClock = dependencies.wallClock
        offsetSeed = dependencies.offsetSeed
        var logger = dependencies.logger
        logger[metadataKey: "target"] = "\(target.url)"
        self.logger = logger
        status = TargetStatus(target: target)
    }

    // MARK: - Running

    /// Scrapes until the task is cancelled.
    func run(clock: some Clock<Duration>) async {
        let interval = target.interval
        let intervalMs = max(interval.inMilliseconds, 1)
        let offset = target.offset(now: wallClock.now(), seed: offsetSeed)
        do { try await clock.sleep(for: .milliseconds(offset)) } catch { return }
        var tick = clock.now
        var aligned = wallClock.now()
        let tolerance = min(intervalMs / 100, Self.timestampTolerance)
        while !Task.isCancelled {
            var scrapeTime = wallClock.now()
            // A tick may have been skipped: move the grid forward by whole intervals.
            while scrapeTime - aligned >= intervalMs { aligned += intervalMs }
            if scrapeTime - aligned <= tolerance { scrapeTime = aligned }
            await scrape(at: scrapeTime)
            tick = tick.advanced(by: interval)
            // Like Go's ticker, never catch up with a burst: skip ticks already missed.
            let now = clock.now
            while tick < now { tick = tick.advanced(by: interval) }
            do { try await clock.sleep(until: tick, tolerance: nil) } catch { return }
        }
    }

    /// One scrape: fetch, parse, relabel, append, report. Returns the target's status after it.
    @discardableResult
    func scrape(at scrapeTime: Timestamp) async -> TargetStatus {
        let started = ContinuousClock.now
        let request = ScrapeRequest(
            url: target.url, timeout: target.timeout, bodySizeLimitBytes: settings.bodySizeLimitBytes, http: settings.http)
        var plan: ScrapeIngest.Plan
        switch await fetcher.fetch(request) {
        case .success(let response):
            let now = wallClock.now()
            plan = parsers.withParser(response.body, contentType: response.contentType) { parser in
                ingest.plan(body: response.body, parser: &parser, scrapeTime: scrapeTime, now: now)
            }
        case .failure(let failure):
            plan = ingest.planFailure(failure, scrapeTime: scrapeTime)
        }
        let duration = ContinuousClock.now - started
        ingest.addReport(to: &plan, scrapeTime: scrapeTime, duration: duration)
        status.health = plan.failure == nil ? .up : .down
        status.lastError = plan.failure?.message ?? ""
        status.lastScrape = scrapeTime
        status.lastScrapeDuration = duration
        ScrapeMetrics.recordScrape(job: target.scrapePool, duration: duration, failure: plan.failure)
        if let failure = plan.failure {
            logger.debug("scrape failed", metadata: ["error": "\(failure)"])
        }
        do {
            let report = try await appender.append(plan.batch)
            ingest.commit(plan, report: report)
            if report.outOfOrder > 0 || report.duplicates > 0 || report.outOfBounds > 0 {
                logger.warning(
                    "some samples were rejected",
                    metadata: ["out_of_order": "\(report.outOfOrder)", "duplicates": "\(report.duplicates)", "out_of_bounds": "\(report.outOfBounds)"])
            }
        } catch {
            ingest.abandon(plan)
            ScrapeMetrics.appendFailures.increment()
            logger.error("appending the scrape failed", metadata: ["error": "\(error)"])
        }
        return status
    }

    // MARK: - Stopping

    /// After the loop stopped for good (its target is gone): waits until the next two
    /// scrapes would have happened (plus 10 % of the interval), then writes stale markers
    /// for every series it wrote, stamped with the first of those scheduled times
    /// (Prometheus' `endOfRunStaleness`). A target that comes back meanwhile has scraped
    /// at that same time, so the markers are refused as duplicates and its series
    /// continue without a gap. Skipped when disabled meanwhile, when the loop never
    /// scraped, or when the task is cancelled (shutdown).
    func writeEndOfRunStaleness(clock: some Clock<Duration>) async {
        guard let last = status.lastScrape, !endOfRunStalenessDisabled else { return }
        let intervalMs = max(target.interval.inMilliseconds, 1)
        let now = wallClock.now()
        var staleTime = last + intervalMs
        while staleTime <= now { staleTime += intervalMs }
        do {
            try await clock.sleep(for: .milliseconds(staleTime - now))
            try await clock.sleep(for: target.interval)
            try await clock.sleep(for: target.interval / 10)
            guard !endOfRunStalenessDisabled, !Task.isCancelled else { return }
            let batch = ingest.endOfRunBatch(at: staleTime)
            _ = try await appender.append(batch)
        } catch {
            if !(error is CancellationError) {
                logger.warning("writing stale markers failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Stops end-of-run staleness: a successor loop took over the target's series.
    func disableEndOfRunStaleness() {
        endOfRunStalenessDisabled = true
    }

    /// Hands the cache to a successor loop (and disables this loop's end-of-run staleness).
    func handOverCache() -> ScrapeCache {
        endOfRunStalenessDisabled = true
        return ingest.cache
    }

    /// Continues a predecessor's cache (before the first scrape). Its report series
    /// references stay valid only when the target labels are the same, which they are:
    /// loops are replaced for the same target.
    func adopt(_ cache: ScrapeCache) {
        ingest.cache = cache
    }

    // MARK: - Status

    func currentStatus() -> TargetStatus { status }

    /// TYPE/HELP/UNIT of the families the target exposed recently, sorted by family.
    func metadata() -> [(family: String, metadata: MetricMetadata)] {
        ingest.cache.metadataList
    }

    /// The metadata of one family, if the target exposes it.
    func metadata(family: String) -> MetricMetadata? {
        ingest.cache.metadata[family]?.metadata
    }
}
