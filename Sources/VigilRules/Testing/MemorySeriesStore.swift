import Synchronization
import VigilModel

/// A small in-memory series store for rule unit tests (`vigil test rules`): appends keep
/// each series in time order and, as the TSDB head does, drop out-of-order samples and
/// duplicates with another value; reads select by matchers. Thread-safe.
final class MemorySeriesStore: Appender, Queryable, Sendable {
    private let series = Mutex<[Labels: [Sample]]>([:])

    func append(_ batch: AppendBatch) async throws(AppendError) -> AppendReport {
        appendNow(batch)
    }

    /// The synchronous form of `append`, for loading input series.
    @discardableResult
    func appendNow(_ batch: AppendBatch) -> AppendReport {
        var report = AppendReport()
        series.withLock { series in
            for entry in batch.entries {
                guard case .labels(let labels) = entry.series, !labels.isEmpty else {
                    report.invalid += 1
                    report.refs.append(nil)
                    continue
                }
                report.refs.append(0)
                var samples = series[labels] ?? []
                if let last = samples.last {
                    if entry.t < last.t {
                        report.outOfOrder += 1
                        continue
                    }
                    if entry.t == last.t {
                        if entry.v.bitPattern != last.v.bitPattern { report.duplicates += 1 }
                        continue
                    }
                } else {
                    report.newSeries += 1
                }
                samples.append(Sample(t: entry.t, v: entry.v))
                series[labels] = samples
                report.appended += 1
            }
        }
        return report
    }

    func querier() throws(ReadError) -> any Querier {
        Snapshot(series: series.withLock { $0 })
    }

    /// One consistent copy of the store.
    private final class Snapshot: Querier {
        let series: [Labels: [Sample]]

        init(series: [Labels: [Sample]]) {
            self.series = series
        }

        private func matching(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) -> [(Labels, [Sample])] {
            series.compactMap { labels, samples -> (Labels, [Sample])? in
                guard matchers.matches(labels) else { return nil }
                let inRange = samples.filter { $0.t >= mint && $0.t <= maxt }
                return inRange.isEmpty ? nil : (labels, inRange)
            }.sorted { $0.0 < $1.0 }
        }

        func select(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws(ReadError) -> [SeriesData] {
            matching(matchers, mint: mint, maxt: maxt).map { SeriesData(labels: $0.0, samples: $0.1) }
        }

        func labelNames(_ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws(ReadError) -> [String] {
            Set(matching(matchers, mint: mint, maxt: maxt).flatMap { $0.0.map(\.name) }).sorted()
        }

        func labelValues(_ name: String, _ matchers: [LabelMatcher], mint: Timestamp, maxt: Timestamp) throws(ReadError) -> [String] {
            Set(matching(matchers, mint: mint, maxt: maxt).compactMap { $0.0[name] }).sorted()
        }
    }
}
