import VigilModel

/// When one series is scraped: a regular interval with a per-series phase and per-sample
/// millisecond jitter (or random irregular intervals), between `from` and `until`, minus gaps.
///
/// Every timestamp it yields has a millisecond part other than 000 and 500, and reads back
/// exactly through Prometheus' float parsing (`OpenMetricsWriter.isExact`). Queries are
/// evaluated at times ending in .500 s with whole-second steps, ranges and offsets, so no
/// sample sits on a window's edge and no subquery step sits on a subquery's left edge:
/// Prometheus 2.42 (left-closed windows and subqueries) and 3.x (left-open) then agree.
struct Schedule {
    var from: Timestamp
    var until: Timestamp
    var interval: Int64 = 15_000
    /// Irregular intervals drawn from this range instead of `interval`.
    var irregular: ClosedRange<Int64>?
    var gaps: [Range<Timestamp>] = []
    /// Maximum deviation of each sample from its nominal time, in milliseconds.
    var jitter: Int64 = 40

    /// The sample times, strictly increasing.
    func timestamps(_ random: inout SeededRandom) -> [Timestamp] {
        var result: [Timestamp] = []
        var nominal = from + Int64(random.integer(1...Int(interval - 1)))
        while nominal < until {
            if !gaps.contains(where: { $0.contains(nominal) }) {
                var t = nominal + Int64(random.integer(-Int(jitter)...Int(jitter)))
                if let last = result.last, t <= last { t = last + 1 }
                while t % 500 == 0 || !OpenMetricsWriter.isExact(t) { t += 1 }
                if t < until { result.append(t) }
            }
            if let irregular {
                nominal += Int64(random.integer(Int(irregular.lowerBound)...Int(irregular.upperBound)))
            } else {
                nominal += interval
            }
        }
        return result
    }
}
