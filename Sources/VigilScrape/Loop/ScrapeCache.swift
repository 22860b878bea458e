import VigilModel

/// What a target's loop remembers between scrapes, as Prometheus' `scrapeCache`:
/// series text → reference, so unchanged series skip label parsing and relabeling; which
/// series the last stored scrape appended, for staleness; and the metadata (TYPE, HELP,
/// UNIT) the target exposes.
///
/// Final label sets are not kept, only their hashes: the store has the labels, and the
/// one question staleness asks of them — did a vanished series come back under another
/// text — a hash answers. Labels held here for every series cost as much memory as the
/// store's head itself. Staleness lives in the entries' marks rather than in sets of
/// references: a scrape then hashes nothing for series in their usual order.
///
/// Owned by one `ScrapeLoop`; not thread-safe by itself.
struct ScrapeCache: Sendable {
    typealias SeriesEntry = SeriesTextTable.Entry

    /// Metadata of one metric family and when it was last seen.
    struct MetadataEntry: Sendable, Hashable {
        var metadata: MetricMetadata
        var lastIteration: UInt64
    }

    /// A series text looked up: its entry, or the key to remember it under.
    enum Lookup {
        /// `alreadySeen`: the same text occurred earlier in this scrape.
        case cached(position: Int, entry: SeriesEntry, alreadySeen: Bool)
        case unknown(RawSeriesKey)
    }

    /// What the store kept of a scrape, which decides the series whose absence from the
    /// next one is staleness.
    enum Outcome {
        /// The scrape's samples: the series it appended without explicit timestamps.
        case stored
        /// Only stale markers for the previous series (a failed scrape): none.
        case failed
        /// Nothing (the append threw): the previous ones still.
        case abandoned
    }

    private(set) var iteration: UInt64 = 0
    private(set) var series = SeriesTextTable()
    /// Series entries marked seen in this iteration (so a flush that would keep every
    /// entry is skipped).
    private var seenCount = 0
    /// Series texts metric relabeling dropped, with the iteration they were last seen in.
    private(set) var dropped: [RawSeriesKey: UInt64] = [:]
    /// Series of the last stored scrape whose entries were forgotten (`forget`):
    /// reference and labels' hash.
    private var previousWithoutEntry: [(ref: SeriesRef, labelsHash: Int)] = []
    private(set) var metadata: [String: MetadataEntry] = [:]
    /// References of the report series (`up`, …), by `ReportSeries` index.
    var reportRefs: [SeriesRef?] = Array(repeating: nil, count: ReportSeries.allCases.count)
    /// Number of entries after the last successful scrape, to bound growth on failures.
    private var successfulCount = 0

    /// `iteration` as the entries record it.
    var mark: UInt32 { UInt32(truncatingIfNeeded: iteration) }

    // MARK: - Lookups during a scrape

    /// The cached entry for the series text `text`, marking it seen. Only a text out of
    /// the target's usual order is hashed.
    mutating func lookup(_ text: ArraySlice<UInt8>) -> Lookup {
        let found: Int
        if let expected = series.findExpected(text) {
            found = expected
        } else {
            let key = RawSeriesKey(viewing: text)
            guard let position = series.find(key) else { return .unknown(key) }
            found = position
        }
        let entry = series[found]
        let alreadySeen = entry.seenMark == mark
        if !alreadySeen {
            series[found].seenMark = mark
            seenCount += 1
        }
        return .cached(position: found, entry: entry, alreadySeen: alreadySeen)
    }

    /// Records that this scrape appends the cached series at `position` without an
    /// explicit timestamp, so staleness tracks it.
    mutating func markAppended(_ position: Int) {
        series[position].appendedMark = mark
    }

    /// Whether `key` was dropped by relabeling before (and marks it seen).
    mutating func isDropped(_ key: RawSeriesKey) -> Bool {
        guard !dropped.isEmpty, dropped[key] != nil else { return false }
        dropped[key] = iteration
        return true
    }

    mutating func markDropped(_ key: RawSeriesKey) {
        dropped[RawSeriesKey(copying: key)] = iteration
    }

    /// Visits the series of the last stored scrape: reference, labels' hash, and whether
    /// this scrape appended it again.
    func forEachPrevious(_ visit: (_ ref: SeriesRef, _ labelsHash: Int, _ appendedAgain: Bool) -> Void) {
        for entry in series.entries where entry.inPrevious {
            visit(entry.ref, entry.labelsHash, entry.appendedMark == mark)
        }
        for item in previousWithoutEntry { visit(item.ref, item.labelsHash, false) }
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

    /// Records a series appended for the first time; `tracked` when without an explicit
    /// timestamp.
    mutating func add(_ key: RawSeriesKey, ref: SeriesRef, labelsHash: Int, tracked: Bool) {
        series.insert(key, ref: ref, labelsHash: labelsHash, seenMark: mark, appendedMark: tracked ? mark : mark &- 1)
        seenCount += 1
    }

    /// Ends a scrape: the series the store kept by `outcome` become the previous ones.
    /// `forget` drops every cached series (a reference became unknown to the store; the
    /// next scrape resolves all by labels), keeping only what staleness needs. `flush`
    /// (after a successful scrape) drops entries not seen in it.
    mutating func finishIteration(_ outcome: Outcome, flush: Bool, forget: Bool = false) {
        switch outcome {
        case .stored:
            let current = mark
            series.updateEach { $0.inPrevious = $0.appendedMark == current }
            previousWithoutEntry = []
        case .failed:
            series.updateEach { $0.inPrevious = false }
            previousWithoutEntry = []
        case .abandoned:
            break
        }
        if forget {
            previousWithoutEntry += series.entries.filter(\.inPrevious).map { ($0.ref, $0.labelsHash) }
            series.removeAll()
            seenCount = 0
        }
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
            // Series of the previous scrape stay until a stored scrape no longer lists them
            // (after an abandoned one they still are).
            let current = mark
            if seenCount < series.count { series.removeAll { $0.seenMark != current && !$0.inPrevious } }
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
