import Synchronization
import VigilModel

/// A complete in-memory store for tests: an `Appender` and a `Queryable` with the rules of
/// Prometheus' head block, so tests of any module can wire it where the SQLite store goes.
///
/// - Appending follows the head's rules: per series, samples must arrive in time order; an
///   older sample is counted as out of order, a sample at the newest timestamp with another
///   value (compared bit for bit, so NaN equals NaN) as a duplicate, and the same value again
///   is accepted silently without being stored twice. Staleness markers are ordinary samples.
/// - Reading returns series sorted by labels, with matcher semantics of `LabelMatcher`
///   (a missing label matches as the empty string), limited to samples in `[mint, maxt]`;
///   series without a sample in the range are not returned.
/// - A querier is a snapshot: appends after `querier()` returns are not visible through it.
///
/// Thread-safe; every method may be called from any thread.
public final class InMemoryStore: Appender, Queryable {
    private struct Series: Sendable {
        var labels: Labels
        var samples: [Sample]
    }

    private struct State: Sendable {
        var refs: [Labels: SeriesRef] = [:]
        var series: [SeriesRef: Series] = [:]
        var nextRef: SeriesRef = 1
    }

    private let state = Mutex(State())

    public init() {}

    /// A store holding the given series, as if each had been appended in order.
    public convenience init(_ series: [(Labels, [Sample])]) {
        self.init()
        for (labels, samples) in series { add(labels, samples) }
    }

    // MARK: - Writing

    public func append(_ batch: AppendBatch) async throws(AppendError) -> AppendReport {
        appendNow(batch)
    }

    /// `append` without suspending, for synchronous test code.
    @discardableResult
    public func appendNow(_ batch: AppendBatch) -> AppendReport {
        state.withLock { state in
            var report = AppendReport(refs: [])
            report.refs.reserveCapacity(batch.entries.count)
            for entry in batch.entries {
                let ref: SeriesRef
                switch entry.series {
                case .ref(let known):
                    guard state.series[known] != nil else {
                        report.invalid += 1
                        report.refs.append(nil)
                        continue
                    }
                    ref = known
                case .labels(let labels):
                    guard !labels.isEmpty else {
                        report.invalid += 1
                        report.refs.append(nil)
                        continue
                    }
                    if let existing = state.refs[labels] {
                        ref = existing
                    } else {
                        ref = state.nextRef
                        state.nextRef += 1
                        state.refs[labels] = ref
                        state.series[ref] = Series(labels: labels, samples: [])
                        report.newSeries += 1
                    }
                }
                report.refs.append(ref)
                let sample = Sample(t: entry.t, v: entry.v)
                if let last = state.series[ref]!.samples.last {
                    if sample.t < last.t {
                        report.outOfOrder += 1
                        continue
                    }
                    if sample.t == last.t {
                        // As Prometheus' head: the same value again is a no-op, another is an error.
                        if sample.v.bitPattern != last.v.bitPattern { report.duplicates += 1 }
                        continue
                    }
                }
                state.series[ref]!.samples.append(sample)
                report.appended += 1
            }
            return report
        }
    }

    /// Appends `samples` (in time order) to the series `labels`; returns the report.
    @discardableResult
    public func add(_ labels: Labels, _ samples: [Sample]) -> AppendReport {
        appendNow(AppendBatch(samples.map { AppendBatch.Entry(labels, t: $0.t, v: $0.v) }))
    }

    /// Forgets every series, as the test-script command `clear` does.
    public func removeAll() {
        state.withLock { $0 = State() }
    }

    /// The number of series stored.
    public var seriesCount: Int { state.withLock { $0.series.count } }

    // MARK: - Reading

    public func querier() throws(ReadError) -> any Querier {
        let series = state.withLock { state in
            state.series.values.map { ($0.labels, $0.samples) }
        }
        return InMemoryQuerier(series: series)
    }
}

/// A snapshot of an `InMemoryStore`, sorted by labels once.
private final class InMemoryQuerier: Querier {
    private let series: [(labels: Labels, samples: [Sample])]

    init(series: [(Labels, [Sample])]) {
        self.series = series.map { (labels: $0.0, samples: $0.1) }.sorted { $0.labels < $1.labels }
    }

    func select(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws(ReadError) -> [SeriesData] {
        var out: [SeriesData] = []
        for entry in series where matchers.matches(entry.labels) {
            let samples = Self.slice(entry.samples, mint: mint, maxt: maxt)
            if samples.isEmpty { continue }
            out.append(SeriesData(labels: entry.labels, samples: Array(samples)))
        }
        return out
    }

    func labelNames(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws(ReadError) -> [String] {
        var names = Set<String>()
        for entry in matching(matchers, mint: mint, maxt: maxt) {
            for label in entry.labels { names.insert(label.name) }
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    func labelValues(_ name: String, _ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws(ReadError) -> [String] {
        var values = Set<String>()
        for entry in matching(matchers, mint: mint, maxt: maxt) {
            if let value = entry.labels[name] { values.insert(value) }
        }
        return values.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private func matching(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) -> [(labels: Labels, samples: [Sample])] {
        series.filter { matchers.matches($0.labels) && !Self.slice($0.samples, mint: mint, maxt: maxt).isEmpty }
    }

    /// The samples with `mint <= t <= maxt`, found by binary search.
    private static func slice(_ samples: [Sample], mint: Timestamp, maxt: Timestamp) -> ArraySlice<Sample> {
        guard mint <= maxt else { return [] }
        let lower = firstIndex(samples) { $0.t >= mint }
        let upper = firstIndex(samples) { $0.t > maxt }
        return samples[lower..<max(lower, upper)]
    }

    private static func firstIndex(_ samples: [Sample], where predicate: (Sample) -> Bool) -> Int {
        var low = 0
        var high = samples.count
        while low < high {
            let mid = (low + high) / 2
            if predicate(samples[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
