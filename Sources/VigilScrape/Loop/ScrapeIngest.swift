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
        plan.batch.entries.reserveCapacity(cache.series.count + ReportSeries.allCases.count)
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
                // Exactly one of them is set: a cached series, or a new one with its labels.
                var cached: (position: Int, ref: SeriesRef)? = nil
                var new: (key: RawSeriesKey, labels: Labels)? = nil
                var duplicate = false
                switch cache.lookup(body[range]) {
                case .cached(let position, let entry, let alreadySeen):
                    cached = (position, entry.ref)
                    duplicate = alreadySeen
                case .unknown(let unknown):
                    if cache.isDropped(unknown) { continue }
                    guard let final = labeling.finalLabels(parser.labels()) else {
                        cache.markDropped(unknown)
                        continue
                    }
                    if let violation = labeling.violation(final) {
                        plan.failure = violation
                        break loop
                    }
                    new = (unknown, final)
                    duplicate = pendingNew.contains(unknown)
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
                    plan.batch.entries.append(.init(.ref(cached.ref), t: t, v: value))
                    if timestamp == nil { cache.markAppended(cached.position) }
                } else if let new {
                    let owned = RawSeriesKey(copying: new.key)
                    pendingNew.insert(owned)
                    plan.newSeries.append((plan.batch.entries.count, owned, new.labels.hashValue, timestamp == nil))
                    plan.batch.entries.append(.init(.labels(new.labels), t: t, v: value))
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
            addStaleMarkers(to: &plan, at: scrapeTime, everything: true)
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
        addStaleMarkers(to: &plan, at: scrapeTime, everything: true)
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
        addStaleMarkers(to: &plan, at: staleTime, everything: true)
        for series in ReportSeries.allCases {
            plan.batch.entries.append(.init(reportKey(series), t: staleTime, v: StaleMarker.value))
        }
        return plan.batch
    }

    // MARK: - After the append

    /// Records what the store did with a planned batch.
    mutating func commit(_ plan: Plan, report: AppendReport) {
        for new in plan.newSeries {
            guard new.index < report.refs.count, let ref = report.refs[new.index] else { continue }
            cache.add(new.key, ref: ref, labelsHash: new.labelsHash, tracked: new.tracked)
        }
        for series in ReportSeries.allCases {
            let index = plan.reportStart + series.rawValue
            if index < report.refs.count, let ref = report.refs[index] { cache.reportRefs[series.rawValue] = ref }
        }
        // A cached reference the store no longer knows: resolve every series by labels again.
        let forget = report.invalid > 0 && report.refs.prefix(plan.reportStart).contains(where: { $0 == nil })
        cache.finishIteration(plan.stores ? .stored : .failed, flush: plan.stores, forget: forget)
    }

    /// The append threw: nothing was stored, so staleness keeps referring to the last
    /// stored scrape.
    mutating func abandon(_ plan: Plan) {
        cache.finishIteration(.abandoned, flush: false)
    }

    // MARK: - Private

    private func reportKey(_ series: ReportSeries) -> AppendBatch.SeriesKey {
        if let ref = cache.reportRefs[series.rawValue] { return .ref(ref) }
        return .labels(series.labels(for: labeling.targetLabels))
    }

    /// Stale markers for series of the previous scrape that this one did not append (all
    /// of them with `everything`). Series that reappeared under another text (`keeping`:
    /// their labels' hashes) are not stale.
    private func addStaleMarkers(to plan: inout Plan, at t: Timestamp, keeping: Set<Int> = [], everything: Bool = false) {
        cache.forEachPrevious { ref, labelsHash, appendedAgain in
            guard everything || (!appendedAgain && !keeping.contains(labelsHash)) else { return }
            plan.batch.entries.append(.init(.ref(ref), t: t, v: StaleMarker.value))
        }
    }
}
