import Synchronization
import VigilModel

/// A tiny in-memory store with the Appender's contract: references per label set,
/// out-of-order and duplicate samples counted, not stored.
final class MemoryAppender: Appender, Sendable {
    struct State {
        var refs: [Labels: SeriesRef] = [:]
        var labels: [SeriesRef: Labels] = [:]
        var samples: [SeriesRef: [Sample]] = [:]
        var batches: [AppendBatch] = []
        var failNext: AppendError?
        var nextRef: SeriesRef = 1
    }

    let state = Mutex(State())

    func append(_ batch: AppendBatch) async throws(AppendError) -> AppendReport {
        try state.withLock { (s: inout State) throws(AppendError) -> AppendReport in
            if let failure = s.failNext {
                s.failNext = nil
                throw failure
            }
            s.batches.append(batch)
            var report = AppendReport()
            for entry in batch.entries {
                let ref: SeriesRef
                switch entry.series {
                case .ref(let r):
                    guard s.labels[r] != nil else {
                        report.refs.append(nil)
                        report.invalid += 1
                        continue
                    }
                    ref = r
                case .labels(let labels):
                    guard !labels.isEmpty else {
                        report.refs.append(nil)
                        report.invalid += 1
                        continue
                    }
                    if let existing = s.refs[labels] { ref = existing } else {
                        ref = s.nextRef
                        s.nextRef += 1
                        s.refs[labels] = ref
                        s.labels[ref] = labels
                        report.newSeries += 1
                    }
                }
                report.refs.append(ref)
                let sample = Sample(t: entry.t, v: entry.v)
                if let last = s.samples[ref]?.last {
                    if sample.t < last.t { report.outOfOrder += 1; continue }
                    if sample.t == last.t {
                        if sample.v.bitPattern != last.v.bitPattern { report.duplicates += 1 }
                        continue
                    }
                }
                s.samples[ref, default: []].append(sample)
                report.appended += 1
            }
            return report
        }
    }

    /// Samples of the series with exactly these labels.
    func samples(_ labels: Labels) -> [Sample] {
        state.withLock { s in s.refs[labels].flatMap { s.samples[$0] } ?? [] }
    }

    /// Samples of every series whose labels include all of `matching`.
    func series(matching: Labels) -> [Labels: [Sample]] {
        state.withLock { s in
            var result: [Labels: [Sample]] = [:]
            for (labels, ref) in s.refs where matching.allSatisfy({ labels[$0.name] == $0.value }) {
                result[labels] = s.samples[ref] ?? []
            }
            return result
        }
    }

    /// The latest value of the series with these labels.
    func last(_ labels: Labels) -> Double? { samples(labels).last?.v }

    var batches: [AppendBatch] { state.withLock { $0.batches } }

    var allLabels: [Labels] { state.withLock { Array($0.refs.keys) } }

    func failNextAppend(_ error: AppendError) { state.withLock { $0.failNext = error } }

    /// Deletes a series, as retention does: its reference becomes unknown, and the same
    /// labels later make a new series.
    func delete(_ labels: Labels) {
        state.withLock { s in
            guard let ref = s.refs.removeValue(forKey: labels) else { return }
            s.labels[ref] = nil
            s.samples[ref] = nil
        }
    }
}
