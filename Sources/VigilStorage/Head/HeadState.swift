import VigilModel

/// What a querier saw when it started: the generation of the store and which series
/// existed. Appends after it record, per series, the newest timestamp the querier may see.
///
/// Accessed only under the head's lock.
// `@unchecked Sendable`: only touched under the head lock.
final class ReaderRecord: @unchecked Sendable {
    /// Changes published up to this generation are visible: head appends, and vigil.db
    /// commits (the read transaction began before any later commit was published).
    let generation: UInt64
    /// Series with this reference or higher did not exist yet.
    let nextRef: SeriesRef
    /// `lastT` of series appended to after the snapshot, as it was at the snapshot.
    var previousLastT: [SeriesRef: Timestamp] = [:]

    init(generation: UInt64, nextRef: SeriesRef) {
        self.generation = generation
        self.nextRef = nextRef
    }

    /// The newest timestamp of series `ref` this reader may see.
    func visibleLastT(_ ref: SeriesRef, _ newest: NewestSample) -> Timestamp {
        newest.touched > generation ? previousLastT[ref] ?? newest.t : newest.t
    }

    /// Whether `series` is part of this reader's view.
    func sees(_ series: MemSeries) -> Bool {
        series.ref < nextRef && (series.deletedGeneration.map { $0 > generation } ?? true)
    }
}

/// The newest sample of a series and the checks of the append group being validated.
/// Kept apart from `MemSeries`, in one dense array by reference, so that checking an
/// append — which looks at every sample's series — stays within a few cache lines.
struct NewestSample: Sendable {
    // Words first, flags last: 48 bytes a series rather than 56 with padding.
    /// The newest sample's timestamp (`Timestamp.min`: none) and value bits.
    var t = Timestamp.min
    var bits: UInt64 = 0
    /// Generation of the last append that changed the series (see `ReaderRecord`).
    var touched: UInt64 = 0
    /// The newest sample accepted so far in the append group whose mark is `checkMark`.
    var checkT = Timestamp.min
    var checkBits: UInt64 = 0
    var checkMark: UInt32 = 0
    /// False while `t` comes from vigil.db alone (after a restart, for a series with no
    /// open chunk): a sample at `t` is then a duplicate whatever its value.
    var valueKnown = true
    /// The series exists and is not deleted.
    var live = false
}

/// The in-memory state of the store: every series with its labels and head data, the
/// label index, and the bookkeeping that lets queriers read consistent snapshots while
/// the writer appends. Guarded by `Head`'s lock; mutated only by the writer.
struct HeadState {
    /// Series by reference; index 0 and references of deleted series are nil.
    private(set) var series: [MemSeries?] = [nil]
    /// The newest sample of each series, by reference (parallel to `series`).
    var newest: [NewestSample] = [NewestSample()]
    /// Live series by label set (as pair ids).
    private(set) var byPairs: [[UInt32]: SeriesRef] = [:]
    /// Every label pair, by id.
    var pool = LabelPool()
    /// The label index over every series not yet purged.
    private(set) var postings = Postings()
    /// The next reference to hand out; references are never reused.
    var nextRef: SeriesRef = 1
    /// Bumped each time the writer publishes a change.
    var generation: UInt64 = 0
    /// Open queriers.
    var readers: [ObjectIdentifier: ReaderRecord] = [:]
    /// The newest sample timestamp in the store.
    var newestT = Timestamp.min
    /// Series with cut chunks not yet written to vigil.db.
    var unflushed: Set<SeriesRef> = []
    /// Series holding flushed chunks that wait for older queriers to finish.
    var releasable: Set<SeriesRef> = []
    /// Series deleted by retention that wait for older queriers to finish.
    var purgeable: [SeriesRef] = []

    init() {}

    /// The series with reference `ref`, if it exists and is not deleted.
    func live(_ ref: SeriesRef) -> MemSeries? {
        guard ref < series.count, newest[Int(ref)].live else { return nil }
        return series[Int(ref)]
    }

    /// Whether series `ref` exists and is not deleted, without touching it.
    func isLive(_ ref: SeriesRef) -> Bool {
        ref < newest.count && newest[Int(ref)].live
    }

