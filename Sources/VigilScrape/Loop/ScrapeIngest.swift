import VigilModel

/// Turns one scrape of a target into one `AppendBatch` — samples, stale markers and the
/// report series — and keeps the target's `ScrapeCache` in step with what was stored.
/// Prometheus' `scrapeLoopAppender.append` and `scrapeLoop.report`, minus the I/O.
///
/// Use per scrape: `plan` (or `planFailure`), then `addReport`, append the batch, then
/// `commit` with the store's report (or `abandon` when the append threw).
struct ScrapeIngest: Sendable {
    var cache = ScrapeCache()
    var labeling: SampleLabeling
    var sampleLimit: Int
    var honorTimestamps: Bool

    /// Samples with explicit timestamps further ahead than this are refused (Prometheus'
    /// `maxAheadTime`).
    static let maxAhead: Int64 = 10 * 60 * 1000

    /// A batch under construction and what committing it must remember.
    struct Plan: Sendable {
        var batch = AppendBatch()
        /// Series not in the cache: batch index, owned key, labels' hash, whether staleness tracks it.
        var newSeries: [(index: Int, key: RawSeriesKey, labelsHash: Int, tracked: Bool)] = []
        /// Cached series appended without an explicit timestamp, with their labels' hash.
        var seen: [SeriesRef: Int] = [:]
        var reportStart = 0
        var failure: ScrapeFailure?
        var samplesScraped = 0
        var samplesPostRelabeling = 0
        var seriesAdded = 0
        /// False when nothing but stale markers and the report is stored.
        var stores: Bool { failure == nil }
    }

    // MARK: - Planning

    /// Plans the batch for a fetched body, parsed with `parser`, stamped `scrapeTime`.
    /// A parse error, sample or label limit fails the whole scrape: then only stale
    /// markers for the previous scrape's series are planned, as Prometheus rolls back.
    mutating func plan(body: [UInt8], parser: inout any ScrapeParser, scrapeTime: Timestamp, now: Timestamp) -> Plan {
        var plan = Plan()
        // A target exposes about what it exposed last time.
        plan.seen.reserveCapacity(cache.previous.count)
        plan.batch.entries.reserveCapacity(cache.previous.count + ReportSeries.allCases.count)
        var appendedCount = 0
        var sampleLimitExceeded = false
        var pendingNew: Set<RawSeriesKey> = []
        loop: while true {
            let entry: ScrapeEntry?
            do {
                entry = try parser.next()
            } catch {
                plan.failure = ScrapeFailure(.parse, error.message)
                break
            }
            guard let entry else { break }
            switch entry {
            case .type(let family, let type): cache.setType(family, type); continue
            case .help(let family, let help): cache.setHelp(family, help); continue
            case .unit(let family, let unit): cache.setUnit(family, unit); continue
            case .other: continue
            case .sample(let range, let value, let explicitTimestamp):
                plan.samplesScraped += 1
                let timestamp = honorTimestamps ? explicitTimestamp : nil
                let t = timestamp ?? scrapeTime
                let key = RawSeriesKey(viewing: body[range])
                if cache.isDropped(key) { continue }
                let cached = cache.lookup(key)
                var labels: Labels? = nil
                var duplicate = false
                if let cached {
                    duplicate = cached.alreadySeen
                } else {
                    guard let final = labeling.finalLabels(parser.labels()) else {
                        cache.markDropped(key)
                        continue
                    }
                    if let violation = labeling.violation(final) {
                        plan.failure = violation
                        break loop
                    }
                    labels = final
                    duplicate = pendingNew.contains(key)
                }
                // Counted even when not appended: the number of series exposed after relabeling.
                plan.samplesPostRelabeling += 1
                // The same series text twice in one scrape: Prometheus' duplicate sample.
                if duplicate && timestamp == nil { continue }
                appendedCount += 1
                if sampleLimit > 0 && appendedCount > sampleLimit {
                    // Keep parsing so that scrape_samples_scraped is right.
                    sampleLimitExceeded = true
                    continue
                }
                if timestamp != nil && t > now + Self.maxAhead { continue }
                if let cached {
                    plan.batch.entries.append(.init(.ref(cached.entry.ref), t: t, v: value))
                    if timestamp == nil { plan.seen[cached.entry.ref] = cached.entry.labelsHash }
                } else if let labels {
                    let owned = RawSeriesKey(copying: key)
                    pendingNew.insert(owned)
                    plan.newSeries.append((plan.batch.entries.count, owned, labels.hashValue, timestamp == nil))
                    plan.batch.entries.append(.init(.labels(labels), t: t, v: value))
                    plan.seriesAdded += 1
                }
            }
        }
        if plan.failure == nil && sampleLimitExceeded {
            plan.failure = ScrapeFailure(.sampleLimit, "sample limit exceeded")
        }
        if plan.failure != nil {
            // Nothing of the scrape is stored; its series end as after a failed fetch.
            plan.batch = AppendBatch()
            plan.newSeries = []
            plan.seen = [:]
            addStaleMarkers(to: &plan, at: scrapeTime, keeping: [])
        } else {
            addStaleMarkers(to: &plan, at: scrapeTime, keeping: Set(plan.newSeries.map(\.labelsHash)))
        }
        return plan
    }

