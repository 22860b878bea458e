import VigilModel

/// What a target's loop remembers between scrapes, as Prometheus' `scrapeCache`:
/// series text → reference, so unchanged series skip label parsing and relabeling; the
/// series seen in the previous scrape, for staleness; and the metadata (TYPE, HELP, UNIT)
/// the target exposes.
///
/// Final label sets are not kept, only their hashes: the store has the labels, and the
/// one question staleness asks of them — did a vanished series come back under another
/// text — a hash answers. Labels held here for every series cost as much memory as the
/// store's head itself.
///
/// Owned by one `ScrapeLoop`; not thread-safe by itself.
struct ScrapeCache: Sendable {
    typealias SeriesEntry = SeriesTextTable.Entry

    /// Metadata of one metric family and when it was last seen.
    struct MetadataEntry: Sendable, Hashable {
        var metadata: MetricMetadata
        var lastIteration: UInt64
    }

    private(set) var iteration: UInt64 = 0
    private(set) var series = SeriesTextTable()
    /// Series entries marked seen in this iteration (so a flush that would keep every
    /// entry is skipped).
    private var seenCount = 0
    /// Series texts metric relabeling dropped, with the iteration they were last seen in.
    private(set) var dropped: [RawSeriesKey: UInt64] = [:]
    /// Series appended by the last stored scrape (without explicit timestamps): the ones
    /// that get a stale marker when a later scrape lacks them.
    private(set) var previous: [SeriesRef: Int] = [:]
    private(set) var metadata: [String: MetadataEntry] = [:]
    /// References of the report series (`up`, …), by `ReportSeries` index.
    var reportRefs: [SeriesRef?] = Array(repeating: nil, count: ReportSeries.allCases.count)
    /// Number of entries after the last successful scrape, to bound growth on failures.
    private var successfulCount = 0

    // MARK: - Lookups during a scrape

    /// The cached entry for `key`, marking it seen. `alreadySeen` tells whether the same
    /// text occurred earlier in this scrape.
    mutating func lookup(_ key: RawSeriesKey) -> (entry: SeriesEntry, alreadySeen: Bool)? {
        guard let position = series.find(key) else { return nil }
        let entry = series[position]
        let alreadySeen = entry.lastIteration == iteration
        if !alreadySeen {
            series[position].lastIteration = iteration
            seenCount += 1
        }
        return (entry, alreadySeen)
    }

    /// Whether `key` was dropped by relabeling before (and marks it seen).
    mutating func isDropped(_ key: RawSeriesKey) -> Bool {
        guard dropped[key] != nil else { return false }
        dropped[key] = iteration
        return true
    }

    mutating func markDropped(_ key: RawSeriesKey) {
        dropped[RawSeriesKey(copying: key)] = iteration
    }

    mutating func setType(_ family: String, _ type: MetricType) {
        update(family) { $0.type = type }
    }

    mutating func setHelp(_ family: String, _ help: String) {
        update(family) { $0.help = help }
    }

    mutating func setUnit(_ family: String, _ unit: String) {
        update(family) { $0.unit = unit }
    }

    private mutating func update(_ family: String, _ change: (inout MetricMetadata) -> Void) {
        var entry = metadata[family] ?? MetadataEntry(metadata: MetricMetadata(), lastIteration: iteration)
        change(&entry.metadata)
        entry.lastIteration = iteration
        metadata[family] = entry
    }

    // MARK: - After the append

    /// Records a series appended for the first time.
    mutating func add(_ key: RawSeriesKey, ref: SeriesRef, labelsHash: Int) {
        series.insert(key, ref: ref, labelsHash: labelsHash, iteration: iteration)
        seenCount += 1
    }

    /// Forgets every cached series (a reference became unknown to the store).
    mutating func forgetSeries() {
        series.removeAll()
        seenCount = 0
    }

    /// Ends a scrape. `appended` are the series the stored batch wrote without explicit
    /// timestamps (nil when nothing was stored: the previous set stays the reference for
    /// staleness). `flush` (after a successful scrape) drops entries not seen in it.
    mutating func finishIteration(appended: [SeriesRef: Int]?, flush: Bool) {
        if let appended { previous = appended }
        let count = series.count + dropped.count + metadata.count
        var flush = flush
        if flush {
            successfulCount = count
        } else if count > successfulCount * 2 + 1000 {
            // As Prometheus: failing scrapes with changing series would grow the cache
            // without bound; flush when it doubled since the last success.
            flush = true
        }
        if flush {
            if seenCount < series.count { series.removeAll { $0.lastIteration != iteration } }
            dropped = dropped.filter { $0.value == iteration }
            // Metadata stays 10 scrapes after its family disappeared.
            metadata = metadata.filter { iteration - $0.value.lastIteration <= 10 }
        }
        iteration += 1
        seenCount = 0
        series.rewind()
    }

    /// Metadata of every family, sorted by name.
    var metadataList: [(family: String, metadata: MetricMetadata)] {
        metadata.keys.sorted().map { ($0, metadata[$0]!.metadata) }
    }
}