    /// Records a series' newest sample as vigil.db or a checkpoint holds it (at load and
    /// after an import); `valueKnown` is false when only its timestamp is known.
    mutating func setNewest(_ ref: SeriesRef, t: Timestamp, bits: UInt64 = 0, valueKnown: Bool) {
        guard t > newest[Int(ref)].t else { return }
        newest[Int(ref)].t = t
        newest[Int(ref)].bits = bits
        newest[Int(ref)].valueKnown = valueKnown
        newestT = max(newestT, t)
    }

    /// The series with reference `ref` in the array, deleted or not.
    func any(_ ref: SeriesRef) -> MemSeries? {
        ref < series.count ? series[Int(ref)] : nil
    }

    /// The live series with these labels.
    func ref(for labels: Labels) -> SeriesRef? {
        pool.ids(of: labels).flatMap { byPairs[$0] }
    }

    /// The label set of a series.
    func labels(of series: MemSeries) -> Labels {
        pool.labels(series.pairs)
    }

    /// Every live series, by reference.
    var liveSeries: some Sequence<MemSeries> {
        series.lazy.compactMap { $0 }.filter { $0.deletedGeneration == nil }
    }

    /// References of every series not yet purged, ascending.
    var allRefs: [SeriesRef] {
        series.compactMap { $0?.ref }
    }

    /// Hands out a new reference; `add` must follow in the same order (or never, if
    /// creating the series failed: references are not reused).
    mutating func allocateRef() -> SeriesRef {
        defer { nextRef += 1 }
        return nextRef
    }

    /// Adds a series under `ref`, greater than every reference added before (references
    /// only grow, which keeps the index lists sorted by appending).
    @discardableResult
    mutating func add(ref: SeriesRef, labels: Labels, retention: Int64?) -> MemSeries {
        precondition(Int(ref) >= series.count, "BUG: series reference \(ref) added out of order")
        let pairs = labels.map { pool.intern($0) }
        // The index keys on the pool's strings: one copy of each name and value.
        postings.add(ref, pool.labels(pairs))
        let created = MemSeries(ref: ref, pairs: pairs, retention: retention)
        while series.count <= Int(ref) {
            series.append(nil)
            newest.append(NewestSample())
        }
        series[Int(ref)] = created
        newest[Int(ref)].live = true
        byPairs[pairs] = ref
        nextRef = max(nextRef, ref + 1)
        return created
    }

    /// Marks a series deleted at generation `generation`: it leaves the label lookup now and
    /// the index once no querier that started before can see it (`purgeDeleted`).
    mutating func markDeleted(_ ref: SeriesRef, at generation: UInt64) {
        guard let found = live(ref) else { return }
        found.deletedGeneration = generation
        newest[Int(ref)].live = false
        byPairs[found.pairs] = nil
        purgeable.append(ref)
    }

    /// The smallest generation an open querier reads at, or nil without queriers.
    var oldestReaderGeneration: UInt64? {
        readers.values.lazy.map(\.generation).min()
    }

    /// Drops flushed chunks and deleted series no open querier can still need.
    mutating func release() {
        let oldest = oldestReaderGeneration ?? .max
        for ref in releasable {
            guard let found = any(ref) else {
                releasable.remove(ref)
                continue
            }
            found.cut.removeAll { ($0.flushedGeneration ?? .max) <= oldest }
            if !found.cut.contains(where: { $0.flushedGeneration != nil }) { releasable.remove(ref) }
        }
        var waiting: [SeriesRef] = []
        for ref in purgeable {
            guard let found = any(ref), let deleted = found.deletedGeneration else { continue }
            if deleted > oldest {
                waiting.append(ref)
                continue
            }
            postings.remove(ref, labels(of: found))
            series[Int(ref)] = nil
        }
        purgeable = waiting
    }
}

extension MemSeries {
    convenience init(ref: SeriesRef, pairs: [UInt32], retention: Int64?) {
        self.init(ref: ref, pairs: pairs)
        self.retention = retention
    }
}