    /// Plans the batch of a scrape that failed before parsing (or a forced failure):
    /// stale markers for every series of the previous scrape.
    func planFailure(_ failure: ScrapeFailure, scrapeTime: Timestamp) -> Plan {
        var plan = Plan()
        plan.failure = failure
        addStaleMarkers(to: &plan, at: scrapeTime, keeping: [])
        return plan
    }

    /// Appends the report series (`up`, `scrape_duration_seconds`, …) at `scrapeTime`.
    func addReport(to plan: inout Plan, scrapeTime: Timestamp, duration: Duration) {
        plan.reportStart = plan.batch.entries.count
        let values: [ReportSeries: Double] = [
            .up: plan.failure == nil ? 1 : 0,
            .duration: duration.inSeconds,
            .samplesScraped: Double(plan.samplesScraped),
            .samplesPostMetricRelabeling: Double(plan.samplesPostRelabeling),
            .seriesAdded: Double(plan.seriesAdded),
        ]
        for series in ReportSeries.allCases {
            plan.batch.entries.append(.init(reportKey(series), t: scrapeTime, v: values[series]!))
        }
    }

    /// Stale markers for everything the target wrote last, the report series included:
    /// what a removed target leaves (Prometheus' end-of-run staleness).
    func endOfRunBatch(at staleTime: Timestamp) -> AppendBatch {
        var plan = Plan()
        addStaleMarkers(to: &plan, at: staleTime, keeping: [])
        for series in ReportSeries.allCases {
            plan.batch.entries.append(.init(reportKey(series), t: staleTime, v: StaleMarker.value))
        }
        return plan.batch
    }

    // MARK: - After the append

    /// Records what the store did with a planned batch.
    mutating func commit(_ plan: Plan, report: AppendReport) {
        var appended = plan.seen
        for new in plan.newSeries {
            guard new.index < report.refs.count, let ref = report.refs[new.index] else { continue }
            cache.add(new.key, ref: ref, labelsHash: new.labelsHash)
            if new.tracked { appended[ref] = new.labelsHash }
        }
        // A cached reference the store no longer knows: resolve every series by labels again.
        if report.invalid > 0, report.refs.prefix(plan.reportStart).contains(where: { $0 == nil }) {
            cache.forgetSeries()
        }
        for series in ReportSeries.allCases {
            let index = plan.reportStart + series.rawValue
            if index < report.refs.count, let ref = report.refs[index] { cache.reportRefs[series.rawValue] = ref }
        }
        cache.finishIteration(appended: appended, flush: plan.stores)
    }

    /// The append threw: nothing was stored, so staleness keeps referring to the last
    /// stored scrape.
    mutating func abandon(_ plan: Plan) {
        cache.finishIteration(appended: nil, flush: false)
    }

    // MARK: - Private

    private func reportKey(_ series: ReportSeries) -> AppendBatch.SeriesKey {
        if let ref = cache.reportRefs[series.rawValue] { return .ref(ref) }
        return .labels(series.labels(for: labeling.targetLabels))
    }

    /// Stale markers for series of the previous scrape not seen in this one. Series that
    /// reappeared under another text (`keeping`) are not stale.
    private func addStaleMarkers(to plan: inout Plan, at t: Timestamp, keeping: Set<Int>) {
        for (ref, labelsHash) in cache.previous where plan.seen[ref] == nil && !keeping.contains(labelsHash) {
            plan.batch.entries.append(.init(.ref(ref), t: t, v: StaleMarker.value))
        }
    }
}
