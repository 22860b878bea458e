import VigilModel

/// A sample an append would reject under Prometheus' rules, found before appending.
public struct AppendConflict: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// Older than the newest sample of its series.
        case outOfOrder = "out of order sample"
        /// The newest sample's timestamp with another value.
        case duplicate = "duplicate sample for timestamp"
        /// Older than the store still accepts (the newest sample minus the retention).
        case outOfBounds = "out of bounds"
    }

    public var kind: Kind
    public var labels: Labels
    public var t: Timestamp

    /// Prometheus' wording: `out of order sample` and the like, with the series.
    public var description: String { "\(kind.rawValue) for series \(labels.seriesDescription) at \(t)" }
}

extension Storage {
    /// The first entry of `batch` (named by labels) that appending would reject as out of
    /// order, a duplicate with another value, or out of bounds, judged against the stored
    /// series as they are now; nil when the whole batch would be accepted. For callers that
    /// must refuse a batch whole, as Prometheus' remote-write handler does, before
    /// appending. A concurrent append to the same series can still change the outcome.
    public func firstConflict(in batch: AppendBatch) -> AppendConflict? {
        let retention = options.retentionTime?.inMilliseconds
        return head.withLock { state -> AppendConflict? in
            let minValidTime = retention.map { state.newestT == .min ? Timestamp.min : state.newestT &- $0 } ?? .min
            for entry in batch.entries {
                guard case .labels(let labels) = entry.series else { continue }
                if entry.t < minValidTime { return AppendConflict(kind: .outOfBounds, labels: labels, t: entry.t) }
                guard let ref = state.ref(for: labels) else { continue }
                let newest = state.newest[Int(ref)]
                if entry.t < newest.t { return AppendConflict(kind: .outOfOrder, labels: labels, t: entry.t) }
                // A resent sample with the same value is accepted (and stored once), as in
                // Prometheus; only another value at the same time is a conflict.
                if entry.t == newest.t, newest.valueKnown, entry.v.bitPattern != newest.bits {
                    return AppendConflict(kind: .duplicate, labels: labels, t: entry.t)
                }
            }
            return nil
        }
    }
}
