import Foundation
import VigilModel

/// Builds the differential dataset: about 350 series over three hours from 2024-01-01T00:00Z,
/// scraped every 15 s with per-series phase and millisecond jitter. It holds what real
/// deployments produce and what PromQL finds hard: counters with resets (to zero and to small
/// values), gauges, classic histograms and summaries, targets that start late, stop early and
/// restart, gaps longer and shorter than the 5 m lookback, irregular and sparse series, NaN and
/// ±Inf, label values with quotes, backslashes, newlines, tabs and unicode, and label sets that
/// collide once the metric name is dropped. Same seed, same bytes.
enum DatasetGenerator {
    static let second: Int64 = 1000
    static let minute: Int64 = 60 * second
    static let hour: Int64 = 60 * minute

    /// The first nominal scrape: 2024-01-01T00:00:00Z.
    static let start: Timestamp = 1_704_067_200_000
    /// No sample at or after this time.
    static let end: Timestamp = start + 3 * hour

    /// The dataset for `seed`.
    static func make(seed: UInt64 = 0x5EED_2024) -> Dataset {
        let root = SeededRandom(seed: seed)
        var families: [Dataset.Family] = []
        families += webFamilies(root)
        families += nodeFamilies(root)
        families += queueFamilies(root)
        families += edgeCaseFamilies(root)
        return Dataset(families: families)
    }

    /// Minutes after `start`.
    static func at(_ minutes: Double) -> Timestamp {
        start + Int64(minutes * Double(minute))
    }

    // MARK: - Building blocks

    /// A gauge-like metric: `value(t, random)` at every scheduled time.
    static func gauge(
        _ labels: [Label], _ schedule: Schedule, _ random: SeededRandom, suffix: String = "",
        value: (Timestamp, inout SeededRandom) -> Double
    ) -> Dataset.Metric {
        var random = random
        let points = schedule.timestamps(&random).map { t in
            Dataset.Point(timestamp: t, lines: [.init(suffix: suffix, value: value(t, &random))])
        }
        return Dataset.Metric(labels: labels, points: points)
    }

    /// A counter: grows by `increment(seconds since last sample, random)`, restarting from
    /// `restartValue` after each time in `resets`. It starts at `initial`, the count of a
    /// process that has been running for a while; a fresh one (`initial` 0) is first seen
    /// at exactly 0. (Counters first seen at a small non-zero value would make `rate()`
    /// depend on the 2.51 change to extrapolation towards zero, see docs/promql.md.)
    static func counter(
        _ labels: [Label], _ schedule: Schedule, _ random: SeededRandom, initial: Double, resets: [Timestamp] = [],
        restartValue: Double = 0, increment: (Double, inout SeededRandom) -> Double
    ) -> Dataset.Metric {
        var random = random
        var total = initial
        var last: Timestamp?
        var pendingResets = resets.sorted()
        var points: [Dataset.Point] = []
        for t in schedule.timestamps(&random) {
            let elapsed = last.map { Double(t - $0) / 1000 } ?? 15
            if let reset = pendingResets.first, t >= reset {
                pendingResets.removeFirst()
                total = restartValue
            }
            if last != nil || initial != 0 { total += increment(elapsed, &random) }
            points.append(.init(timestamp: t, lines: [.init(suffix: "_total", value: total)]))
            last = t
        }
        return Dataset.Metric(labels: labels, points: points)
    }

    /// A classic histogram: `observations(seconds, random)` are added to cumulative buckets
    /// (bounds written the way Prometheus 3.x normalizes them, so 2.42 and 3.x store the same
    /// `le` values), `_count` and `_sum`; all reset together at each time in `resets`. It
    /// starts with `warmUp` seconds of observations, or, when that is 0, at exactly zero (as
    /// `counter` does and for the same reason).
    static func histogram(
        _ labels: [Label], bounds: [String], _ schedule: Schedule, _ random: SeededRandom, warmUp: Double,
        resets: [Timestamp] = [], observations: (Double, inout SeededRandom) -> [Double]
    ) -> Dataset.Metric {
        var random = random
        let limits = bounds.map { $0 == "+Inf" ? Double.infinity : Double($0)! }
        var buckets = [Double](repeating: 0, count: bounds.count)
        var count = 0.0
        var sum = 0.0
        var last: Timestamp?
        var pendingResets = resets.sorted()
        var points: [Dataset.Point] = []
        for t in schedule.timestamps(&random) {
            let elapsed = last.map { Double(t - $0) / 1000 } ?? 15
            if let reset = pendingResets.first, t >= reset {
                pendingResets.removeFirst()
                buckets = buckets.map { _ in 0 }
                count = 0
                sum = 0
            }
            let seconds = last == nil ? warmUp : elapsed
            for observation in observations(seconds, &random) {
                count += 1
                sum += observation
                for (index, limit) in limits.enumerated() where observation <= limit { buckets[index] += 1 }
            }
            var lines = zip(bounds, buckets).map { bound, value in
                Dataset.Line(suffix: "_bucket", extraLabel: Label(LabelName.bucket, bound), value: value)
            }
            lines.append(.init(suffix: "_count", value: count))
            lines.append(.init(suffix: "_sum", value: sum))
            points.append(.init(timestamp: t, lines: lines))
            last = t
        }
        return Dataset.Metric(labels: labels, points: points)
    }

    /// A sample from a log-normal distribution (Box–Muller), for latencies.
    static func logNormal(mu: Double, sigma: Double, _ random: inout SeededRandom) -> Double {
        let u1 = random.uniform(1e-12...1)
        let u2 = random.uniform(0...1)
        let normal = (-2 * Foundation.log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        return exp(mu + sigma * normal)
    }

    /// A whole-scrape schedule from `from` to `until` minutes after start.
    static func scrape(_ from: Double = 0, _ until: Double = 180, interval: Int64 = 15_000) -> Schedule {
        Schedule(from: at(from), until: at(until), interval: interval)
    }
}
